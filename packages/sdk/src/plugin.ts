import type { Static, TSchema } from '@sinclair/typebox';
import type { Logger } from './log.ts';
import type { Batch } from './batch.ts';
import type { PipelineState, StreamState } from './state.ts';
import type { StreamSchema, SyncMode } from './schema.ts';
import type { Metrics } from './metrics.ts';

/** The SDK version plugins declare (`sdkVersion`); the engine refuses other majors. */
export const SDK_VERSION = '1.2.0';

/** What every plugin call gets from the engine. */
export interface PluginContext {
  /** Redacting logger: secrets in config never reach the output. */
  logger: Logger;
  /** Aborted on Ctrl-C or when the run must stop; long calls should honour it. */
  signal: AbortSignal;
  /** Folder of the pipeline file; relative paths in config are already resolved against it. */
  baseDir: string;
  /** Pipeline name from the YAML. */
  pipeline: string;
  /** Counters the run summary shows (API calls, retries, rejected values…). */
  metrics: Metrics;
}

/** What `pipe check` was told besides the pipeline. */
export interface CheckOptions {
  /**
   * The scopes (permissions) the person says the credentials were granted, as pasted
   * (`pipe check --scopes …`; one string may hold several names, the source splits them): the
   * source says which selected streams they leave out and which names it does not know.
   */
  scopes?: string[];
}

export interface CheckResult {
  ok: boolean;
  /** Lines a person reads: account, quota, scopes. */
  details: { label: string; value: string; ok?: boolean }[];
}

export interface StreamEstimate {
  stream: string;
  /** Rows the run will read, when the API says (e.g. a search total). */
  rows?: number;
  /** API calls the run will make (pages × property chunks × association reads…). */
  calls: number;
  note?: string;
}

export interface RunEstimate {
  streams: StreamEstimate[];
  /** Calls left today and the daily limit, when known. */
  quota?: { remaining?: number; limit?: number; resetsAt?: string };
}

/** One stream as the engine asks the source to read it. */
export interface StreamRequest {
  schema: StreamSchema;
  /** Per-stream options from the pipeline (validated against the plugin's `streamOptions`). */
  options: Record<string, unknown>;
  mode: SyncMode;
  /** Checkpoint the last run committed; undefined on a first run or --full-refresh. */
  state: StreamState | undefined;
  /**
   * `pipe run --check-deletes`: a source that detects hard-deleted records on a schedule does
   * so on this run, whether or not it is due.
   */
  checkDeletes?: boolean;
}

/**
 * A connected source. Created by `SourcePlugin.open`, closed by the engine.
 *
 * Contract:
 * - `discover()` may do I/O; called once per run (and by `pipe discover`). Returns every
 *   stream the source can read, with typed columns. `selected` is the pipeline's per-stream
 *   options by stream name, when it selects streams: a source may narrow a selected stream's
 *   columns to what its options ask for (e.g. a `properties` list), so a sink does not create
 *   columns that `read()` never fills. It may also skip the metadata calls of streams not named
 *   (listing them by name with fixed columns only), so a run costs what its selection needs.
 *   `selected` undefined is the default selection: the streams returned are the ones read.
 * - `read()` yields batches in order. Each batch's `checkpoint`, if set, is the stream's
 *   state once that batch AND all before it are durable. Yield no checkpoint that would
 *   skip rows not yet yielded. Errors thrown from `read` fail that stream only; the
 *   engine keeps the last committed checkpoint. Honour `ctx.signal`.
 * - A `QuotaExhaustedError` stops the whole run cleanly (other streams too).
 */
export interface SourceConnection {
  discover(selected?: Record<string, Record<string, unknown>>): Promise<StreamSchema[]>;
  read(stream: StreamRequest): AsyncIterable<Batch>;
  /**
   * What a run would cost, before any data is read (`pipe plan`): rows and API calls per
   * stream from counts the API reports, and the quota left. May do a few cheap calls.
   */
  estimate?(streams: StreamRequest[]): Promise<RunEstimate>;
  /** Tests credentials and reachability; used by `pipe check`. */
  check?(streams: StreamRequest[], opts?: CheckOptions): Promise<CheckResult>;
  close?(): Promise<void>;
}

export interface SourcePlugin<C extends TSchema = TSchema, O extends TSchema = TSchema> {
  kind: 'source';
  name: string;
  description: string;
  /** SDK major the plugin targets (use `SDK_VERSION`). */
  sdkVersion: string;
  /** Source-level config, declared once. */
  config: C;
  /** Options accepted per stream in `streams:`; defaults to an empty object schema. */
  streamOptions?: O;
  /**
   * Config that is valid but likely a mistake; see `ConfigWarning`. `streams`: the options each
   * stream has under `streams:` as the file writes them (no defaults, no `${VAR}` substitution),
   * e.g. to say that an option does not apply to the stream it sits under. Warning paths are
   * inside the source's block, e.g. `['streams', 'contacts', 'objects']`. Pure: no I/O.
   */
  warnings?(config: Static<C>, ctx: { pipeline: string; streams: Record<string, Record<string, unknown>> }): ConfigWarning[];
  open(config: Static<C>, ctx: PluginContext): Promise<SourceConnection> | SourceConnection;
}

/** Write mode of one stream in one sink. */
export type WriteMode = 'merge' | 'append' | 'replace';

/** A stream as a sink sees it. */
export interface SinkStream {
  schema: StreamSchema;
  mode: WriteMode;
  /** Per-stream options for this sink from the pipeline. */
  options: Record<string, unknown>;
}

