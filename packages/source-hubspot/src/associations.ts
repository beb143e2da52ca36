/**
 * Association tables (`contacts_to_companies`, …): one row per (from, to, association type),
 * read with the v4 batch read, 100 records per call, every page of every record (v4 pages at
 * 500 per record; the v3 `associations=` cap of 100 never applies).
 *
 * Association changes do not bump the record's last-modified, so search cannot find them.
 * Each run therefore (a) re-reads the associations of records whose last-modified changed, and
 * (b) every `full_refresh_hours`, re-reads all of them. Each row carries `refreshed_at`; the
 * current associations of a record are its rows with the latest `refreshed_at` (a record that
 * lost all of them gets one row with `to_id = ''` and category NONE).
 *
 *   { v: 1, phase: 'full', upper, after?, lastFull }       re-reading all; resume at list cursor `after`
 *   { v: 1, phase: 'changes', upper, from, tie?, lastFull } refreshing records changed in [from, upper]
 *   { v: 1, phase: 'idle', watermark, lastFull }
 */
import type { Batch, Column, Row, StreamRequest, StreamSchema } from '@pipe/sdk';
import { type AssociationStreamSpec, apiType, toApiType } from './catalog.ts';
import { CursorTrail, type HubSpotClient, fetchPage, fetchWhole, readWithAlias } from '@pipe/hubspot-api';
import { DEFAULT_LOOKBACK_MINUTES, type HubSpotStreamOptions } from './config.ts';
import type { ReadEnv } from './env.ts';
import { LIST_PAGE, LIST_SHAPE } from './list.ts';
import { type SearchTarget, currentUpper, walkChanges } from './search.ts';
import { notServed } from './availability.ts';

export const DEFAULT_FULL_REFRESH_HOURS = 24;
/** Records per v4 batch read: HubSpot takes up to 1,000 inputs since 2025-02 (one tracker reads it as 100: API-FACTS-2 §7.3, §11.4), so pipe sends 100. */
const BATCH = 100;
const BATCH_MAX = 1_000;

export const ASSOCIATION_COLUMNS: Column[] = [
  { name: 'from_id', type: 'string', nullable: false, description: 'Id of the record in the first object of the table name.' },
  { name: 'to_id', type: 'string', nullable: false, description: "Id of the associated record ('' on a row that says the record has none)." },
  { name: 'association_type_id', type: 'integer', nullable: false, description: 'HubSpot association type id (e.g. 279 unlabeled contact→company, 1 primary).' },
  { name: 'category', type: 'string', description: 'HUBSPOT_DEFINED, USER_DEFINED or INTEGRATOR_DEFINED (NONE on a no-associations row).' },
  { name: 'label', type: 'string', description: 'Association label (null when unlabeled).' },
  { name: 'refreshed_at', type: 'timestamp', nullable: false, description: "When pipe read this record's associations; the latest per from_id are current." },
];

export function associationSchema(spec: AssociationStreamSpec): StreamSchema {
  return configuredAssociationSchema(spec.name, spec.from.name, spec.to, ` Needs scope ${spec.scopes.join(' or ')}.`);
}

/** A table of the `associations` option, known by name before its sides are resolved. */
export function configuredAssociationSchema(name: string, from: string, to: string, scopes = ` Needs the read scope of ${from}.`): StreamSchema {
  return {
    name,
    primaryKey: ['from_id', 'to_id', 'association_type_id'],
    cursor: 'refreshed_at',
    columns: ASSOCIATION_COLUMNS,
    description: `Associations ${from} → ${to} (v4), labels from the labels endpoint.${scopes}`,
    syncModes: ['incremental', 'full'],
  };
}

interface LabelDef {
  category?: string;
  typeId?: number;
  label?: string | null;
}
type Labels = Map<number, { category: string | null; label: string | null }>;

/**
 * The pair's association types from the labels endpoint (API-FACTS-2 §7.1): USER_DEFINED ids and
 * labels differ per portal, so they are read each run, never hard-coded. One call (the spec's
 * path too when the docs' one answers 404); it also shows a pair the portal cannot serve (a side
 * it lacks) before any data.
 */
