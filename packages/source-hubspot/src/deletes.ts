/**
 * What search cannot see: records merged away (their survivor lists them in
 * `hs_merged_object_ids`) and records that vanished without trace (GDPR deletes), which only
 * show as missing ids. Archived records are read from the `archived=true` list (list.ts).
 *
 * Delete checks: the stream keeps the ids it has emitted as a compressed set in its checkpoint
 * (checkpoint.ts). At most once per `delete_check_hours` (or on `pipe run --check-deletes`) it
 * walks the live ids (no properties, 100 per call); ids it knows that are neither live nor
 * archived are read back once to tell merges from hard deletes, and the deleted ones are marked.
 */
import { CursorTrail, type HubSpotClient, fetchPage } from '@pipe/hubspot-api';
import type { Row } from '@pipe/sdk';
import { LIST_PAGE, LIST_SHAPE } from './list.ts';
import { type HubSpotRecord, textOf, tombstoneRow } from './typing.ts';

export const MERGED_PROPERTY = 'hs_merged_object_ids';

/** Ids a record absorbed by merging (`;`-separated), without its own id. */
export function mergedIdsOf(rec: HubSpotRecord): string[] {
  const raw = rec.properties?.[MERGED_PROPERTY];
  if (raw === null || raw === undefined || raw === '') return [];
  return textOf(raw)
    .split(';')
    .map((s) => s.trim())
    .filter((s) => s !== '' && s !== String(rec.id));
}

/** Tombstones for every id the records absorbed: `archived`, `merged_into` = the survivor. */
export function mergeTombstones(records: HubSpotRecord[]): Row[] {
  const rows: Row[] = [];
  for (const rec of records) {
    const at = rec.updatedAt ? new Date(rec.updatedAt) : new Date();
    for (const id of mergedIdsOf(rec)) rows.push(tombstoneRow(id, at, { mergedInto: String(rec.id) }));
  }
  return rows;
}

/** Delete checks of an object stream run at most this often unless `delete_check_hours` says otherwise. */
export const DEFAULT_DELETE_CHECK_HOURS = 24;
/** A scheduled delete check is skipped when it would leave less than this share of the daily limit. */
export const DAILY_RESERVE = 0.1;

/** Calls a delete check makes over `known` ids: the live id walk (100 a page, at least one page). */
export const deleteCheckCalls = (known: number): number => Math.max(1, Math.ceil(known / LIST_PAGE));

/**
 * Every id of an object type, live or archived: an id-only walk, 100 ids per call. Returns the
 * ids and the calls it made.
 */
export async function listIds(client: HubSpotClient, objectType: string, stream: string, archived: boolean): Promise<{ ids: string[]; calls: number }> {
  const ids: string[] = [];
  let after: string | undefined;
  let calls = 0;
  const trail = new CursorTrail();
  do {
    // A malformed page must not look like "these ids are gone": fetchPage retries it, then fails.
    const page = await fetchPage<{ id: string }>(
      client,
      { method: 'GET', url: `${client.paths.objects}/${objectType}` },
      { kind: 'list_ids', stream, params: { limit: LIST_PAGE, after, archived, properties: 'hs_object_id' } },
      { ...LIST_SHAPE, trail },
    );
    calls++;
    for (const r of page.results) ids.push(String(r.id));
    after = page.next;
  } while (after);
  return { ids, calls };
}

/**
 * Of the ids that were known and are now in neither list, which were merged away (reading them
 * returns their survivor, a different id) and which are gone for good. Ids that read back as
 * themselves are still there (a race with the list) and are left alone.
 */
export async function classifyVanished(client: HubSpotClient, objectType: string, stream: string, vanished: string[], now: Date): Promise<{ rows: Row[]; calls: number }> {
  const rows: Row[] = [];
  let calls = 0;
  for (let i = 0; i < vanished.length; i += LIST_PAGE) {
    const ids = vanished.slice(i, i + LIST_PAGE);
    const page = await fetchPage<HubSpotRecord>(
      client,
      { method: 'POST', url: `${client.paths.objects}/${objectType}/batch/read`, body: { inputs: ids.map((id) => ({ id })), properties: [MERGED_PROPERTY] } },
      { kind: 'batch_read', stream, accept: [207, 404] },
      { records: true, limit: ids.length },
    );
    calls++;
    const absorbedBy = new Map<string, string>();
    const present = new Set<string>();
    for (const r of page.results) {
      present.add(String(r.id));
      for (const m of mergedIdsOf(r)) absorbedBy.set(m, String(r.id));
    }
    for (const id of ids) {
      const survivor = absorbedBy.get(id);
      if (survivor) rows.push(tombstoneRow(id, now, { mergedInto: survivor }));
      else if (!present.has(id)) rows.push(tombstoneRow(id, now, { deleted: true }));
    }
  }
  return { rows, calls };
}

/**
 * Ids that left the archived list since the last run, read back by id with `properties`:
 * `records` the live ones (restored; a merged id may come back as its survivor, which names it in
 * hs_merged_object_ids), `archived` those still archived after all (the list raced a change),
 * `gone` those in neither (purged). One call per 100 ids, one more per 100 not read back live.
 */
export async function readUnarchived(
  client: HubSpotClient,
  t: { objectType: string; stream: string; properties: string[] },
  ids: string[],
): Promise<{ records: HubSpotRecord[]; archived: string[]; gone: string[] }> {
  const read = async (chunk: string[], archived: boolean, properties: string[]) =>
    (
      await fetchPage<HubSpotRecord>(
        client,
        { method: 'POST', url: `${client.paths.objects}/${t.objectType}/batch/read`, body: { inputs: chunk.map((id) => ({ id })), properties } },
        { kind: 'batch_read', stream: t.stream, params: { archived }, accept: [207, 404] },
        { records: true, limit: chunk.length },
      )
    ).results;
  const records: HubSpotRecord[] = [];
  const missing: string[] = [];
  for (let i = 0; i < ids.length; i += LIST_PAGE) {
    const chunk = ids.slice(i, i + LIST_PAGE);
    const got = await read(chunk, false, t.properties);
    const found = new Set(got.flatMap((r) => [String(r.id), ...mergedIdsOf(r)]));
    records.push(...got);
    missing.push(...chunk.filter((id) => !found.has(id)));
  }
  const archived: string[] = [];
  for (let i = 0; i < missing.length; i += LIST_PAGE) {
    for (const r of await read(missing.slice(i, i + LIST_PAGE), true, [MERGED_PROPERTY])) archived.push(String(r.id));
  }
  const kept = new Set(archived);
  return { records, archived, gone: missing.filter((id) => !kept.has(id)) };
}
