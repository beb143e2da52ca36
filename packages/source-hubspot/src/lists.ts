/**
 * Lists (v3, "segments") and their memberships (API-FACTS-2 §1).
 *
 * Lists are enumerated with `POST /crm/v3/lists/search` (500 per call, offset paging); there is
 * no filter or sort on modification, so every run pages all of them (cheap) and compares each
 * list with what the last run saw. `lists` emits only lists whose definition or counters moved,
 * plus a tombstone (`archived`, `deleted_at`) for a list that is gone (confirmed by a 404 on
 * `GET /crm/v3/lists/{id}`, so a list that merely shifted between offset pages is not dropped).
 *
 * Memberships (`GET /crm/v3/lists/{id}/memberships`, 250 per call, by record id) have no change
 * feed and joining or leaving moves neither the list's `updatedAt` nor the record's last-modified.
 * A list's members are re-read whole when its fingerprint moved (`hs_list_size`,
 * `hs_last_record_added_at`, `hs_last_record_removed_at`, `updatedAt`, `listVersion`), when it is
 * new, or when its last read is older than `list_refresh_hours` (a safety net: HubSpot does not
 * document when those counters move). The state keeps each list's member ids (a compressed set),
 * so a re-read also emits a tombstone row (`archived = true`, `removed_at`) for every record that
 * left; a deleted list's members all get one. Merge sinks then hold exactly the current
 * memberships among the rows with `archived = false` (Parquet's latest-state views drop the
 * others by default).
 *
 *   lists:        { v: 1, seen: { [listId]: fingerprint } }
 *   memberships:  { v: 1, lists: { [listId]: { f: fingerprint, r: read at (ms), ids: compressed ids } } }
 *
 * Memberships commit after each list, so a resumed run skips the lists already read (their
 * fingerprint is in the state) and re-reads a list it was in the middle of.
 */
import { CursorTrail, type HubSpotClient, fetchPage } from '@pipe/hubspot-api';
import type { Batch, Column, Row, StreamRequest } from '@pipe/sdk';
import { IdList, decodeIds, encodeIds } from './checkpoint.ts';
import type { HubSpotStreamOptions } from './config.ts';
import type { ReadEnv } from './env.ts';
import { isoDate, num } from './values.ts';

/** Lists per search call: the documented maximum. */
export const LIST_SEARCH_PAGE = 500;
/** Members per memberships call: the documented maximum. */
export const MEMBERSHIP_PAGE = 250;
export const DEFAULT_LIST_REFRESH_HOURS = 168;
const LISTS_PATH = '/crm/v3/lists';
/**
 * The `additionalProperties` pipe reads: HubSpot's documented defaults (API-FACTS-2 §1.2), asked
 * for by name all the same, as a server that returns only what was asked would otherwise leave
 * out the counters the membership fingerprint needs.
 */
const LIST_PROPERTIES = ['hs_list_size', 'hs_last_record_added_at', 'hs_last_record_removed_at', 'hs_folder_name', 'hs_list_reference_count'];

/** Well-known `objectTypeId`s; custom objects keep their `2-…` id as the name. */
const OBJECT_TYPES: Record<string, string> = { '0-1': 'contacts', '0-2': 'companies', '0-3': 'deals', '0-5': 'tickets', '0-7': 'products', '0-8': 'line_items', '0-14': 'quotes' };

export const LIST_COLUMNS: Column[] = [
  { name: 'list_id', type: 'string', nullable: false, description: 'listId (v3; not the legacy v1 id).' },
  { name: 'name', type: 'string' },
  { name: 'object_type_id', type: 'string', description: 'Object type of the members: 0-1 contacts, 0-2 companies, 0-3 deals, 2-… custom.' },
  { name: 'object_type', type: 'string', description: 'The object type by name (pipe; the id for custom objects).' },
  { name: 'processing_type', type: 'string', description: 'MANUAL (static), DYNAMIC (filter-driven) or SNAPSHOT (filters evaluated once).' },
  { name: 'processing_status', type: 'string', description: 'COMPLETE, …' },
  { name: 'list_version', type: 'integer' },
  { name: 'size', type: 'integer', description: 'Members (additionalProperties.hs_list_size).' },
  { name: 'created_at', type: 'timestamp' },
  { name: 'updated_at', type: 'timestamp', description: 'Definition changes only: members joining or leaving do not move it.' },
  { name: 'filters_updated_at', type: 'timestamp' },
  { name: 'created_by_id', type: 'string' },
  { name: 'updated_by_id', type: 'string' },
  { name: 'last_record_added_at', type: 'timestamp', description: 'additionalProperties.hs_last_record_added_at.' },
  { name: 'last_record_removed_at', type: 'timestamp', description: 'additionalProperties.hs_last_record_removed_at.' },
  { name: 'folder_name', type: 'string' },
  { name: 'reference_count', type: 'integer', description: 'additionalProperties.hs_list_reference_count: how many assets use the list.' },
  { name: 'additional_properties', type: 'json', description: 'Every additionalProperties value, verbatim (strings).' },
  { name: 'archived', type: 'boolean', description: 'true on a tombstone: the list was deleted.' },
  { name: 'deleted_at', type: 'timestamp', description: "The list's deletedAt, or when pipe found it gone." },
];

