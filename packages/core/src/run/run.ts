import {
  type Batch,
  type Logger,
  type Metrics,
  Mutex,
  type PipelineState,
  PIPELINE_STATE_VERSION,
  PluginError,
  QuotaExhaustedError,
  type SinkWriter,
  type SourceConnection,
  apiCallsIn,
  isPipeError,
  readAhead,
} from '@pipe/sdk';
import type { Plan, PlannedStream } from '../plan/plan.ts';
import type { FileStateStore } from '../state/file-store.ts';
import { Rebatcher } from './batches.ts';
import type { RunEvent, RunSummary, StreamSummary } from './summary.ts';

/** An open sink as the run loop uses it. */
export interface OpenSink {
  /** Stable identity within the pipeline, e.g. `0:duckdb`. */
  key: string;
  ref: string;
  writer: SinkWriter;
  /** Where state goes for a writer without `readState`. */
  store?: FileStateStore;
  /** The state committed before this run (from readState or the store). */
  initialState: PipelineState | undefined;
}

export interface RunOptions {
  runId: string;
  source: SourceConnection;
  sinks: OpenSink[];
  signal: AbortSignal;
  logger: Logger;
  metrics: Metrics;
  onEvent?: (e: RunEvent) => void;
  /** Stop every stream at the first failure (default: the others carry on). */
  failFast?: boolean;
  /** Streams read at once (default 4). */
  concurrency?: number;
  /** Pages read ahead per stream while sinks write (default 2). */
  prefetch?: number;
  /** Rows per sink write when the sink states no preference (default 5000). */
  defaultBatchSize?: number;
  /** Estimated heap bytes of rows at which a sink write ends, so wide rows make smaller writes (default MAX_BATCH_BYTES). */
  maxBatchBytes?: number;
  /**
   * Stop cleanly (state committed) once the source has made this many API calls, counted
   * from the `API_CALLS` metrics plugins report: a guard for the daily quota.
   */
  maxCalls?: number;
}

/** API calls reported so far, across streams (the SDK's `API_CALLS` metrics). */
export function apiCalls(metrics: Metrics): number {
  let n = 0;
  for (const bucket of Object.values(metrics.snapshot())) n += apiCallsIn(bucket);
  return n;
}

/**
 * Run a plan: read each stream, rebatch per sink, write, and commit state with the data
 * it describes. The only side effects of a run happen here.
 */
