import fs from 'node:fs';
import os from 'node:os';
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

describe('discover with a pipeline', () => {
  it("narrows a stream's columns to its `properties`, as the sink will create them", async () => {
    const sim = await startSimulator({ port: 0, seed: 5, rateLimits: false, counts: { contacts: 5, companies: 5, deals: 5, tickets: 5 } });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pipe-discover-'));
    try {
      const file = path.join(dir, 'p.yml');
      fs.writeFileSync(file, 'version: 1\nname: p\nsource:\n  hubspot:\n    token: ${HUBSPOT_TOKEN}\n    streams:\n      contacts: { properties: [email, firstname] }\n      companies: {}\nsinks:\n  - duckdb: { path: out.duckdb }\n');
      const r = await cli(['discover', '--json', file], { HUBSPOT_TOKEN: sim.token, HUBSPOT_BASE_URL: sim.url });
      expect(r.code, r.stderr).toBe(0);
      const streams = JSON.parse(r.stdout) as { name: string; columns: { name: string }[] }[];
      const names = (s: string) => streams.find((x) => x.name === s)!.columns.map((c) => c.name);
      expect(names('contacts')).toEqual(['id', 'created_at', 'updated_at', 'archived', 'archived_at', 'merged_into', 'deleted_at', '_rejected', 'email', 'firstname']);
      expect(names('companies').length).toBeGreaterThan(20); // not narrowed: every property
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
      await sim.close();
    }
  });
});
