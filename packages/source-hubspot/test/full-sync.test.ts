// First run lists every record once with the right types; resume from any checkpoint loses nothing.
import { type Simulator, startSimulator } from '@pipe/hubspot-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { archivedRows, liveRows, makeConfig, openHarness, runStream } from './harness.ts';
import { expectMatchesTruth } from './truth.ts';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 1, counts: { contacts: 500, companies: 120 }, rateLimits: false, customProperties: 10 });
});
afterAll(() => sim.close());

describe('full sync against the simulator', () => {
  it('lands every contact exactly once, typed from the properties API', async () => {
    const h = await openHarness(makeConfig(sim.url, sim.token));
    const { batches } = await runStream(h, 'contacts');
    const ids = batches.flatMap((b) => b.rows.filter((r) => r.merged_into == null).map((r) => r.id));
    const live = sim.control.truth('contacts');
    const archived = sim.control.truth('contacts', { archived: true });
    expect(new Set(ids).size).toBe(ids.length); // nothing twice
    expect(liveRows(h, 'contacts')).toHaveLength(live.length);
    expect(archivedRows(h, 'contacts')).toHaveLength(archived.length);
    expectMatchesTruth(h, 'contacts', live, archived);
    expect(h.states.get('contacts')).toMatchObject({ v: 1, phase: 'idle' });
  });

  it('resumes from every checkpoint without losing a record', async () => {
    const h = await openHarness(makeConfig(sim.url, sim.token));
    for (let i = 0; i < 40; i++) {
      await runStream(h, 'companies', { stopAfter: 1 });
      if ((h.states.get('companies') as { phase?: string })?.phase === 'idle') break;
    }
    expect(h.states.get('companies')).toMatchObject({ phase: 'idle' });
    expectMatchesTruth(h, 'companies', sim.control.truth('companies'), sim.control.truth('companies', { archived: true }));
  });

  it('works under a dated API base path, and warns about property names HubSpot does not have', async () => {
    const dated = await startSimulator({ port: 0, seed: 2, counts: { deals: 150 }, rateLimits: false, basePath: '/crm/objects/2026-03' });
    try {
      const h = await openHarness(makeConfig(dated.url, dated.token, { base_path: '/crm/objects/2026-03' }));
      await runStream(h, 'deals', { options: { properties: ['dealname', 'amount', 'no_such_property'] } });
      expect(h.logs.some((l) => /warn: deals: HubSpot has no deals properties named no_such_property/.test(l))).toBe(true);
      const row = h.tables.get('deals')!.values().next().value!;
      expect(Object.keys(row)).toEqual(expect.arrayContaining(['id', 'dealname', 'amount', 'updated_at', '_rejected']));
      expect(row).not.toHaveProperty('dealstage');
      expect(liveRows(h, 'deals')).toHaveLength(dated.control.truth('deals').length);
      const bad = await openHarness(makeConfig(dated.url, dated.token, { base_path: '/crm/v9' })).catch((e) => e);
      expect(String(bad.message)).toMatch(/404/);
    } finally {
      await dated.close();
    }
  });
});