export const MEMBERSHIP_COLUMNS: Column[] = [
  { name: 'list_id', type: 'string', nullable: false },
  { name: 'record_id', type: 'string', nullable: false, description: 'Id of the member record (contact, company, deal, …; see object_type_id).' },
  { name: 'object_type_id', type: 'string' },
  { name: 'added_at', type: 'timestamp', description: 'membershipTimestamp: when the record joined.' },
  { name: 'archived', type: 'boolean', nullable: false, description: 'true on a tombstone: the record left the list (or the list was deleted).' },
  { name: 'removed_at', type: 'timestamp', description: 'On a tombstone: when pipe found the record gone from the list.' },
];

export interface ListJson {
  listId: string | number;
  listVersion?: number;
  name?: string;
  objectTypeId?: string;
  processingType?: string;
  processingStatus?: string;
  createdAt?: string;
  updatedAt?: string;
  filtersUpdatedAt?: string;
  deletedAt?: string;
  createdById?: string;
  updatedById?: string;
  additionalProperties?: Record<string, string>;
}

const checkList = (l: Record<string, unknown>) => (l.additionalProperties !== undefined && (typeof l.additionalProperties !== 'object' || l.additionalProperties === null) ? 'whose "additionalProperties" is not an object' : undefined);

/** Every list, in the order search gives them: one call per 500. */
export async function searchAllLists(client: HubSpotClient, stream: string): Promise<{ lists: ListJson[]; calls: number }> {
  const lists: ListJson[] = [];
  let offset = 0;
  let calls = 0;
  while (true) {
    const page = await fetchPage<ListJson>(
      client,
      { method: 'POST', url: `${LISTS_PATH}/search`, body: { query: '', offset, count: LIST_SEARCH_PAGE, additionalProperties: LIST_PROPERTIES } },
      { kind: 'lists', stream },
      { list: 'lists', id: 'listId', cursor: 'offset', limit: LIST_SEARCH_PAGE, item: checkList },
    );
    calls++;
    lists.push(...page.results);
    if (page.next === undefined) return { lists, calls };
    const next = Number(page.next);
    // A next start that does not move forward would page forever.
    if (!Number.isSafeInteger(next) || next <= offset) throw new Error(`HubSpot's list search answered offset ${page.next} after offset ${offset}; run again, and report it if it persists`);
    offset = next;
  }
}

/** Is the list gone? A 404 on its definition says so; anything else means it exists. */
async function listIsGone(client: HubSpotClient, stream: string, id: string): Promise<boolean> {
  const res = await client.get<{ list?: ListJson }>(`${LISTS_PATH}/${encodeURIComponent(id)}`, { kind: 'lists', stream, accept: [404] });
  return res.status === 404 || !!res.data?.list?.deletedAt;
}

const props = (l: ListJson) => l.additionalProperties ?? {};
const int = (v: unknown) => {
  const n = num(v);
  return n === null ? null : Math.trunc(n);
};

function listRow(l: ListJson): Row {
  const p = props(l);
  const type = l.objectTypeId ?? null;
  return {
    list_id: String(l.listId),
    name: l.name ?? null,
    object_type_id: type,
    object_type: type === null ? null : (OBJECT_TYPES[type] ?? type),
    processing_type: l.processingType ?? null,
    processing_status: l.processingStatus ?? null,
    list_version: int(l.listVersion),
    size: int(p.hs_list_size),
    created_at: isoDate(l.createdAt),
    updated_at: isoDate(l.updatedAt),
    filters_updated_at: isoDate(l.filtersUpdatedAt),
    created_by_id: l.createdById ?? null,
    updated_by_id: l.updatedById ?? null,
    last_record_added_at: isoDate(p.hs_last_record_added_at),
    last_record_removed_at: isoDate(p.hs_last_record_removed_at),
    folder_name: p.hs_folder_name ?? null,
    reference_count: int(p.hs_list_reference_count),
    additional_properties: p,
    archived: !!l.deletedAt,
    deleted_at: isoDate(l.deletedAt),
  };
}

/** A short hash of a string (FNV-1a, 32 bits): the state keeps it instead of the row. */
function hash(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(36);
}

/** What must move for a list's members to have changed (any of them). */
export function membershipFingerprint(l: ListJson): string {
  const p = props(l);
  return hash([p.hs_list_size, p.hs_last_record_added_at, p.hs_last_record_removed_at, l.updatedAt, l.listVersion].join('|'));
}

type ListsCheckpoint = { v: 1; seen: Record<string, string> };

