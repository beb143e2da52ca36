import path from 'node:path';
import {
  type Logger,
  type Metrics,
  type PipelineState,
  type PluginContext,
  type SinkWriter,
  type SourceConnection,
  type StreamSchema,
  PluginError,
  globalRedactor,
} from '@pipe/sdk';
import type { PlanConfig } from '../plan/plan.ts';
import { FileStateStore } from '../state/file-store.ts';
import { migrateState } from '../state/migrate.ts';
import type { OpenSink } from './run.ts';

export interface SessionConfig extends PlanConfig {
  baseDir: string;
  secrets: string[];
}

export interface SessionOptions {
  logger: Logger;
  metrics: Metrics;
  signal: AbortSignal;
  /** Folder for local state and locks; default `<pipeline dir>/.pipe`. */
  stateDir?: string;
  /** Open sinks too (not needed by `pipe discover` / `pipe check`). */
  sinks?: boolean;
  /**
   * Start the source's discovery (API calls) before the sinks open, for a caller that will call
   * `discover()`: the round trip overlaps DuckDB loading its library and file.
   */
  discoverWhileOpening?: boolean;
}

/** A pipeline's plugins, opened: the I/O half that surrounds the pure plan. */
export interface Session {
  source: SourceConnection;
  sinks: OpenSink[];
  stateDir: string;
  discover(): Promise<StreamSchema[]>;
  /** Committed state per sink, index-aligned with `sinks`. */
  states(): (PipelineState | undefined)[];
  close(): Promise<void>;
}

/** What a plugin call gets, for one component (`hubspot`, `duckdb`…) of a pipeline. */
export function pluginContext(config: SessionConfig, component: string, opts: Pick<SessionOptions, 'logger' | 'metrics' | 'signal'>): PluginContext {
  for (const s of config.secrets) globalRedactor.add(s);
  return { logger: opts.logger.child({ plugin: component }), signal: opts.signal, baseDir: config.baseDir, pipeline: config.name, metrics: opts.metrics };
}

export async function openSession(config: SessionConfig, opts: SessionOptions): Promise<Session> {
  const stateDir = opts.stateDir ?? path.join(config.baseDir, '.pipe');
  const ctx = (component: string) => pluginContext(config, component, opts);

  const sourcePlugin = config.source.plugin;
  if (sourcePlugin.kind !== 'source') throw new PluginError(`"${config.source.ref}" is a ${sourcePlugin.kind} plugin, but it is used as a source`);
  const source = await sourcePlugin.open(config.source.config as never, ctx(config.source.ref));
  // Asked for once; a failure surfaces at discover(), or nowhere if the sinks fail to open.
  let discovered = opts.discoverWhileOpening ? source.discover(config.source.streams) : undefined;
  discovered?.catch(() => undefined);
  const sinks: OpenSink[] = [];
  const closeAll = async () => {
    const errors: unknown[] = [];
    for (const s of sinks) await s.writer.close().catch((e) => errors.push(e));
    await source.close?.().catch((e) => errors.push(e));
    if (errors.length) throw errors[0];
  };
  try {
    if (opts.sinks !== false) {
      const store = new FileStateStore(stateDir, config.name);
      for (const [i, sink] of config.sinks.entries()) {
        const sinkPlugin = sink.plugin;
        if (sinkPlugin.kind !== 'sink') throw new PluginError(`"${sink.ref}" is a ${sinkPlugin.kind} plugin, but it is used as a sink`);
        const writer: SinkWriter = await sinkPlugin.open(sink.config as never, ctx(sink.ref));
        const key = `${i}:${sink.ref}`;
        const committed = writer.readState ? await writer.readState() : store.read(key, config.name);
        sinks.push({
          key,
          ref: sink.ref,
          writer,
          store: writer.readState ? undefined : store,
          initialState: committed ? migrateState(committed, config.name, `sink ${sink.ref}`) : undefined,
        });
      }
    }
  } catch (e) {
    await closeAll().catch(() => undefined);
    throw e;
  }
  return {
    source,
    sinks,
    stateDir,
    discover: () => {
      const first = discovered;
      discovered = undefined;
      return first ?? source.discover(config.source.streams);
    },
    states: () => sinks.map((s) => s.initialState),
    close: closeAll,
  };
}
