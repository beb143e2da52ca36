import path from 'node:path';
import { startSimulator } from '@pipe/hubspot-sim';
import { describe, expect, it } from 'vitest';
import { ROOT, cli } from './run-cli.ts';

describe('--debug', () => {
  it('shows HTTP traces with the token redacted', async () => {
    const sim = await startSimulator({ port: 0, seed: 5, rateLimits: false, counts: { contacts: 20, companies: 5, deals: 5, tickets: 5 } });
    try {
      const r = await cli(['--debug', 'discover', path.join(ROOT, 'pipelines/hubspot.yml')], { HUBSPOT_TOKEN: sim.token, HUBSPOT_BASE_URL: sim.url });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toMatch(/HTTP GET http:\/\/127\.0\.0\.1:\d+\/crm\/v3\/properties\/contacts\S* → 200 in \d+ ms/);
      expect(`${r.stdout}${r.stderr}`).not.toContain(sim.token);
    } finally {
      await sim.close();
    }
  });
});