export async function* readLists(env: ReadEnv, req: StreamRequest): AsyncGenerator<Batch> {
  const stream = req.schema.name;
  const saved = req.mode === 'full' ? undefined : (req.state as ListsCheckpoint | undefined);
  const before = saved?.v === 1 ? saved.seen : undefined;
  const { lists } = await searchAllLists(env.client, stream);
  const seen: Record<string, string> = {};
  const rows: Row[] = [];
  for (const l of lists) {
    const row = listRow(l);
    const id = row.list_id as string;
    seen[id] = hash(JSON.stringify(l));
    if (before?.[id] !== seen[id]) rows.push(row);
  }
  for (const id of Object.keys(before ?? {})) {
    if (id in seen) continue;
    if (await listIsGone(env.client, stream, id)) rows.push({ list_id: id, archived: true, deleted_at: new Date(env.now()) });
    else seen[id] = before![id]!; // shifted between offset pages: next run looks again
  }
  yield { stream, rows, checkpoint: { v: 1, seen } };
}

type ListState = { f: string; r: number; ids: string };
type MembershipCheckpoint = { v: 1; lists: Record<string, ListState> };

export interface MembershipPlan {
  /** Lists to re-read, with why. */
  due: { list: ListJson; why: 'new' | 'changed' | 'refresh' }[];
  /** Lists in the state that search no longer shows. */
  missing: string[];
  unchanged: number;
  searchCalls: number;
}

/** Which lists' members a run re-reads (shared by `read` and `pipe plan`). */
export async function planMemberships(env: ReadEnv, req: StreamRequest): Promise<MembershipPlan> {
  const saved = req.mode === 'full' ? undefined : (req.state as MembershipCheckpoint | undefined);
  const known = saved?.v === 1 ? saved.lists : {};
  const refreshMs = ((req.options as HubSpotStreamOptions).list_refresh_hours ?? DEFAULT_LIST_REFRESH_HOURS) * 3_600_000;
  const { lists, calls } = await searchAllLists(env.client, req.schema.name);
  const plan: MembershipPlan = { due: [], missing: [], unchanged: 0, searchCalls: calls };
  const ids = new Set<string>();
  for (const list of lists) {
    const id = String(list.listId);
    ids.add(id);
    const k = known[id];
    if (!k) plan.due.push({ list, why: 'new' });
    else if (k.f !== membershipFingerprint(list)) plan.due.push({ list, why: 'changed' });
    else if (env.now() - k.r >= refreshMs) plan.due.push({ list, why: 'refresh' });
    else plan.unchanged++;
  }
  plan.missing = Object.keys(known).filter((id) => !ids.has(id));
  return plan;
}

interface MemberJson {
  recordId: string | number;
  membershipTimestamp?: string;
}

const tombstones = (listId: string, objectTypeId: string | null, ids: Iterable<string>, at: Date): Row[] =>
  [...ids].map((id) => ({ list_id: listId, record_id: id, object_type_id: objectTypeId, added_at: null, archived: true, removed_at: at }));

export async function* readListMemberships(env: ReadEnv, req: StreamRequest): AsyncGenerator<Batch> {
  const stream = req.schema.name;
  const saved = req.mode === 'full' ? undefined : (req.state as MembershipCheckpoint | undefined);
  const state: MembershipCheckpoint = { v: 1, lists: { ...(saved?.v === 1 ? saved.lists : {}) } };
  const plan = await planMemberships(env, req);
  const checkpoint = () => ({ v: 1, lists: { ...state.lists } }) as MembershipCheckpoint;
  for (const id of plan.missing) {
    if (!(await listIsGone(env.client, stream, id))) continue; // shifted between offset pages: next run looks again
    const gone = decodeIds(state.lists[id]!.ids);
    delete state.lists[id];
    yield { stream, rows: tombstones(id, null, gone, new Date(env.now())), checkpoint: checkpoint() };
  }
  for (const { list } of plan.due) {
    const id = String(list.listId);
    const type = list.objectTypeId ?? null;
    const readAt = env.now();
    const members = new IdList();
    let after: string | undefined;
    let gone = false;
    const trail = new CursorTrail();
    do {
      const page = await fetchPage<MemberJson>(
        env.client,
        { method: 'GET', url: `${LISTS_PATH}/${encodeURIComponent(id)}/memberships` },
        { kind: 'list_memberships', stream, params: { limit: MEMBERSHIP_PAGE, after }, accept: [404] },
        { id: 'recordId', cursor: 'after', limit: MEMBERSHIP_PAGE, trail },
      );
      if (page.status === 404) {
        // Deleted since the search: every member it had leaves.
        gone = true;
        break;
      }
      const rows = page.results.map((m): Row => {
        const recordId = String(m.recordId);
        members.push(recordId);
        return { list_id: id, record_id: recordId, object_type_id: type, added_at: isoDate(m.membershipTimestamp), archived: false, removed_at: null };
      });
      if (rows.length) yield { stream, rows };
      after = page.next;
    } while (after);
    const before = decodeIds(state.lists[id]?.ids);
    if (gone) {
      delete state.lists[id];
      yield { stream, rows: tombstones(id, type, before, new Date(env.now())), checkpoint: checkpoint() };
      continue;
    }
    for (const m of members) before.delete(m);
    state.lists[id] = { f: membershipFingerprint(list), r: readAt, ids: encodeIds(members) };
    yield { stream, rows: tombstones(id, type, before, new Date(readAt)), checkpoint: checkpoint() };
  }
  yield { stream, rows: [], checkpoint: checkpoint() };
}
