// A merged-away record keeps its tombstone (archived, merged_into = the survivor) in every later
// run, whether or not HubSpot lists merged records in `archived=true` (UNCONFIRMED, API-FACTS §10),
// also once the survivor's last change is older than the lookback and after a run cut short.
import { type Simulator, startSimulator } from '@pipe/hubspot-sim';
import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, makeConfig, openHarness, runStream } from './harness.ts';
import { expectMatchesTruth } from './truth.ts';

let sim: Simulator | undefined;
afterEach(() => sim?.close());

const start = async (mergedAppearArchived: boolean) => {
  sim = await startSimulator({ port: 0, seed: 8, counts: { contacts: 120 }, rateLimits: false, searchLagMs: 0, behaviour: { mergedAppearArchived } });
  return sim;
};
const options = { delete_check_hours: 0 }; // a delete check on every run
const truthOf = (s: Simulator) => [s.control.truth('contacts'), s.control.truth('contacts', { archived: true })] as const;

/** Runs after the merge, each an hour later (well past the 5-minute lookback) with an unrelated change. */
async function laterRuns(s: Simulator, h: Harness, survivor: string, absorbed: string, runs = 3): Promise<void> {
  const others = s.control.truth('contacts').map((r) => r.id).filter((id) => id !== survivor);
  for (let i = 0; i < runs; i++) {
    s.control.advanceClock(3_600_000);
    s.control.update('contacts', others[10 + i]!, { firstname: `Later ${i}` });
    await runStream(h, 'contacts', { options });
    expect(h.tables.get('contacts')!.get(absorbed), `run ${i + 1} after the merge`).toMatchObject({ archived: true, merged_into: survivor, deleted_at: null });
    expectMatchesTruth(h, 'contacts', ...truthOf(s));
  }
}

describe('merged-away records', () => {
  for (const mergedAppearArchived of [true, false]) {
    it(`keep merged_into in later runs (merged records listed as archived: ${mergedAppearArchived})`, async () => {
      const s = await start(mergedAppearArchived);
      const h = await openHarness(makeConfig(s.url, s.token));
      await runStream(h, 'contacts', { options });
      const [a, b, c, d] = s.control.truth('contacts').map((r) => r.id);
      s.control.advanceClock(60_000);
      s.control.merge('contacts', a!, b!);
      s.control.merge('contacts', c!, d!);
      await runStream(h, 'contacts', { options });
      expect(h.tables.get('contacts')!.get(b!)).toMatchObject({ archived: true, merged_into: a });
      await laterRuns(s, h, a!, b!);
      expect(h.tables.get('contacts')!.get(d!)).toMatchObject({ archived: true, merged_into: c });
    });
  }

  it('keeps merged_into when a first sync already sees the merge', async () => {
    const s = await start(true);
    const [a, b] = s.control.truth('contacts').map((r) => r.id);
    s.control.merge('contacts', a!, b!);
    const h = await openHarness(makeConfig(s.url, s.token));
    await runStream(h, 'contacts', { options });
    expect(h.tables.get('contacts')!.get(b!)).toMatchObject({ archived: true, merged_into: a });
    await laterRuns(s, h, a!, b!);
  });

  it('keeps merged_into when the run that saw the merge is cut short before the archived list', async () => {
    const s = await start(true);
    const h = await openHarness(makeConfig(s.url, s.token));
    await runStream(h, 'contacts', { options });
    const [a, b] = s.control.truth('contacts').map((r) => r.id);
    s.control.advanceClock(60_000);
    s.control.merge('contacts', a!, b!);
    await runStream(h, 'contacts', { options, stopAfter: 1 }); // the search page, with the tombstone
    expect(h.states.get('contacts')).toMatchObject({ phase: 'tail' });
    expect(h.tables.get('contacts')!.get(b!)).toMatchObject({ merged_into: a });
    s.control.advanceClock(3_600_000); // the resumed run ends past the lookback
    await runStream(h, 'contacts', { options });
    expect(h.tables.get('contacts')!.get(b!)).toMatchObject({ archived: true, merged_into: a });
    await laterRuns(s, h, a!, b!);
  });

  it('resumes from a checkpoint that does not remember merged ids (written by an earlier pipe)', async () => {
    const s = await start(true);
    const h = await openHarness(makeConfig(s.url, s.token));
    await runStream(h, 'contacts', { options });
    const [a, b] = s.control.truth('contacts').map((r) => r.id);
    const { mg, ...old } = h.states.get('contacts') as { v: 1; phase: string; watermark: number; mg?: string };
    expect(mg).toBeUndefined(); // nothing merged yet
    h.states.set('contacts', old);
    s.control.advanceClock(60_000);
    s.control.merge('contacts', a!, b!);
    await runStream(h, 'contacts', { options });
    await laterRuns(s, h, a!, b!);
  });
});
