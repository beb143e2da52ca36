// The client the HubSpot source and sink share: any method, same budget, retries and errors.
import { startSimulator } from '@pipe/hubspot-sim';
import { createLogger, createMetrics } from '@pipe/sdk';
import { expect, it } from 'vitest';
import { HubSpotClient } from '../src/client.ts';
import type { HubSpotConnection } from '../src/connection.ts';

it('sends writes through the same budget, retries and errors', async () => {
  const sim = await startSimulator({ port: 0, seed: 51, counts: { contacts: 20 }, rateLimits: false, faults: { rate5xx: 0.3 } });
  try {
    const ctx = { logger: createLogger({ write: () => {} }), metrics: createMetrics(), signal: new AbortController().signal, baseDir: '.', pipeline: 't' };
    const client = new HubSpotClient(connection(sim.url, sim.token), ctx);
    const id = sim.control.truth('contacts')[0]!.id;
    const patched = await client.request<{ properties: Record<string, string> }>('PATCH', `${client.paths.objects}/contacts/${id}`, {
      kind: 'update',
      body: { properties: { firstname: 'Patched' } },
    });
    expect(patched.data.properties.firstname).toBe('Patched');
    const gone = await client.request('DELETE', `${client.paths.objects}/contacts/${id}`, { kind: 'archive' });
    expect(gone.status).toBe(204);
    expect(sim.control.truth('contacts', { archived: true }).map((r) => r.id)).toContain(id);
    const err = await client.request('GET', `${client.paths.objects}/contacts/999999999999`, { kind: 'read' }).catch((e) => e);
    expect(String(err.message)).toMatch(/HubSpot answered 404/);
  } finally {
    await sim.close();
  }
});

it('asks the usage endpoint once when the daily reset is asked for again while the first call is out', async () => {
  const sim = await startSimulator({ port: 0, seed: 52, counts: { contacts: 1 }, rateLimits: false });
  try {
    const ctx = { logger: createLogger({ write: () => {} }), metrics: createMetrics(), signal: new AbortController().signal, baseDir: '.', pipeline: 't' };
    const client = new HubSpotClient(connection(sim.url, sim.token), ctx);
    await Promise.all([client.learnDailyReset(), client.learnDailyReset(), client.learnDailyReset()]);
    expect(sim.control.stats().byRoute['account.usage']).toBe(1);
  } finally {
    await sim.close();
  }
});

function connection(url: string, token: string): HubSpotConnection {
  return { token, base_url: url, base_path: '/crm/v3', tier: 'unlimited', search_requests_per_second: 4, max_retries: 10, retry_base_ms: 20, request_timeout_ms: 10_000 };
}
