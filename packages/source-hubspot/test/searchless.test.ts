// An object type whose search the server does not serve (HubSpot documents search for the objects
// pipe reads, but a compatible server may leave it out): pipe lists it whole on every run, exact,
// instead of skipping the stream.
import { startSimulator } from '@pipe/hubspot-sim';
import { expect, it } from 'vitest';
import { makeConfig, openHarness, runStream } from './harness.ts';
import { expectMatchesTruth } from './truth.ts';

it('reads an object without search by listing it every run: changes, archives and new records land', async () => {
  const sim = await startSimulator({ port: 0, seed: 12, counts: { contacts: 2_300, deals: 40 }, rateLimits: false, searchLagMs: 0, behaviour: { searchlessObjects: ['deals', 'contacts'] } });
  try {
    // The default selection: a stream skipped as unavailable would read nothing.
    const h = await openHarness(makeConfig(sim.url, sim.token));
    const exact = (type: string) => expectMatchesTruth(h, type, sim.control.truth(type), sim.control.truth(type, { archived: true }));
    for (const type of ['contacts', 'deals']) {
      await runStream(h, type);
      exact(type);
      expect(h.states.get(type), type).toMatchObject({ phase: 'idle', ns: 1 });
    }
    expect(h.logs.filter((l) => /deals: HubSpot answered 404 to its search/.test(l))).toHaveLength(1);

    sim.control.advanceClock(3_600_000);
    const [d1, d2] = sim.control.truth('deals').map((r) => r.id);
    sim.control.update('deals', d1!, { dealname: 'changed while search is missing' });
    sim.control.archive('deals', d2!);
    sim.control.create('deals', { dealname: 'new while search is missing' });
    const searches = sim.control.stats().byRoute['objects.search'] ?? 0;
    await runStream(h, 'deals');
    exact('deals');
    expect(sim.control.stats().byRoute['objects.search'] ?? 0).toBe(searches); // ns: search is not asked again
    expect(h.tables.get('deals')!.get(d1!)).toMatchObject({ dealname: 'changed while search is missing' });
  } finally {
    await sim.close();
  }
});

it('reads merged ids of an object without search through its list', async () => {
  const sim = await startSimulator({ port: 0, seed: 12, counts: { contacts: 30, companies: 6 }, rateLimits: false, searchLagMs: 0, behaviour: { searchlessObjects: ['contacts'] } });
  try {
    const [a, b] = sim.control.truth('contacts').map((r) => r.id);
    sim.control.merge('contacts', a!, b!);
    const h = await openHarness(makeConfig(sim.url, sim.token), { selected: { merged_ids: { objects: ['contacts'] } } });
    await runStream(h, 'merged_ids', { options: { objects: ['contacts'] } });
    expect([...h.tables.get('merged_ids')!.values()]).toEqual([expect.objectContaining({ object_type: 'contacts', merged_id: b, surviving_id: a })]);
  } finally {
    await sim.close();
  }
});

it('re-reads the associations of an object without search on every run', async () => {
  const sim = await startSimulator({ port: 0, seed: 12, counts: { contacts: 30, companies: 6, deals: 20 }, rateLimits: false, searchLagMs: 0, behaviour: { searchlessObjects: ['deals'] } });
  try {
    const h = await openHarness(makeConfig(sim.url, sim.token));
    await runStream(h, 'deals_to_companies');
    const pairs = () => {
      const rows = [...h.tables.get('deals_to_companies')!.values()];
      const latest = new Map<string, number>();
      for (const r of rows) latest.set(String(r.from_id), Math.max(latest.get(String(r.from_id)) ?? 0, (r.refreshed_at as Date).getTime()));
      return rows.filter((r) => r.to_id !== '' && (r.refreshed_at as Date).getTime() === latest.get(String(r.from_id))).map((r) => `${r.from_id}>${r.to_id}`);
    };
    expect(pairs().length).toBeGreaterThan(5);
    expect(h.states.get('deals_to_companies')).toMatchObject({ phase: 'idle', ns: 1 });
    // A new association, without any last-modified bump: found because every record is re-read.
    const deal = sim.control.truth('deals')[0]!.id;
    const company = sim.control.truth('companies')[5]!.id;
    await new Promise((resolve) => setTimeout(resolve, 5)); // refreshed_at moves on
    sim.control.associate('deals', deal, 'companies', company);
    await runStream(h, 'deals_to_companies');
    expect(pairs()).toContain(`${deal}>${company}`);
  } finally {
    await sim.close();
  }
});
