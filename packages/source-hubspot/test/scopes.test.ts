// `pipe check` names every selected stream's scope and whether the token has it; with
// skip_missing_scopes a stream without its scope is skipped and the others still read.
import { type Simulator, startSimulator } from '@pipe/hubspot-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeConfig, openHarness, runStream } from './harness.ts';

const TOKEN = 'pat-na1-fake-scoped-token-0001';
let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({
    port: 0,
    seed: 51,
    counts: { contacts: 30, companies: 5 },
    rateLimits: false,
    customProperties: 0,
    tokens: { [TOKEN]: { scopes: ['crm.objects.contacts.read', 'crm.objects.companies.read', 'crm.objects.owners.read', 'content'] } },
  });
});
afterAll(() => sim.close());

const STREAMS = ['contacts', 'owners', 'pipelines', 'contacts_to_companies', 'deals_to_companies', 'marketing_emails', 'email_events', 'analytics'];

describe('scopes per stream', () => {
  it('check lists every stream with its scope and whether the token has it', async () => {
    const h = await openHarness(makeConfig(sim.url, TOKEN, { skip_missing_scopes: true }));
    const req = (name: string) => ({ schema: h.schemas.find((s) => s.name === name)!, options: {}, mode: 'incremental' as const, state: undefined });
    const res = await h.conn.check!(STREAMS.map(req));
    const line = (name: string) => res.details.find((d) => d.label === `stream ${name}`)!;
    for (const granted of ['contacts', 'owners', 'contacts_to_companies', 'marketing_emails', 'email_events']) expect(line(granted).value).toMatch(/^scope granted/);
    expect(line('pipelines').value).toMatch(/missing scope: needs .*crm\.objects\.deals\.read.*\(will be skipped\)/);
    expect(line('deals_to_companies').value).toMatch(/missing scope: needs crm\.objects\.deals\.read/);
    expect(line('analytics').value).toMatch(/missing scope: needs business-intelligence/);
    expect(res.ok).toBe(true); // skipping was asked for
    const tickets = 'pat-na1-fake-tickets-only-0001';
    const other = await startSimulator({ port: 0, seed: 52, counts: { tickets: 3 }, rateLimits: false, tokens: { [tickets]: { scopes: ['tickets'] } } });
    try {
      const t = await openHarness(makeConfig(other.url, tickets));
      const r = await t.conn.check!([{ ...req('pipelines'), schema: t.schemas.find((x) => x.name === 'pipelines')! }]);
      expect(r.details.find((d) => d.label === 'stream pipelines')!.value).toMatch(/^scope granted/);
    } finally {
      await other.close();
    }
    const strict = await openHarness(makeConfig(sim.url, TOKEN), { selected: { analytics: {} } }); // named: fails rather than being skipped
    expect((await strict.conn.check!([req('analytics')])).ok).toBe(false);
  });

  it('a stream without its scope is skipped and the others read', async () => {
    const h = await openHarness(makeConfig(sim.url, TOKEN, { skip_missing_scopes: true }));
    for (const name of STREAMS) await runStream(h, name, { options: name === 'analytics' ? { start_date: '2026-05-01', end_date: '2026-05-02' } : {} });
    expect(h.tables.get('contacts')!.size).toBe(30);
    expect(h.tables.get('owners')!.size).toBeGreaterThan(0);
    expect(h.tables.get('marketing_emails')!.size).toBeGreaterThan(0);
    expect(h.tables.get('contacts_to_companies')!.size).toBeGreaterThan(0);
    expect(h.tables.get('analytics')!.size).toBe(0);
    expect(h.tables.get('deals_to_companies')!.size).toBe(0);
    const m = h.ctx.metrics.snapshot();
    expect(m.analytics?.skipped_missing_scopes).toBe(1);
    expect(m.pipelines?.skipped_missing_scopes).toBe(1);
  });
});
