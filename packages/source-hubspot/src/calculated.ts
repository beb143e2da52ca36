/**
 * Calculated, rollup and score properties stay fresh. HubSpot recomputes them without moving a
 * record's last-modified time (API-FACTS-2 §8), so incremental search never sees those changes.
 * Every `calculated_refresh_hours` an object stream re-reads the records it has synced through
 * POST batch/read (100 ids a call; property names go in the JSON body, so no URL limit applies)
 * and emits them, merged on `id`.
 *
 * Whole rows, not id + derived columns: both sinks merge by replacing the row of a key (DuckDB
 * deletes it and appends the new one; Parquet's `_latest` view takes the newest row), so a row
 * holding only the derived columns would blank every other column. A whole row costs the same
 * calls (100 records per batch read), only more bytes, and is as fresh as the refresh.
 *
 * Which ids: the set the stream keeps for delete checks (checkpoint.ts), in id order, so an
 * interrupted refresh resumes after the last id written (`rp`). Without that set
 * (`detect_deletes: false`) the refresh lists the records instead (resume at list cursor `rl`).
 */
import { type Batch, type Row, rejectedValuesMetric } from '@pipe/sdk';
import { type DeleteState, type RefreshState, compareIds, decodeIds } from './checkpoint.ts';
import { DAILY_RESERVE } from './deletes.ts';
import type { ReadEnv } from './env.ts';
import { batchRead, listRecords, propertiesFitInUrl } from './list.ts';
import { type HubSpotRecord, type PropertyDef, type TypedProperty, recordToRow } from './typing.ts';

export const DEFAULT_CALCULATED_REFRESH_HOURS = 24;
/** Ids per batch read (HubSpot's limit for batch inputs, API-FACTS §3.4). */
export const REFRESH_BATCH = 100;


/** HubSpot's two marks of a derived property (API-FACTS-2 §8): `calculated`, or a `calculation_*` field type (rollups, scores, read-time values). */
export function isDerived(def: Pick<PropertyDef, 'calculated' | 'fieldType'>): boolean {
  return def.calculated === true || (def.fieldType ?? '').startsWith('calculation_');
}

/** When the next refresh is due; undefined: never (no derived column, or no clock started yet). */
export function refreshDueAt(state: RefreshState, hours: number): number | undefined {
  return state.cr === undefined ? undefined : state.cr + hours * 3_600_000;
}

/** Calls a refresh makes: one batch read per 100 known ids, or a list walk (1 or 2 calls per 100) without an id set. */
export const refreshCalls = (records: number, callsPer100 = 1): number => Math.max(1, Math.ceil(records / REFRESH_BATCH)) * callsPer100;

export interface RefreshInput {
  stream: string;
  objectType: string;
  /** The stream's columns, the derived ones among them, and what to fetch. */
  typed: TypedProperty[];
  derived: string[];
  fetch: string[];
  /** The delete state as the run ends (its id set is the records to refresh). */
  del: DeleteState;
  state: RefreshState;
  hours: number;
  now: number;
  /** The idle checkpoint with the given delete and refresh state. */
  idle: (d: DeleteState, r: RefreshState) => Batch['checkpoint'];
}

/**
 * The refresh, when due: batches of whole rows, each with a checkpoint that resumes after it, the
 * last one with the clock restarted (`cr` = this run's start). Yields nothing when not due; a
 * refresh that would eat into the last 10 % of the daily limit waits, with a warning.
 */
export async function* refreshCalculated(env: ReadEnv, o: RefreshInput): AsyncGenerator<Batch> {
  const dueAt = refreshDueAt(o.state, o.hours);
  if (o.derived.length === 0 || dueAt === undefined || o.now < dueAt) return;
  const ids = o.del.ids ? [...decodeIds(o.del.ids)].sort(compareIds) : undefined;
  const calls = ids ? refreshCalls(ids.length) : refreshCalls(o.del.n ?? 0);
  const { dailyRemaining: left, dailyLimit: limit } = env.client.budget;
  if (left !== undefined && left - calls < (limit ?? 0) * DAILY_RESERVE) {
    env.ctx.metrics.add(o.stream, 'calculated_refresh_skipped');
    env.ctx.logger.warn(
      `${o.stream}: calculated-property refresh skipped: it needs about ${calls} API calls and ${left} of today's calls are left (pipe keeps ${Math.round(DAILY_RESERVE * 100)} % of the daily limit); it runs on the next run with enough budget`,
    );
    return;
  }
  const onReject = (property: string) => env.ctx.metrics.add(o.stream, rejectedValuesMetric(property));
  const toRows = (records: HubSpotRecord[]): Row[] => records.map((r) => recordToRow(r, o.typed, onReject));
  const target = { objectType: o.objectType, stream: o.stream, properties: o.fetch, archived: false };
  let made = 0;
  let records = 0;
  if (ids) {
    const todo = o.state.rp === undefined ? ids : ids.filter((id) => compareIds(id, o.state.rp!) > 0);
    for (let i = 0; i < todo.length; i += REFRESH_BATCH) {
      const chunk = todo.slice(i, i + REFRESH_BATCH);
      // Ids gone since the last delete check come back as per-item errors and are left out.
      const got = await batchRead(env.client, target, chunk, env.ctx.signal);
      made++;
      records += got.length;
      const last = i + REFRESH_BATCH >= todo.length;
      yield { stream: o.stream, rows: toRows(got), checkpoint: last ? o.idle(o.del, { cr: o.now }) : o.idle(o.del, { cr: o.state.cr, rp: chunk.at(-1)! }) };
    }
    if (todo.length === 0) yield { stream: o.stream, rows: [], checkpoint: o.idle(o.del, { cr: o.now }) };
  } else {
    const opts = { maxUrl: env.config.max_url_length, baseUrl: env.baseUrl, after: o.state.rl, signal: env.ctx.signal };
    // A page is one list call, plus a batch read when the property names do not fit in the URL.
    const perPage = propertiesFitInUrl(env.baseUrl, `${env.client.paths.objects}/${o.objectType}`, o.fetch, env.config.max_url_length) ? 1 : 2;
    for await (const page of listRecords(env.client, target, opts)) {
      made += page.records.length > 0 ? perPage : 1;
      records += page.records.length;
      yield { stream: o.stream, rows: toRows(page.records), checkpoint: page.next ? o.idle(o.del, { cr: o.state.cr, rl: page.next }) : o.idle(o.del, { cr: o.now }) };
    }
  }
  env.ctx.metrics.add(o.stream, 'calculated_refreshes');
  env.ctx.metrics.add(o.stream, 'calculated_refresh_calls', made);
  env.ctx.metrics.add(o.stream, 'calculated_refresh_records', records);
  env.ctx.logger.info(`${o.stream}: refreshed ${o.derived.length} calculated/rollup column(s) of ${records} records (${made} call(s)); next refresh due ${new Date(o.now + o.hours * 3_600_000).toISOString()}`);
}