/** A change a sink made to its tables or files; reported in the run summary. */
export interface SchemaChange {
  stream: string;
  kind: 'create' | 'add_column' | 'widen' | 'other';
  column?: string;
  from?: string;
  to?: string;
  detail?: string;
}

/**
 * An open sink. Created by `SinkPlugin.open`, closed by the engine (also after errors).
 *
 * Contract:
 * - `prepare(streams)` is called once per run before any write; idempotent: creating
 *   tables twice, or evolving to a schema already applied, changes nothing.
 * - `write(batch, state)` is called in order per stream. When the writer has `readState`,
 *   it MUST make the rows and `state` durable together (one transaction, or files then an
 *   atomic manifest): after a crash, `readState` returns a state that describes exactly
 *   the rows present. It may hold several writes in one open transaction and commit them
 *   together with the last one's state (a group commit, like DuckDB's `commit_rows`); a
 *   crash then loses the writes since the last commit, which the next run reads again.
 *   `endStream` and `close` commit what is open. Without `readState`, the engine writes
 *   its own state file after `write` resolves: at-least-once, made exact by merging on the
 *   primary key.
 * - `write` takes over `batch.rows`: the engine hands each write an array of its own and reads
 *   none of it afterwards, so a writer may empty it once it has taken what it needs, letting
 *   the rows be collected while the write finishes (pipe's DuckDB and Parquet sinks do, once
 *   they have converted them). A caller that still needs the rows after a write passes a copy.
 * - `endStream(stream, state)` is called once when a stream finished successfully; for
 *   `replace` this is where the new table is swapped in (with `state`, atomically).
 * - A thrown error fails that stream; its state does not advance. A group-committing writer
 *   whose open transaction is lost with it must fail every later write and `endStream` too.
 * - `close()` releases locks and handles; called exactly once.
 */
export interface SinkWriter {
  /** Preferred rows per write; the engine rebatches to it. */
  readonly batchSize?: number;
  prepare(streams: SinkStream[]): Promise<SchemaChange[]>;
  write(batch: Batch, state: PipelineState): Promise<void>;
  endStream?(stream: string, state: PipelineState): Promise<void>;
  readState?(): Promise<PipelineState | undefined>;
  /** Forget the committed state (and, for `streams`, only theirs); used by `pipe state reset` and --full-refresh. */
  resetState?(streams?: string[]): Promise<void>;
  /** Record the run (DuckDB's `_pipe_loads`). Called at the start and end of each run. */
  recordRun?(run: RunRecord): Promise<void>;
  close(): Promise<void>;
}

export interface RunRecord {
  runId: string;
  pipeline: string;
  startedAt: string;
  finishedAt?: string;
  status: 'running' | 'succeeded' | 'failed' | 'interrupted';
  rows: Record<string, number>;
}

/** What `SinkPlugin.compact` did to one stream. */
export interface CompactResult {
  stream: string;
  rowsBefore: number;
  rowsAfter: number;
  /** Files before and after, for a sink that stores files. */
  filesBefore?: number;
  filesAfter?: number;
}

export interface SinkPlugin<C extends TSchema = TSchema, O extends TSchema = TSchema> {
  kind: 'sink';
  name: string;
  description: string;
  /** Config that is valid but likely a mistake; see `ConfigWarning`. Pure: no I/O. */
  warnings?(config: Static<C>, ctx: { pipeline: string }): ConfigWarning[];
  sdkVersion: string;
  config: C;
  streamOptions?: O;
  open(config: Static<C>, ctx: PluginContext): Promise<SinkWriter> | SinkWriter;
  /**
   * Optional capability, called by `pipe compact` (never during a run) for every sink of
   * the pipeline that has it: rewrite what the sink stored for `streams` (undefined: every
   * stream it holds) to one row per primary key, the latest, dropping superseded and
   * deleted rows; a stream without a primary key keeps every row in fewer, larger pieces.
   *
   * Contract:
   * - It takes the lock `open` takes and holds it for the whole call, so it never runs
   *   beside a run or another compaction (a held lock is a `LockedError`); it reads what
   *   is committed (a manifest, a state row) under that lock.
   * - Each stream switches to its compacted data in one atomic step: a crash leaves the
   *   old data or the new, never a mix. The committed pipeline state is not changed.
   * - A stream in `streams` the sink does not hold is a `ConfigError` (the user named it)
   *   that lists the ones it has, raised before anything is rewritten.
   * - Returns one result per compacted stream, in the order compacted.
   */
  compact?(config: Static<C>, streams: string[] | undefined, ctx: PluginContext): Promise<CompactResult[]>;
}

export type Plugin = SourcePlugin | SinkPlugin;

/**
 * A valid config that will not do what the user likely means (e.g. a DuckDB file whose name
 * equals its schema, which makes `schema.table` ambiguous in queries). `pipe validate`,
 * `plan` and `run` print it at the field's place in the pipeline file; it never stops a run.
 */
export interface ConfigWarning {
  /** Field inside the plugin's config, e.g. `['schema']`. */
  path: (string | number)[];
  /** What is wrong and why it matters. */
  message: string;
  /** What to do instead. */
  hint?: string;
}

/** Identity function: exists so TypeScript infers `config`'s type from its schema. */
export function defineSource<C extends TSchema, O extends TSchema>(plugin: Omit<SourcePlugin<C, O>, 'kind'>): SourcePlugin<C, O> {
  return { kind: 'source', ...plugin };
}

/** Identity function: exists so TypeScript infers `config`'s type from its schema. */
export function defineSink<C extends TSchema, O extends TSchema>(plugin: Omit<SinkPlugin<C, O>, 'kind'>): SinkPlugin<C, O> {
  return { kind: 'sink', ...plugin };
}
