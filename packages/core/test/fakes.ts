import {
  type Batch,
  type PipelineState,
  QuotaExhaustedError,
  type SinkStream,
  type SinkWriter,
  type SourceConnection,
  type StreamSchema,
  createMetrics,
  silentLogger,
} from '@pipe/sdk';
import type { OpenSink, RunOptions } from '../src/index.ts';

export const schema = (name: string): StreamSchema => ({
  name,
  primaryKey: ['id'],
  columns: [
    { name: 'id', type: 'integer' },
    { name: 'v', type: 'string' },
  ],
  syncModes: ['incremental', 'full'],
});

/** A source of `pages` pages of `per` rows per stream; checkpoint = index of the last page. */
export function fakeSource(opts: {
  pages: number;
  per: number;
  failAt?: Record<string, number>;
  quotaAt?: number;
  onRead?: (stream: string, state: unknown) => void;
  gate?: (page: number) => Promise<void>;
}): SourceConnection {
  return {
    discover: async () => [schema('a'), schema('b')],
    async *read(req) {
      opts.onRead?.(req.schema.name, req.state);
      const start = typeof req.state === 'number' ? req.state + 1 : 0;
      for (let p = start; p < opts.pages; p++) {
        await opts.gate?.(p);
        if (opts.failAt?.[req.schema.name] === p) throw new Error(`boom at page ${p}`);
        if (opts.quotaAt === p) throw new QuotaExhaustedError('daily limit reached', { resetsAt: new Date('2026-12-01T00:00:00Z') });
        const rows = Array.from({ length: opts.per }, (_, k) => ({ id: p * opts.per + k, v: `${req.schema.name}-${p}-${k}` }));
        yield { stream: req.schema.name, rows, checkpoint: p } satisfies Batch;
      }
    },
  };
}

/** A sink that keeps rows and commits state with them; `failOnWrite` throws on that write number. */
/** `emptiesRows`: take the rows, then empty the batch's array, as SinkWriter's contract allows (sink-parquet does). */
export function fakeSink(opts: { batchSize?: number; failOnWrite?: number; atomic?: boolean; emptiesRows?: boolean } = {}) {
  const rows = new Map<string, Map<unknown, unknown>>();
  let state: PipelineState | undefined;
  let writes = 0;
  const writeSizes: number[] = [];
  const prepared: SinkStream[][] = [];
  const writer: SinkWriter = {
    batchSize: opts.batchSize,
    async prepare(streams) {
      prepared.push(streams);
      return [];
    },
    async write(batch, st) {
      writes++;
      writeSizes.push(batch.rows.length);
      const taken = [...batch.rows];
      if (opts.emptiesRows) batch.rows.length = 0;
      if (writes === opts.failOnWrite) throw new Error('disk full');
      const t = rows.get(batch.stream) ?? new Map();
      for (const r of taken) t.set(r.id, r);
      rows.set(batch.stream, t);
      state = structuredClone(st);
    },
    async close() {},
    ...(opts.atomic === false ? {} : { readState: async () => state }),
  };
  return { writer, rows, prepared, state: () => state, writes: () => writes, writeSizes };
}

export function runOptions(source: SourceConnection, sinks: OpenSink[], extra: Partial<RunOptions> = {}): RunOptions {
  return {
    runId: 'test-run',
    source,
    sinks,
    signal: new AbortController().signal,
    logger: silentLogger,
    metrics: createMetrics(),
    ...extra,
  };
}