export async function readLabels(client: HubSpotClient, spec: AssociationStreamSpec): Promise<Labels> {
  const read = (base: string) =>
    fetchWhole<LabelDef>(
      client,
      { method: 'GET', url: `${base}/${apiType(spec.from)}/${toApiType(spec)}/labels` },
      { kind: 'association_labels', stream: spec.name },
      { id: 'typeId', item: (r) => (typeof r.typeId === 'number' ? undefined : 'without a numeric "typeId"') },
    );
  const page = await readWithAlias(read, client.paths.associations, client.paths.associationLabelsAlias);
  return new Map(page.results.map((r) => [r.typeId!, { category: r.category ?? null, label: r.label || null }]));
}

type AssocCheckpoint =
  | { v: 1; phase: 'full'; upper: number; after?: string; lastFull: number; ns?: 1 }
  | { v: 1; phase: 'changes'; upper: number; from: number; tie?: { ts: number; id: string }; lastFull: number }
  | { v: 1; phase: 'idle'; watermark: number; lastFull: number; ns?: 1 };

interface V4Result {
  from: { id: string | number };
  to?: { toObjectId: string | number; associationTypes?: { category?: string; typeId?: number; label?: string | null }[] }[];
  paging?: { next?: { after?: string } };
}

/** Every association of these records, following each record's pages; one row per (to, type), plus a NONE row for records without any. */
export async function readAssociationsOf(client: HubSpotClient, spec: AssociationStreamSpec, ids: string[], at: Date, labels: Labels = new Map()): Promise<Row[]> {
  if (ids.length > BATCH_MAX) throw new Error(`internal: ${ids.length} inputs in one association batch read; HubSpot takes at most ${BATCH_MAX}`);
  const rows: Row[] = [];
  const withRows = new Set<string>();
  let inputs: { id: string; after?: string }[] = ids.map((id) => ({ id }));
  while (inputs.length > 0) {
    const page = await fetchPage<V4Result>(
      client,
      { method: 'POST', url: `${client.paths.associations}/${apiType(spec.from)}/${toApiType(spec)}/batch/read`, body: { inputs } },
      { kind: 'associations', stream: spec.name, accept: [207] },
      { id: 'from.id', limit: inputs.length, item: checkV4Result },
    );
    const more: { id: string; after?: string }[] = [];
    for (const r of page.results) {
      const from = String(r.from.id);
      for (const to of r.to ?? []) {
        for (const t of to.associationTypes ?? []) {
          withRows.add(from);
          const def = labels.get(t.typeId ?? 0);
          rows.push({ from_id: from, to_id: String(to.toObjectId), association_type_id: t.typeId ?? 0, category: def?.category ?? t.category ?? null, label: def?.label ?? (t.label || null), refreshed_at: at });
        }
      }
      const after = r.paging?.next?.after;
      if (after) more.push({ id: from, after });
    }
    inputs = more;
  }
  // A record without associations (answered as a per-input error, or as an empty `to`: which one is
  // UNCONFIRMED) gets a row that says so, so its older rows stop being current.
  for (const id of ids) if (!withRows.has(id)) rows.push({ from_id: id, to_id: '', association_type_id: 0, category: 'NONE', label: null, refreshed_at: at });
  return rows;
}

/** One record's associations: `to` a list of {toObjectId, associationTypes[]}, `paging.next.after` a cursor when present. */
function checkV4Result(r: Record<string, unknown>): string | undefined {
  if (r.to !== undefined && !Array.isArray(r.to)) return 'whose "to" is not a list';
  for (const t of (r.to as unknown[] | undefined) ?? []) {
    const to = t as { toObjectId?: unknown; associationTypes?: unknown } | null;
    if (!to || (typeof to.toObjectId !== 'string' && typeof to.toObjectId !== 'number')) return 'with an association without "toObjectId"';
    if (to.associationTypes !== undefined && !Array.isArray(to.associationTypes)) return 'whose "associationTypes" is not a list';
  }
  const after = (r.paging as { next?: { after?: unknown } } | undefined)?.next?.after;
  if (after !== undefined && (typeof after !== 'string' || after === '')) return 'whose "paging.next.after" is not a cursor';
  return undefined;
}

