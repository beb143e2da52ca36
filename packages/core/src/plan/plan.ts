import { type Plugin, type PipelineState, type SinkStream, type StreamSchema, type StreamState, type SyncMode, type WriteMode, didYouMean } from '@pipe/sdk';

/** Where a thing sits in the pipeline file, for messages. */
export interface Pos {
  file: string;
  line: number;
  col: number;
}

/** The parts of a loaded pipeline that planning needs (structurally a subset of PipelineConfig). */
export interface PlanConfig {
  name: string;
  file: string;
  source: PlanComponent;
  sinks: PlanComponent[];
}

/** One source or sink as the pipeline names it (the loader's `ComponentConfig` is this type). */
export interface PlanComponent {
  /** The key used in YAML: `hubspot`, `./plugins/x.ts`, `@acme/pipe-sink-y`. */
  ref: string;
  plugin: Plugin;
  /** Env-resolved, defaults applied, path fields absolute; without the `streams` key. */
  config: Record<string, unknown>;
  /** Selected streams with their options (defaults applied); undefined = all streams. */
  streams?: Record<string, Record<string, unknown>>;
  /** Config path for messages, e.g. `source.hubspot` or `sinks[0].duckdb`. */
  at: string;
  positions: { self: Pos; streams: Record<string, Pos> };
}

export interface PlanIssue extends Pos {
  path: string;
  message: string;
}

export interface PlanOptions {
  /** --streams a,b: only these (must be selected in the pipeline, or exist when all are selected). */
  only?: string[];
  /** --full-refresh: ignore committed state. */
  fullRefresh?: boolean;
  /** --check-deletes: sources that check for hard deletes on a schedule do it on this run. */
  checkDeletes?: boolean;
}

/** The committed state each sink reported (index-aligned with config.sinks); undefined = none. */
export type SinkStates = (PipelineState | undefined)[];

export interface PlannedStream {
  name: string;
  schema: StreamSchema;
  mode: SyncMode;
  options: Record<string, unknown>;
  /** Checkpoint to resume from: the least advanced sink's; undefined = from the start. */
  state: StreamState | undefined;
  /** seq of that checkpoint (batches committed so far across runs). */
  seq: number;
  /** One entry per sink, index-aligned with `Plan.sinks`. */
  sinks: SinkStream[];
}

export interface Plan {
  pipeline: string;
  file: string;
  source: string;
  sinks: string[];
  fullRefresh: boolean;
  /** Passed to every stream's read request (`checkDeletes`). */
  checkDeletes?: boolean;
  streams: PlannedStream[];
}

/**
 * Decide what a run will do, with no I/O: which streams, in which sync and write modes,
 * resuming from which checkpoint. Unknown stream names are issues with their position.
 */
export function createPlan(
  config: PlanConfig,
  catalog: StreamSchema[],
  states: SinkStates,
  opts: PlanOptions = {},
): { plan: Plan; issues: [] } | { plan?: undefined; issues: PlanIssue[] } {
  const issues: PlanIssue[] = [];
  const byName = new Map(catalog.map((s) => [s.name, s]));
  const selected = config.source.streams ?? Object.fromEntries(catalog.map((s) => [s.name, {}]));

  for (const name of Object.keys(selected)) {
    if (!byName.has(name)) {
      const pos = config.source.positions.streams[name] ?? config.source.positions.self;
      issues.push({
        ...pos,
        path: `${config.source.at}.streams`,
        message: `unknown stream "${name}"${didYouMean(name, [...byName.keys()])}; available: ${[...byName.keys()].join(', ')}`,
      });
    }
  }
  for (const [i, sink] of config.sinks.entries()) {
    for (const name of Object.keys(sink.streams ?? {})) {
      if (!(name in selected)) {
        const pos = sink.positions.streams[name] ?? sink.positions.self;
        issues.push({
          ...pos,
          path: `sinks[${i}].${sink.ref}.streams`,
          message: `stream "${name}" has sink options but is not selected by the source${didYouMean(name, Object.keys(selected))}`,
        });
      }
    }
  }
  let names = Object.keys(selected).filter((n) => byName.has(n));
  if (opts.only?.length) {
    for (const n of opts.only) {
      if (!names.includes(n)) {
        issues.push({
          ...config.source.positions.self,
          path: '--streams',
          message: `stream "${n}" is not selected in this pipeline${didYouMean(n, names)}`,
        });
      }
    }
    names = names.filter((n) => opts.only!.includes(n));
  }
  if (issues.length) return { issues };

  const streams = names.map((name): PlannedStream => {
    const schema = byName.get(name)!;
    const options = selected[name] ?? {};
    const mode = pickSyncMode(schema, options);
    const resume = opts.fullRefresh || mode === 'full' ? undefined : leastAdvanced(states, name);
    return {
      name,
      schema,
      mode,
      options,
      state: resume?.checkpoint,
      seq: resume?.seq ?? 0,
      sinks: config.sinks.map((sink) => {
        const streamOptions = sink.streams?.[name] ?? {};
        return { schema, options: streamOptions, mode: pickWriteMode(schema, sink.config, streamOptions) };
      }),
    };
  });
  return {
    plan: {
      pipeline: config.name,
      file: config.file,
      source: config.source.ref,
      sinks: config.sinks.map((s) => s.ref),
      fullRefresh: Boolean(opts.fullRefresh),
      ...(opts.checkDeletes ? { checkDeletes: true } : {}),
      streams,
    },
    issues: [],
  };
}

function pickSyncMode(schema: StreamSchema, options: Record<string, unknown>): SyncMode {
  const asked = options.sync ?? options.sync_mode;
  const supported = schema.syncModes ?? ['full'];
  if (asked === 'full' || asked === 'incremental') return supported.includes(asked) ? asked : supported[0]!;
  return supported[0]!;
}

/** Stream option `write` > sink option `write` > merge when the stream has a key, else append. */
export function pickWriteMode(schema: StreamSchema, sinkConfig: Record<string, unknown>, streamOptions: Record<string, unknown>): WriteMode {
  const asked = (streamOptions.write ?? sinkConfig.write) as WriteMode | undefined;
  if (asked === 'merge' && schema.primaryKey.length === 0) return 'append';
  return asked ?? (schema.primaryKey.length ? 'merge' : 'append');
}

/**
 * After a crash between two sinks' commits they can disagree; resume from the one that
 * is behind (merge on the primary key makes the repeat harmless for the other). A sink
 * with no state for the stream means: start over.
 */
function leastAdvanced(states: SinkStates, stream: string) {
  let best: { checkpoint: StreamState; seq: number } | undefined;
  for (const st of states) {
    const entry = st?.streams[stream];
    if (!entry) return undefined;
    if (!best || entry.seq < best.seq) best = { checkpoint: entry.checkpoint, seq: entry.seq };
  }
  return best;
}
