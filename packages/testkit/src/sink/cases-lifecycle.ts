import { expect, it } from 'vitest';
import { LINE_ITEMS, PEOPLE, people, sinkStream, stateWith } from './fixtures.ts';
import type { SinkHarness } from './harness.ts';
import { baseMode, runStream } from './write-helpers.ts';

/** prepare, close and reopen, recordRun: what every sink must do whatever it supports. */
export function registerLifecycleCases(h: () => SinkHarness): void {
  it('prepare is idempotent: preparing the same streams again, in the same or a new writer, changes nothing', async () => {
    const mode = baseMode(h().supports);
    const streams = [sinkStream(PEOPLE, mode), sinkStream(LINE_ITEMS, mode)];
    await h().withWriter(async (w) => {
      if (w.batchSize !== undefined) expect(Number.isInteger(w.batchSize) && w.batchSize > 0, 'batchSize must be a positive integer').toBe(true);
      const first = await w.prepare(streams);
      expect(Array.isArray(first), 'prepare() must resolve to an array of SchemaChange').toBe(true);
      for (const change of first) expect(['people', 'line_items'], 'a SchemaChange names a prepared stream').toContain(change.stream);
      expect(await w.prepare(streams), 'a second prepare with the same streams must report no changes').toEqual([]);
      await runStream(w, PEOPLE, mode, [{ rows: people(1, 3), state: stateWith({ people: 1 }) }]);
    });
    await h().withWriter(async (w) => {
      expect(await w.prepare(streams), 'prepare in a new writer, on existing tables, must report no changes').toEqual([]);
    });
    expect(await h().rows(PEOPLE), 'preparing again must keep the rows').toEqual(h().expected(PEOPLE, people(1, 3)));
  });

  it('close releases everything: a new writer on the same storage opens, reads and writes', async () => {
    const mode = baseMode(h().supports);
    await h().withWriter((w) => runStream(w, PEOPLE, mode, [{ rows: people(1, 2), state: stateWith({ people: 1 }, 1) }]));
    await h().withWriter((w) => runStream(w, PEOPLE, mode, [{ rows: people(3, 4), state: stateWith({ people: 2 }, 2) }]));
    // A third open proves the second close released its locks and handles too.
    await h().withWriter(async (w) => {
      expect(await w.prepare([sinkStream(PEOPLE, mode)])).toEqual([]);
    });
    expect(await h().rows(PEOPLE)).toEqual(h().expected(PEOPLE, people(1, 4)));
  });

  it('recordRun, when implemented, accepts the start and the end of a run', async () => {
    await h().withWriter(async (w) => {
      if (!w.recordRun) return; // optional method
      await w.prepare([sinkStream(PEOPLE, baseMode(h().supports))]);
      const started = { runId: 'run-1', pipeline: 'testkit', startedAt: '2024-01-01T00:00:00.000Z', status: 'running' as const, rows: {} };
      await w.recordRun(started);
      await w.recordRun({ ...started, status: 'succeeded', finishedAt: '2024-01-01T00:01:00.000Z', rows: { people: 0 } });
    });
  });
}