function readCheckpoint(state: unknown): AssocCheckpoint | undefined {
  const s = state as AssocCheckpoint | undefined;
  return s && typeof s === 'object' && s.v === 1 && typeof s.phase === 'string' ? s : undefined;
}

export async function* readAssociations(env: ReadEnv, spec: AssociationStreamSpec, req: StreamRequest): AsyncGenerator<Batch> {
  const stream = spec.name;
  const options = req.options as HubSpotStreamOptions;
  const fromType = apiType(spec.from);
  const target: SearchTarget = { objectType: fromType, stream, lastModified: spec.from.lastModified, properties: ['hs_object_id'] };
  const lookbackMs = (options.lookback_minutes ?? DEFAULT_LOOKBACK_MINUTES) * 60_000;
  const everyMs = (options.full_refresh_hours ?? DEFAULT_FULL_REFRESH_HOURS) * 3_600_000;
  const now = Date.now();

  const labels = await readLabels(env.client, spec);
  let cp = req.mode === 'full' ? undefined : readCheckpoint(req.state);
  // The records whose associations changed are found by search; an object without search here
  // (ns) has every record's associations re-read on every run instead.
  const upperOrNone = async (): Promise<number | undefined> => {
    try {
      return (await currentUpper(env.client, target)) ?? 0;
    } catch (e) {
      if (!notServed(e)) throw e;
      env.ctx.logger.info(`${stream}: HubSpot answered ${e.status} to the search of ${fromType}; re-reading every record's associations on every run instead`);
      return undefined;
    }
  };
  const whole = (upper: number | undefined): AssocCheckpoint => {
    env.ctx.metrics.add(stream, 'associations_full_refresh');
    return { v: 1, phase: 'full', upper: upper ?? now, lastFull: now, ...(upper === undefined ? { ns: 1 as const } : {}) };
  };
  if (!cp || (cp.phase === 'idle' && now - cp.lastFull >= everyMs)) {
    cp = whole(await upperOrNone());
  } else if (cp.phase === 'idle') {
    const upper = cp.ns ? undefined : await upperOrNone();
    cp = upper === undefined ? whole(undefined) : { v: 1, phase: 'changes', upper: Math.max(upper, cp.watermark), from: Math.max(0, cp.watermark - lookbackMs), lastFull: cp.lastFull };
  }

  if (cp.phase === 'full') {
    const { upper, lastFull } = cp;
    const ns = cp.ns ? { ns: 1 as const } : {};
    let after = cp.after;
    const trail = new CursorTrail();
    do {
      const page = await fetchPage<{ id: string }>(
        env.client,
        { method: 'GET', url: `${env.client.paths.objects}/${fromType}` },
        { kind: 'list_ids', stream, params: { limit: LIST_PAGE, after, archived: false, properties: 'hs_object_id' } },
        { ...LIST_SHAPE, trail },
      );
      const ids = page.results.map((r) => String(r.id));
      after = page.next;
      const rows = ids.length ? await readAssociationsOf(env.client, spec, ids, new Date(), labels) : [];
      const next: AssocCheckpoint = after ? { v: 1, phase: 'full', upper, after, lastFull, ...ns } : { v: 1, phase: 'idle', watermark: upper, lastFull, ...ns };
      yield { stream, rows, checkpoint: next };
    } while (after);
    return;
  }

  if (cp.phase === 'changes') {
    const { upper, lastFull } = cp;
    for await (const page of walkChanges(env.client, target, { from: cp.from, tie: cp.tie }, upper)) {
      const ids = [...new Set(page.records.map((r) => String(r.id)))];
      const rows: Row[] = [];
      for (let i = 0; i < ids.length; i += BATCH) rows.push(...(await readAssociationsOf(env.client, spec, ids.slice(i, i + BATCH), new Date(), labels)));
      env.ctx.metrics.add(stream, 'associations_refreshed_records', ids.length);
      yield { stream, rows, checkpoint: { v: 1, phase: 'changes', upper, from: page.cursor.from, ...(page.cursor.tie ? { tie: page.cursor.tie } : {}), lastFull } };
    }
    yield { stream, rows: [], checkpoint: { v: 1, phase: 'idle', watermark: upper, lastFull } };
  }
}
