import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { SDK_VERSION, Type, createMetrics, defineSink, defineSource, estimateRowBytes } from '@pipe/sdk';
import { describe, expect, it } from 'vitest';
import { FileStateStore, type OpenSink, type PlanConfig, apiCalls, createPlan, rejectedRecords, renderEstimate, renderPlan, runPlan } from '../src/index.ts';
import { fakeSink, fakeSource, runOptions } from './fakes.ts';

const dummySource = defineSource({ name: 'fake', sdkVersion: SDK_VERSION, description: '', config: Type.Object({}), open: () => fakeSource({ pages: 1, per: 1 }) });
const dummySink = defineSink({ name: 'fake', sdkVersion: SDK_VERSION, description: '', config: Type.Object({}), open: () => fakeSink().writer });
const pos = { file: 'p.yml', line: 1, col: 1 };
const config = (streams?: Record<string, Record<string, unknown>>, sinks = 1): PlanConfig => ({
  name: 'test',
  file: 'p.yml',
  source: { ref: 'fake', plugin: dummySource, config: {}, streams, at: 'source.fake', positions: { self: pos, streams: { deal: { file: 'p.yml', line: 7, col: 9 } } } },
  sinks: Array.from({ length: sinks }, () => ({ ref: 'fake', plugin: dummySink, config: {}, at: 'sinks[0].fake', positions: { self: pos, streams: {} } })),
});
const open = (writer: ReturnType<typeof fakeSink>, key = '0:fake'): OpenSink => ({ key, ref: 'fake', writer: writer.writer, initialState: undefined });

async function plan(states: Parameters<typeof createPlan>[2] = [undefined], c = config()) {
  const discovered = await fakeSource({ pages: 0, per: 0 }).discover();
  const res = createPlan(c, discovered, states);
  if (!res.plan) throw new Error(JSON.stringify(res.issues));
  return res.plan;
}

describe('createPlan', () => {
  it('reports unknown streams with their position and a suggestion', async () => {
    const discovered = await fakeSource({ pages: 0, per: 0 }).discover();
    const res = createPlan(config({ deal: {} }), discovered, [undefined]);
    expect(res.issues).toHaveLength(1);
    expect(res.issues[0]).toMatchObject({ line: 7, col: 9, path: 'source.fake.streams' });
    expect(res.issues[0]!.message).toContain('unknown stream "deal"');
  });

  it('resumes from the least advanced sink and prints a stable plan', async () => {
    const st = (seq: number) => ({ version: 1, pipeline: 'test', streams: { a: { checkpoint: seq, seq, updatedAt: '' } } });
    const p = await plan([st(5), st(3)], config(undefined, 2));
    expect(p.streams.find((s) => s.name === 'a')).toMatchObject({ state: 3, seq: 3 });
    expect(p.streams.find((s) => s.name === 'b')!.state).toBeUndefined();
    expect(renderPlan(p)).toMatchInlineSnapshot(`
      "pipeline test (p.yml)
      source   fake
      sinks    fake, fake

      stream                  sync         resume                write
      a                       incremental  from checkpoint #3    fake:merge fake:merge
      b                       incremental  from start            fake:merge fake:merge"
    `);
  });
});

