import { expect, it } from 'vitest';
import { LINE_ITEMS, lineItem, PEOPLE, people, person, poisonedRow, sinkStream, stateWith } from './fixtures.ts';
import { type SinkHarness, streamsOf } from './harness.ts';
import { baseMode, runStream, settle } from './write-helpers.ts';

/** Rows and state committed together (sinks with readState). */
export function registerStateCases(h: () => SinkHarness): void {
  it('readState before any write reports no stream state', async () => {
    expect(streamsOf(await h().committedState())).toEqual({});
  });

  it('write + readState round-trip: the state returned is the one written with the last committed batch', async () => {
    const mode = baseMode(h().supports);
    const s1 = stateWith({ people: { cursor: '2024-01-01T00:00:02Z', id: 2 } }, 1);
    const s2 = stateWith({ people: { cursor: '2024-01-01T00:00:04Z', id: 4, note: 'ünïcödé 🦄' } }, 2);
    await h().withWriter(async (w) => {
      await runStream(w, PEOPLE, mode, [{ rows: people(1, 2), state: s1 }], { end: false });
      expect(await w.readState!(), 'readState on the same writer sees the committed write').toEqual(s1);
      await w.write({ stream: 'people', rows: people(3, 4), checkpoint: s2.streams.people!.checkpoint }, s2);
      expect(await w.readState!()).toEqual(s2);
    });
    expect(await h().committedState(), 'the state survives close and reopen').toEqual(s2);
    expect(await h().rows(PEOPLE)).toEqual(h().expected(PEOPLE, people(1, 4)));
  });

  it('an empty batch is accepted and changes nothing but the state', async () => {
    const mode = baseMode(h().supports);
    const s1 = stateWith({ people: 'after-3' }, 1);
    const s2 = stateWith({ people: 'after-empty' }, 2);
    await h().withWriter(async (w) => {
      await runStream(w, PEOPLE, mode, [{ rows: people(1, 3), state: s1 }], { end: false });
      await w.write({ stream: 'people', rows: [], checkpoint: 'after-empty' }, s2);
      if (w.endStream) await w.endStream('people', s2);
    });
    expect(await h().rows(PEOPLE)).toEqual(h().expected(PEOPLE, people(1, 3)));
    expect(await h().committedState()).toEqual(s2);
  });

  it('a write that fails midway leaves the rows and the state as they were before it (no torn state)', async () => {
    const mode = baseMode(h().supports);
    const s1 = stateWith({ people: 'after-5' }, 1);
    const s2 = stateWith({ people: 'after-9' }, 2);
    await h().withWriter(async (w) => {
      await runStream(w, PEOPLE, mode, [{ rows: people(1, 5), state: s1 }], { end: false });
      const failing = [...people(6, 7), poisonedRow(person(8), 'name'), person(9)];
      await expect(settle(() => w.write({ stream: 'people', rows: failing, checkpoint: 'after-9' }, s2)), 'the write must fail').rejects.toThrow();
      expect(await w.readState!(), 'the state must not advance past a failed write').toEqual(s1);
    });
    expect(await h().rows(PEOPLE), 'rows 6 and 7, read before the failure, must not be visible').toEqual(h().expected(PEOPLE, people(1, 5)));
    expect(await h().committedState()).toEqual(s1);
  });

  it('resetState forgets the given streams, or all of them', async () => {
    const mode = baseMode(h().supports);
    const s1 = stateWith({ people: 'p1' }, 1);
    const s2 = stateWith({ people: 'p1', line_items: 'l1' }, 1);
    await h().withWriter(async (w) => {
      await w.prepare([sinkStream(PEOPLE, mode), sinkStream(LINE_ITEMS, mode)]);
      await w.write({ stream: 'people', rows: people(1, 2), checkpoint: 'p1' }, s1);
      await w.write({ stream: 'line_items', rows: [lineItem(1, 1)], checkpoint: 'l1' }, s2);
      expect(w.resetState, 'a sink with readState must implement resetState (pipe state reset, --full-refresh)').toBeTypeOf('function');
      await w.resetState!(['people']);
      expect(Object.keys(streamsOf(await w.readState!()))).toEqual(['line_items']);
    });
    expect(Object.keys(streamsOf(await h().committedState())), 'resetState is durable').toEqual(['line_items']);
    await h().withWriter(async (w) => {
      await w.resetState!();
      expect(streamsOf(await w.readState!())).toEqual({});
    });
    expect(streamsOf(await h().committedState())).toEqual({});
  });
}
