/**
 * What search cannot see: records merged away (their survivor lists them in
 * `hs_merged_object_ids`) and records that vanished without trace (GDPR deletes), which only
 * show as missing ids. Archived records are read from the `archived=true` list (list.ts).
 */

import type { HubSpotClient } from '@pipe/hubspot-api';
import { checkedResults } from '@pipe/hubspot-api';
import type { Row } from '@pipe/sdk';
import { LIST_PAGE } from './list.ts';
import { type HubSpotRecord, tombstoneRow } from './typing.ts';

export const MERGED_PROPERTY = 'hs_merged_object_ids';

/** Ids a record absorbed by merging (`;`-separated), without its own id. */
export function mergedIdsOf(rec: HubSpotRecord): string[] {
  const raw = rec.properties?.[MERGED_PROPERTY];
  if (!raw) return [];
  return raw
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

interface ListResponse {
  results?: { id: string }[];
  paging?: { next?: { after?: string } };
}

/** Every id of an object type, live or archived (one cheap list call per 100 records). */
export async function listIds(client: HubSpotClient, objectType: string, stream: string, archived: boolean): Promise<string[]> {
  const ids: string[] = [];
  let after: string | undefined;
  do {
    const res = await client.get<ListResponse>(`${client.paths.objects}/${objectType}`, {
      kind: 'list_ids',
      stream,
      params: { limit: LIST_PAGE, after, archived, properties: 'hs_object_id' },
    });
    // A malformed page must not look like "these ids are gone": that would mark live records deleted.
    for (const r of checkedResults(res.data, `GET ${client.paths.objects}/${objectType}`)) ids.push(String(r.id));
    after = res.data?.paging?.next?.after;
  } while (after);
  return ids;
}

/**
 * Of the ids that were known and are now in neither list, which were merged away (reading them
 * returns their survivor, a different id) and which are gone for good. Ids that read back as
 * themselves are still there (a race with the list) and are left alone.
 */
export async function classifyVanished(client: HubSpotClient, objectType: string, stream: string, vanished: string[], now: Date): Promise<Row[]> {
  const rows: Row[] = [];
  for (let i = 0; i < vanished.length; i += LIST_PAGE) {
    const ids = vanished.slice(i, i + LIST_PAGE);
    const res = await client.post<{ results?: HubSpotRecord[] }>(
      `${client.paths.objects}/${objectType}/batch/read`,
      { inputs: ids.map((id) => ({ id })), properties: [MERGED_PROPERTY] },
      { kind: 'batch_read', stream, accept: [207, 404] },
    );
    const absorbedBy = new Map<string, string>();
    const present = new Set<string>();
    for (const r of res.data?.results ?? []) {
      present.add(String(r.id));
      for (const m of mergedIdsOf(r)) absorbedBy.set(m, String(r.id));
    }
    for (const id of ids) {
      const survivor = absorbedBy.get(id);
      if (survivor) rows.push(tombstoneRow(id, now, { mergedInto: survivor }));
      else if (!present.has(id)) rows.push(tombstoneRow(id, now, { deleted: true }));
    }
  }
  return rows;
}