describe('runPlan', () => {
  it('rebatches pages to the sink size and commits the last checkpoint with the rows', async () => {
    const sink = fakeSink({ batchSize: 7 });
    const summary = await runPlan(await plan(), runOptions(fakeSource({ pages: 10, per: 3 }), [open(sink)]));
    expect(summary.status).toBe('succeeded');
    expect(summary.streams.map((s) => s.rows)).toEqual([30, 30]);
    expect(sink.rows.get('a')!.size).toBe(30);
    expect(sink.state()!.streams.a).toMatchObject({ checkpoint: 9, seq: 10 });
    // 30 rows in batches of ≥7 → pages merge: 4 writes of 9 rows + flush of 3, per stream
    expect(sink.writes()).toBe(8);
  });

  it('makes smaller writes of wide rows: a batch ends once it holds maxBatchBytes', async () => {
    // 10 pages of 3 rows, sink size 7; a page's rows are estimated at more than 1 byte, so writes end after the second page.
    const sink = fakeSink({ batchSize: 7 });
    const page = estimateRowBytes([0, 1, 2].map((k) => ({ id: k, v: `a-0-${k}` })));
    const summary = await runPlan(await plan(), runOptions(fakeSource({ pages: 10, per: 3 }), [open(sink)], { maxBatchBytes: page + 1 }));
    expect(summary.status).toBe('succeeded');
    expect(sink.rows.get('a')!.size).toBe(30);
    expect(sink.state()!.streams.a).toMatchObject({ checkpoint: 9, seq: 10 });
    // pages merge until the second page passes the bound: two pages (6 rows) per write, 5 writes per stream
    expect(sink.writeSizes).toEqual(Array(10).fill(6));
  });

  it('keeps what was read when the source fails, and the next run resumes after it', async () => {
    const sink = fakeSink({ batchSize: 1 });
    const s1 = await runPlan(await plan(), runOptions(fakeSource({ pages: 10, per: 2, failAt: { a: 4 } }), [open(sink)]));
    expect(s1.status).toBe('failed');
    expect(s1.streams.find((s) => s.name === 'a')).toMatchObject({ status: 'failed', rows: 8, error: 'boom at page 4' });
    expect(s1.streams.find((s) => s.name === 'b')!.status).toBe('succeeded');
    expect(sink.state()!.streams.a!.checkpoint).toBe(3);

    const seen: Record<string, unknown> = {};
    const p2 = await plan([sink.state()]);
    const s2 = await runPlan(p2, runOptions(fakeSource({ pages: 10, per: 2, onRead: (s, st) => (seen[s] = st) }), [open(sink)]));
    expect(s2.status).toBe('succeeded');
    expect(seen.a).toBe(3);
    expect(s2.streams.find((s) => s.name === 'a')!.rows).toBe(12);
    expect(sink.rows.get('a')!.size).toBe(20);
  });

  it('does not advance state when a sink write fails', async () => {
    const sink = fakeSink({ batchSize: 1, failOnWrite: 3 });
    const s = await runPlan(await plan(), runOptions(fakeSource({ pages: 5, per: 1 }), [open(sink)], { concurrency: 1 }));
    const a = s.streams.find((x) => x.name === 'a')!;
    expect(a.status).toBe('failed');
    expect(a.error).toContain('disk full');
    expect(sink.state()!.streams.a!.checkpoint).toBe(1);
  });

  it('lets a writer empty the rows it was handed: the rows and a failed write\'s count stay right', async () => {
    const sink = fakeSink({ batchSize: 4, emptiesRows: true });
    await runPlan(await plan(), runOptions(fakeSource({ pages: 5, per: 2 }), [open(sink)], { concurrency: 1 }));
    expect(sink.rows.get('a')!.size).toBe(10);
    const failing = fakeSink({ batchSize: 4, failOnWrite: 2, emptiesRows: true });
    const s = await runPlan(await plan(), runOptions(fakeSource({ pages: 5, per: 2 }), [open(failing)], { concurrency: 1 }));
    expect(s.streams.find((x) => x.name === 'a')!.error).toMatch(/failed to write 4 rows of a: .*disk full/);
  });

  it('stops every stream cleanly on an exhausted quota, with state committed', async () => {
    const sink = fakeSink({ batchSize: 1 });
    const s = await runPlan(await plan(), runOptions(fakeSource({ pages: 10, per: 1, quotaAt: 3 }), [open(sink)], { concurrency: 1 }));
    expect(s.status).toBe('interrupted');
    expect(s.stoppedBy?.resetsAt).toBe('2026-12-01T00:00:00.000Z');
    expect(s.streams.map((x) => x.status)).toEqual(['interrupted', 'skipped']);
    expect(sink.state()!.streams.a!.checkpoint).toBe(2);
  });

  it('on abort, commits the pages already read and reports interrupted', async () => {
    const ac = new AbortController();
    const sink = fakeSink({ batchSize: 100 });
    const source = fakeSource({ pages: 50, per: 1, gate: async (p) => void (p === 5 && ac.abort()) });
    const s = await runPlan(await plan(), runOptions(source, [open(sink)], { signal: ac.signal, concurrency: 1, prefetch: 1 }));
    expect(s.status).toBe('interrupted');
    const cp = sink.state()!.streams.a!.checkpoint as number;
    expect(sink.rows.get('a')!.size).toBe(cp + 1);
    expect(cp).toBeGreaterThanOrEqual(4);
  });

  it('writes state to the local store for sinks without readState, after the data', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pipe-state-'));
    const store = new FileStateStore(dir, 'test');
    const sink = fakeSink({ atomic: false });
    await runPlan(await plan(), runOptions(fakeSource({ pages: 3, per: 2 }), [{ ...open(sink), store }]));
    expect(store.read('0:fake', 'test')!.streams.b).toMatchObject({ checkpoint: 2, seq: 3 });
    expect(fs.readdirSync(dir)).toEqual(['test.state.json']);
  });
});

describe('--max-calls', () => {
  it('stops every stream cleanly once the reported API calls reach the guard', async () => {
    const sink = fakeSink({ batchSize: 1 });
    const metrics = createMetrics();
    const source = fakeSource({ pages: 10, per: 1, gate: async () => metrics.add('a', 'api_calls.list') });
    const s = await runPlan(await plan(), runOptions(source, [open(sink)], { metrics, maxCalls: 4, concurrency: 1, prefetch: 1 }));
    expect(s.status).toBe('interrupted');
    expect(s.stoppedBy?.reason).toContain('--max-calls 4');
    expect(s.streams.map((x) => x.status)).toEqual(['interrupted', 'skipped']);
    const cp = sink.state()!.streams.a!.checkpoint as number;
    expect(sink.rows.get('a')!.size).toBe(cp + 1);
    expect(apiCalls(metrics)).toBeLessThanOrEqual(6);
  });
});

describe('renderEstimate', () => {
  it('shows calls per stream and flags a run that exceeds the quota left', () => {
    const text = renderEstimate({ streams: [{ stream: 'contacts', rows: 120000, calls: 1200 }, { stream: 'deals', calls: 30 }], quota: { remaining: 1000, limit: 650000 } });
    expect(text).toContain('contacts');
    expect(text).toMatch(/total\s+1,230/);
    expect(text).toContain('warning: the run would exceed the remaining daily quota');
  });
});

describe('rejectedRecords', () => {
  it('sums what destinations refused, for the exit status', () => {
    const st = (n?: number) => ({ name: 's', status: 'succeeded' as const, rows: 1, batches: 1, seconds: 0, metrics: (n === undefined ? {} : { rejected_records: n }) as Record<string, number> });
    const summary = { runId: 'r', pipeline: 'p', status: 'succeeded' as const, startedAt: '', finishedAt: '', seconds: 0, schemaChanges: [] };
    expect(rejectedRecords({ ...summary, streams: [st(), st(2), st(3)] })).toBe(5);
    expect(rejectedRecords({ ...summary, streams: [st()] })).toBe(0);
  });
});
