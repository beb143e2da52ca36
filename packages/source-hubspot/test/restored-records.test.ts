// An archived record that is restored gets its live row on the next run, whether or not the
// restore moves its last-modified (UNCONFIRMED, API-FACTS §10: search misses it if not), also after
// the run that saw it archived was cut short; one purged from the archived list is marked deleted.
import { type Simulator, startSimulator } from '@pipe/hubspot-sim';
import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, makeConfig, openHarness, runStream } from './harness.ts';
import { expectMatchesTruth } from './truth.ts';

let sim: Simulator | undefined;
afterEach(() => sim?.close());

const start = async (restoreBumpsModified: boolean) => {
  sim = await startSimulator({ port: 0, seed: 11, counts: { contacts: 120 }, rateLimits: false, searchLagMs: 0, behaviour: { restoreBumpsModified } });
  return sim;
};
const options = { delete_check_hours: 1000 }; // no delete check: restores and purges need none
const truthOf = (s: Simulator) => [s.control.truth('contacts'), s.control.truth('contacts', { archived: true })] as const;
const row = (h: Harness, id: string) => h.tables.get('contacts')!.get(id);

/** An hour later (well past the 5-minute lookback) with an unrelated change, so the watermark moves on. */
async function laterRun(s: Simulator, h: Harness, other: string, opts: { stopAfter?: number } = {}): Promise<void> {
  s.control.advanceClock(3_600_000);
  s.control.update('contacts', other, { firstname: `Later ${s.control.now().toISOString()}` });
  await runStream(h, 'contacts', { options, ...opts });
}

describe('restored and purged archived records', () => {
  for (const restoreBumpsModified of [true, false]) {
    it(`a restored record is live again on the next run (restore moves last-modified: ${restoreBumpsModified})`, async () => {
      const s = await start(restoreBumpsModified);
      const h = await openHarness(makeConfig(s.url, s.token));
      const ids = s.control.truth('contacts').map((r) => r.id);
      const [a, b, other] = [ids[3]!, ids[7]!, ids[20]!];
      s.control.archive('contacts', a);
      s.control.archive('contacts', b);
      await runStream(h, 'contacts', { options });
      await laterRun(s, h, other);
      expect(row(h, a)).toMatchObject({ archived: true });
      expectMatchesTruth(h, 'contacts', ...truthOf(s));

      s.control.restore('contacts', a);
      await laterRun(s, h, other);
      expect(row(h, a)).toMatchObject({ archived: false, deleted_at: null });
      expect(row(h, b)).toMatchObject({ archived: true });
      expectMatchesTruth(h, 'contacts', ...truthOf(s));
      expect(h.ctx.metrics.snapshot().contacts?.restored_detected).toBe(1);

      // Archived again, then restored; the other one restored, the run that sees it cut short.
      s.control.archive('contacts', a);
      await laterRun(s, h, other);
      expect(row(h, a)).toMatchObject({ archived: true });
      s.control.restore('contacts', b);
      await laterRun(s, h, other, { stopAfter: 1 }); // the search page only
      expect(h.states.get('contacts')).toMatchObject({ phase: 'tail' });
      await runStream(h, 'contacts', { options }); // resumed
      expect(row(h, b)).toMatchObject({ archived: false });
      s.control.restore('contacts', a);
      await laterRun(s, h, other);
      expectMatchesTruth(h, 'contacts', ...truthOf(s));
      expect(s.control.truth('contacts', { archived: true })).toEqual([]);
    });
  }

  it('an archived record purged from the archived list is marked deleted', async () => {
    const s = await start(false);
    const h = await openHarness(makeConfig(s.url, s.token));
    const ids = s.control.truth('contacts').map((r) => r.id);
    const [a, b, other] = [ids[4]!, ids[5]!, ids[20]!];
    await runStream(h, 'contacts', { options });
    s.control.archive('contacts', a);
    s.control.archive('contacts', b);
    await laterRun(s, h, other);
    expect(row(h, a)).toMatchObject({ archived: true, deleted_at: null });
    s.control.gdprDelete('contacts', a); // purged, as HubSpot does ~90 days after archiving (UNCONFIRMED)
    await laterRun(s, h, other);
    expect(row(h, a)).toMatchObject({ archived: true, merged_into: null, deleted_at: expect.any(Date) });
    expect(row(h, b)).toMatchObject({ archived: true, deleted_at: null });
    expectMatchesTruth(h, 'contacts', ...truthOf(s));
  });

  it('a restore seen by a run resumed mid archived list, and state from before `ar`, are handled', async () => {
    const s = await start(false);
    const h = await openHarness(makeConfig(s.url, s.token));
    const ids = s.control.truth('contacts').map((r) => r.id);
    const other = ids[50]!;
    await runStream(h, 'contacts', { options });
    // 119 archived records: two archived pages, so a run can stop between them.
    for (const id of ids) if (id !== other) s.control.archive('contacts', id);
    s.control.advanceClock(3_600_000);
    s.control.update('contacts', other, { firstname: 'Cut short' });
    await runStream(h, 'contacts', { options, stopAfter: 2 }); // the search page, the first archived page
    expect(h.states.get('contacts')).toMatchObject({ phase: 'tail', after: expect.any(String) });
    await runStream(h, 'contacts', { options }); // resumed: the rest of the archived list
    expectMatchesTruth(h, 'contacts', ...truthOf(s));
    // Records on both archived pages come back.
    const back = [ids[0]!, ids[115]!];
    for (const id of back) s.control.restore('contacts', id);
    await laterRun(s, h, other);
    for (const id of back) expect(row(h, id)).toMatchObject({ archived: false });
    expectMatchesTruth(h, 'contacts', ...truthOf(s));

    // State written before pipe remembered archived ids: the next run records them, later restores are caught.
    const { ar, ...old } = h.states.get('contacts') as { ar?: string };
    expect(ar).toBeDefined();
    h.states.set('contacts', old);
    await laterRun(s, h, other);
    s.control.restore('contacts', ids[1]!);
    await laterRun(s, h, other);
    expect(row(h, ids[1]!)).toMatchObject({ archived: false });
    expectMatchesTruth(h, 'contacts', ...truthOf(s));
  });
});
