// Drives the source the way the engine does: open → discover → read each stream, applying
// batches to an in-memory table keyed by primary key and keeping the last checkpoint.
import { Value } from '@sinclair/typebox/value';
import { type Batch, type PluginContext, type Row, type StreamSchema, type StreamState, createLogger, createMetrics } from '@pipe/sdk';
import plugin, { type HubSpotConfig, openHubSpot } from '../src/index.ts';

export interface Harness {
  ctx: PluginContext;
  logs: string[];
  tables: Map<string, Map<string, Row>>;
  states: Map<string, StreamState | undefined>;
  schemas: StreamSchema[];
  conn: Awaited<ReturnType<typeof plugin.open>>;
}

export function makeConfig(url: string, token: string, extra: Partial<HubSpotConfig> = {}): HubSpotConfig {
  const base = Value.Default(plugin.config, { token, base_url: url, retry_base_ms: 20, search_requests_per_second: 20, ...extra }) as HubSpotConfig;
  return base;
}

/**
 * `selected`: the pipeline's `streams:` (named streams fail alone when the portal cannot serve
 * them); undefined: the default selection (such streams are skipped with a warning).
 */
export async function openHarness(config: HubSpotConfig, opts: { selected?: Record<string, Record<string, unknown>>; now?: () => number } = {}): Promise<Harness> {
  const logs: string[] = [];
  const ctx: PluginContext = {
    logger: createLogger({ level: 'debug', write: (l) => logs.push(l) }),
    signal: new AbortController().signal,
    baseDir: '.',
    pipeline: 'test',
    metrics: createMetrics(),
  };
  const conn = opts.now ? openHubSpot(config, ctx, { now: opts.now }) : await plugin.open(config, ctx);
  const schemas = await conn.discover(opts.selected);
  return { ctx, logs, tables: new Map(), states: new Map(), schemas, conn };
}

const keyOf = (schema: StreamSchema, row: Row) => schema.primaryKey.map((k) => String(row[k])).join('|');

/**
 * Reads one stream from its saved state; applies every batch (merge by key) and saves its
 * checkpoint. `stopAfter` batches simulates a crash: the run ends there, state as committed.
 */
export async function runStream(
  h: Harness,
  name: string,
  opts: { mode?: 'incremental' | 'full'; options?: Record<string, unknown>; stopAfter?: number; checkDeletes?: boolean } = {},
): Promise<{ batches: Batch[] }> {
  const schema = h.schemas.find((s) => s.name === name);
  if (!schema) throw new Error(`no stream ${name}`);
  const table = h.tables.get(name) ?? new Map<string, Row>();
  h.tables.set(name, table);
  const batches: Batch[] = [];
  let n = 0;
  for await (const b of h.conn.read({ schema, options: opts.options ?? {}, mode: opts.mode ?? 'incremental', state: h.states.get(name), ...(opts.checkDeletes ? { checkDeletes: true } : {}) })) {
    if (b.stream !== name) throw new Error(`batch for ${b.stream} while reading ${name}`);
    for (const r of b.rows) table.set(keyOf(schema, r), r);
    if (b.checkpoint !== undefined) h.states.set(name, JSON.parse(JSON.stringify(b.checkpoint)));
    batches.push(b);
    // A crash can only land between commits, i.e. after a batch that carries a checkpoint.
    if (b.checkpoint !== undefined && opts.stopAfter !== undefined && ++n >= opts.stopAfter) break;
  }
  return { batches };
}

export const liveRows = (h: Harness, name: string) => [...(h.tables.get(name)?.values() ?? [])].filter((r) => r.archived === false);
export const archivedRows = (h: Harness, name: string) =>
  [...(h.tables.get(name)?.values() ?? [])].filter((r) => r.archived === true && r.merged_into == null && r.deleted_at == null);