export async function runPlan(plan: Plan, opts: RunOptions): Promise<RunSummary> {
  const startedAt = new Date();
  const stop = new AbortController();
  const onOuterAbort = () => stop.abort(opts.signal.reason);
  opts.signal.addEventListener('abort', onOuterAbort, { once: true });
  let stoppedBy: RunSummary['stoppedBy'];

  const states = opts.sinks.map((s) => cloneState(s.initialState, plan.pipeline));
  const locks = opts.sinks.map(() => new Mutex());
  const schemaChanges: RunSummary['schemaChanges'] = [];

  for (const [i, sink] of opts.sinks.entries()) {
    const changes = await sink.writer.prepare(plan.streams.map((s) => s.sinks[i]!));
    schemaChanges.push({ sink: sink.ref, changes });
    for (const change of changes) opts.onEvent?.({ type: 'schema_change', sink: sink.ref, change });
    if (plan.fullRefresh) await sink.writer.resetState?.(plan.streams.map((s) => s.name));
  }
  const runRecord = (status: 'running' | RunSummary['status'], rows: Record<string, number>, finishedAt?: string) =>
    Promise.all(
      opts.sinks.map((s) =>
        s.writer.recordRun?.({ runId: opts.runId, pipeline: plan.pipeline, startedAt: startedAt.toISOString(), finishedAt, status, rows }),
      ),
    );
  await runRecord('running', {});

  const summaries = new Map<string, StreamSummary>();
  const queue = [...plan.streams];
  const worker = async () => {
    for (let stream = queue.shift(); stream; stream = queue.shift()) {
      if (stop.signal.aborted) {
        summaries.set(stream.name, { name: stream.name, status: 'skipped', rows: 0, batches: 0, seconds: 0, metrics: {} });
        continue;
      }
      const summary = await runStream(stream);
      summaries.set(stream.name, summary);
      opts.onEvent?.({ type: 'stream_end', stream: stream.name, summary });
      if (summary.status === 'failed' && opts.failFast) stop.abort(new Error('--fail-fast'));
    }
  };

  async function runStream(stream: PlannedStream): Promise<StreamSummary> {
    const t0 = performance.now();
    const log = opts.logger.child({ stream: stream.name });
    const summary: StreamSummary = { name: stream.name, status: 'succeeded', rows: 0, batches: 0, seconds: 0, metrics: {} };
    opts.onEvent?.({ type: 'stream_start', stream: stream.name, resumed: stream.state !== undefined });
    const rebatchers = opts.sinks.map((s) => new Rebatcher(stream.name, s.writer.batchSize ?? opts.defaultBatchSize ?? 5000, opts.maxBatchBytes));
    // seq counts checkpoints; it keeps rising across runs, so "least advanced sink" stays meaningful after a full refresh.
    let seq = Math.max(stream.seq, ...states.map((st) => st.streams[stream.name]?.seq ?? 0));

    const flush = async (i: number) => {
      const rb = rebatchers[i]!;
      if (!rb.dirty) return;
      const batch = rb.take();
      await commit(i, batch);
    };
    const commit = async (i: number, batch: Batch) => {
      const sink = opts.sinks[i]!;
      await locks[i]!.run(async () => {
        const next = batch.checkpoint === undefined ? states[i]! : withCheckpoint(states[i]!, stream.name, batch.checkpoint, seq);
        // Counted first: the writer takes the rows over and may empty the array (SinkWriter's contract).
        const rows = batch.rows.length;
        try {
          await sink.writer.write(batch, next);
        } catch (e) {
          throw new SinkFailure(`sink ${sink.ref} failed to write ${rows} rows of ${stream.name}`, { cause: e });
        }
        if (sink.store && batch.checkpoint !== undefined) sink.store.write(sink.key, next);
        states[i] = next;
      });
    };

    try {
      const pages = opts.source.read({ schema: stream.schema, options: stream.options, mode: stream.mode, state: stream.state, ...(plan.checkDeletes ? { checkDeletes: true } : {}) });
      // The source fetches while the sinks write; memory holds at most this many pages per stream.
      for await (const page of readAhead(pages, opts.prefetch ?? 2)) {
        if (page.stream !== stream.name) {
          throw new PluginError(`source ${plan.source} yielded a batch for "${page.stream}" while reading "${stream.name}"`, {
            hint: `This is a bug in the ${plan.source} source plugin: report it to its authors.`,
          });
        }
        if (page.checkpoint !== undefined) seq += 1;
        summary.rows += page.rows.length;
        summary.batches += 1;
        for (const [i, rb] of rebatchers.entries()) {
          rb.push(page);
          if (rb.full) await flush(i);
        }
        opts.onEvent?.({ type: 'batch', stream: stream.name, rows: page.rows.length, totalRows: summary.rows, batches: summary.batches });
        if (opts.maxCalls !== undefined && !stop.signal.aborted && apiCalls(opts.metrics) >= opts.maxCalls) {
          stoppedBy = { reason: `--max-calls ${opts.maxCalls} reached; run again to continue from here` };
          stop.abort(new Error(stoppedBy.reason));
        }
        if (stop.signal.aborted) break;
      }
      // Everything pushed so far is covered by its checkpoint: make it durable.
      for (let i = 0; i < rebatchers.length; i++) await flush(i);
      if (stop.signal.aborted) {
        summary.status = 'interrupted';
      } else {
        for (const [i, sink] of opts.sinks.entries()) {
          await locks[i]!.run(async () => {
            await sink.writer.endStream?.(stream.name, states[i]!);
            sink.store?.write(sink.key, states[i]!);
          });
        }
      }
    } catch (e) {
      if (e instanceof QuotaExhaustedError) {
        stoppedBy = { reason: e.message, resetsAt: e.resetsAt?.toISOString() };
        stop.abort(e);
      }
      // Pages already received are valid up to their checkpoints: keep them, unless a sink failed.
      if (!(e instanceof SinkFailure)) {
        for (let i = 0; i < rebatchers.length; i++) await flush(i).catch(() => undefined);
      }
      const err = e instanceof SinkFailure ? e.cause : e;
      summary.status = e instanceof QuotaExhaustedError || stop.signal.aborted ? 'interrupted' : 'failed';
      summary.error = e instanceof SinkFailure ? `${e.message}: ${describe(err)}` : describe(err);
      if (isPipeError(err) && err.hint) summary.hint = err.hint;
      if (summary.status === 'failed') log.error(`stream failed: ${summary.error}`);
    }
    summary.seconds = (performance.now() - t0) / 1000;
    summary.metrics = opts.metrics.snapshot()[stream.name] ?? {};
    return summary;
  }

  try {
    await Promise.all(Array.from({ length: Math.max(1, opts.concurrency ?? 4) }, worker));
  } finally {
    opts.signal.removeEventListener('abort', onOuterAbort);
  }

  const streams = plan.streams.map((s) => summaries.get(s.name)!);
  const status: RunSummary['status'] = streams.some((s) => s.status === 'failed')
    ? 'failed'
    : streams.some((s) => s.status === 'interrupted' || s.status === 'skipped')
      ? 'interrupted'
      : 'succeeded';
  const finishedAt = new Date();
  await runRecord(status, Object.fromEntries(streams.map((s) => [s.name, s.rows])), finishedAt.toISOString()).catch((e) =>
    opts.logger.warn(`could not record the run: ${describe(e)}`),
  );
  return {
    runId: opts.runId,
    pipeline: plan.pipeline,
    status,
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    seconds: (finishedAt.getTime() - startedAt.getTime()) / 1000,
    streams,
    schemaChanges,
    ...(stoppedBy ? { stoppedBy } : {}),
  };
}

/** Marks errors thrown by a sink write, so the run does not retry the flush into it. */
class SinkFailure extends Error {}

function cloneState(state: PipelineState | undefined, pipeline: string): PipelineState {
  return state ? structuredClone(state) : { version: PIPELINE_STATE_VERSION, pipeline, streams: {} };
}

function withCheckpoint(state: PipelineState, stream: string, checkpoint: unknown, seq: number): PipelineState {
  return {
    ...state,
    streams: { ...state.streams, [stream]: { checkpoint: checkpoint as never, seq, updatedAt: new Date().toISOString() } },
  };
}

function describe(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}
