// Incremental runs after creates, updates, archives, merges and GDPR deletes leave the data equal
// to the simulator's ground truth; search lag is covered by the lookback.
import { type Simulator, startSimulator } from '@pipe/hubspot-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeConfig, openHarness, runStream } from './harness.ts';
import { expectMatchesTruth } from './truth.ts';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 7, counts: { contacts: 400, deals: 150 }, rateLimits: false, customProperties: 5, searchLagMs: 0 });
});
afterAll(() => sim.close());

const truthOf = (type: string) => [sim.control.truth(type), sim.control.truth(type, { archived: true })] as const;

describe('incremental sync', () => {
  it('follows creates, updates, archives, merges and GDPR deletes', async () => {
    const options = { delete_check_hours: 0 }; // a delete check on every run
    const h = await openHarness(makeConfig(sim.url, sim.token));
    await runStream(h, 'contacts', { options });
    expectMatchesTruth(h, 'contacts', ...truthOf('contacts'));

    sim.control.advanceClock(60_000);
    const ids = sim.control.truth('contacts').map((r) => r.id);
    const created = sim.control.create('contacts', { email: 'new.person@example.com', firstname: 'New' });
    sim.control.update('contacts', ids[0]!, { firstname: 'Renamed' });
    sim.control.update('contacts', ids[1]!, { lastname: 'Changed' });
    sim.control.archive('contacts', ids[2]!);
    sim.control.merge('contacts', ids[3]!, ids[4]!);
    sim.control.gdprDelete('contacts', ids[5]!);
    sim.control.advanceClock(1_000);

    const before = sim.control.stats().byRoute['objects.search'] ?? 0;
    await runStream(h, 'contacts', { options });
    expect((sim.control.stats().byRoute['objects.search'] ?? 0) - before).toBeGreaterThan(0); // changes came from search
    expectMatchesTruth(h, 'contacts', ...truthOf('contacts'));

    const table = h.tables.get('contacts')!;
    expect(table.get(created)).toMatchObject({ archived: false, email: 'new.person@example.com' });
    expect(table.get(ids[0]!)).toMatchObject({ firstname: 'Renamed' });
    expect(table.get(ids[2]!)).toMatchObject({ archived: true, merged_into: null, deleted_at: null });
    expect((table.get(ids[2]!)!.archived_at as Date).getTime()).toBeGreaterThan(0);
    expect(table.get(ids[4]!)).toMatchObject({ archived: true, merged_into: ids[3] });
    expect(table.get(ids[5]!)).toMatchObject({ archived: true, merged_into: null });
    expect(table.get(ids[5]!)!.deleted_at).toBeInstanceOf(Date);
    expect(h.ctx.metrics.snapshot().contacts?.deleted_detected).toBe(1);
  });

  it('records merges in merged_ids', async () => {
    const h = await openHarness(makeConfig(sim.url, sim.token));
    const [a, b, c] = sim.control.truth('deals').map((r) => r.id);
    sim.control.merge('deals', a!, b!);
    sim.control.merge('deals', a!, c!);
    await runStream(h, 'merged_ids', { mode: 'full' });
    const rows = [...h.tables.get('merged_ids')!.values()].filter((r) => r.object_type === 'deals');
    expect(rows.map((r) => [r.merged_id, r.surviving_id]).sort()).toEqual([
      [b, a],
      [c, a],
    ]);
  });

  it('catches changes that search shows late, thanks to the lookback', async () => {
    const h = await openHarness(makeConfig(sim.url, sim.token));
    await runStream(h, 'deals');
    sim.control.advanceClock(10_000);
    const [late, visible] = sim.control.truth('deals').slice(10, 12).map((r) => r.id);
    sim.control.setSearchLag(30_000); // generous: real time passes under load too
    sim.control.update('deals', late!, { dealname: 'Late to search' });
    sim.control.setSearchLag(0);
    sim.control.advanceClock(1_000);
    // Newer, and shown by search at once: the frozen upper bound passes the late change.
    sim.control.update('deals', visible!, { dealname: 'Visible' });
    await runStream(h, 'deals');
    const table = h.tables.get('deals')!;
    expect(table.get(visible!)).toMatchObject({ dealname: 'Visible' });
    expect(table.get(late!)!.dealname).not.toBe('Late to search'); // search did not show it yet
    sim.control.advanceClock(40_000);
    await runStream(h, 'deals');
    expect(table.get(late!)).toMatchObject({ dealname: 'Late to search' });
    expectMatchesTruth(h, 'deals', ...truthOf('deals'));
  });

  it('keeps merge tombstones where HubSpot also lists merged records as archived', async () => {
    const other = await startSimulator({ port: 0, seed: 8, counts: { companies: 60 }, rateLimits: false, behaviour: { mergedAppearArchived: true } });
    try {
      const h = await openHarness(makeConfig(other.url, other.token));
      await runStream(h, 'companies');
      const [a, b] = other.control.truth('companies').map((r) => r.id);
      other.control.advanceClock(60_000);
      other.control.merge('companies', a!, b!);
      await runStream(h, 'companies');
      expect(h.tables.get('companies')!.get(b!)).toMatchObject({ archived: true, merged_into: a });
    } finally {
      await other.close();
    }
  });

  it('resumes an interrupted incremental run from every checkpoint', async () => {
    const h = await openHarness(makeConfig(sim.url, sim.token));
    await runStream(h, 'contacts');
    sim.control.advanceClock(60_000);
    const live = sim.control.truth('contacts');
    for (const [i, r] of live.slice(0, 330).entries()) {
      sim.control.update('contacts', r.id, { lastname: `Resumed ${i}` });
      if (i % 3 === 0) sim.control.advanceClock(1);
    }
    sim.control.touchMany('contacts', { ids: live.slice(330, 380).map((r) => r.id), at: sim.control.now() });
    let runs = 0;
    do {
      await runStream(h, 'contacts', { stopAfter: 1 });
      runs++;
    } while ((h.states.get('contacts') as { phase: string }).phase !== 'idle' && runs < 50);
    expect(runs).toBeGreaterThan(2);
    expect(runs).toBeLessThan(50);
    expectMatchesTruth(h, 'contacts', ...truthOf('contacts'));
  });
});
