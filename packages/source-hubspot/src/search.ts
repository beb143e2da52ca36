/**
 * Gap-free incremental reads through CRM search, with a composite cursor (last-modified, id).
 *
 * Search pages by offset and refuses offsets past 10,000; worse, an offset skips a record when
 * an earlier one is modified out of the result set mid-paging. So we never page by offset: each
 * query restarts at offset 0 from the cursor (a keyset walk, i.e. the time window [cursor, upper]
 * shrinks after every page). Per page, records older than the page's last timestamp T are
 * complete and emitted; T's group is re-read by the next query, which starts at T. When a whole
 * page shares one timestamp (more records in one millisecond than a page holds; HubSpot bulk
 * updates stamp >10,000 alike), we walk that timestamp by id instead: `= T AND id > last`, sorted
 * by id. Every query thus starts at offset 0, and the walk never loops or skips.
 */
import { type HubSpotClient, fetchPage } from '@pipe/hubspot-api';
import { SEARCH_PAGE } from './page-sizes.ts';
import type { HubSpotRecord } from './typing.ts';

export { SEARCH_PAGE };

export interface Filter {
  propertyName: string;
  operator: string;
  value?: string;
}

export interface SearchTarget {
  objectType: string;
  stream: string;
  lastModified: string;
  /** Properties to return (the last-modified property is added). */
  properties: string[];
  /** Extra filters ANDed to every query (e.g. HAS_PROPERTY hs_merged_object_ids). */
  filters?: Filter[];
}

/** Where a walk stands: every record with last-modified in [start, from) is read, plus ids ≤ tie.id at tie.ts. */
export interface SearchCursor {
  from: number;
  tie?: { ts: number; id: string };
}

export interface SearchPage {
  records: HubSpotRecord[];
  /** Resume point once these records (and all before) are durable. */
  cursor: SearchCursor;
}

interface SearchResponse {
  total?: number;
  results?: HubSpotRecord[];
}

/** Last-modified of a record in epoch ms (property value, ISO or ms; else updatedAt). */
export function modifiedMs(rec: HubSpotRecord, lastModified: string): number {
  const raw = rec.properties?.[lastModified] ?? rec.updatedAt;
  if (raw == null) return Number.NaN;
  return /^\d+$/.test(raw) ? Number(raw) : Date.parse(raw);
}

export async function search(client: HubSpotClient, t: SearchTarget, filters: Filter[], sortBy: string, limit = SEARCH_PAGE, signal?: AbortSignal): Promise<SearchResponse> {
  const page = await fetchPage<HubSpotRecord>(
    client,
    {
      method: 'POST',
      url: `${client.paths.objects}/${t.objectType}/search`,
      body: {
        filterGroups: [{ filters: [...filters, ...(t.filters ?? [])] }],
        sorts: [{ propertyName: sortBy, direction: 'ASCENDING' }],
        properties: [...new Set([...t.properties, t.lastModified])],
        limit,
      },
    },
    { kind: 'search', stream: t.stream, signal },
    { records: true, limit },
  );
  return { total: typeof page.data.total === 'number' ? page.data.total : undefined, results: page.results };
}

/** The highest last-modified value search shows now: the frozen upper bound of a run (null when empty). */
export async function currentUpper(client: HubSpotClient, t: SearchTarget): Promise<number | null> {
  const page = await fetchPage<HubSpotRecord>(
    client,
    {
      method: 'POST',
      url: `${client.paths.objects}/${t.objectType}/search`,
      body: {
        filterGroups: t.filters?.length ? [{ filters: t.filters }] : [],
        sorts: [{ propertyName: t.lastModified, direction: 'DESCENDING' }],
        properties: [t.lastModified],
        limit: 1,
      },
    },
    { kind: 'search', stream: t.stream },
    { records: true, limit: 1 },
  );
  const top = page.results[0];
  if (!top) return null;
  const ms = modifiedMs(top, t.lastModified);
  return Number.isFinite(ms) ? ms : null;
}

/** Walks [cursor.from, upper] and yields pages with the cursor to resume from after each. */
export async function* walkChanges(client: HubSpotClient, t: SearchTarget, start: SearchCursor, upper: number): AsyncGenerator<SearchPage> {
  let cursor: SearchCursor = start;
  while (true) {
    if (cursor.tie) {
      yield* walkTie(client, t, cursor.tie.ts, cursor.tie.id);
      cursor = { from: cursor.tie.ts + 1 };
      yield { records: [], cursor };
      continue;
    }
    if (cursor.from > upper) return;
    const lm = t.lastModified;
    const page = await search(
      client,
      t,
      [
        { propertyName: lm, operator: 'GTE', value: String(cursor.from) },
        { propertyName: lm, operator: 'LTE', value: String(upper) },
      ],
      lm,
    );
    const results = page.results ?? [];
    if (results.length < SEARCH_PAGE) {
      // The rest of the window fits in this page: all of it is read.
      yield { records: results, cursor: { from: upper + 1 } };
      return;
    }
    const last = modifiedMs(results[results.length - 1]!, lm);
    const older = results.filter((r) => modifiedMs(r, lm) < last);
    if (!Number.isFinite(last)) throw new Error(`HubSpot search returned a ${t.objectType} record without ${lm}; cannot advance the cursor`);
    if (older.length === 0) {
      // A full page of one timestamp: walk it by id.
      cursor = { from: last, tie: { ts: last, id: '0' } };
      continue;
    }
    cursor = { from: last };
    yield { records: older, cursor };
  }
}

/** Every record with last-modified exactly `ts` and id > `afterId`, in id order, by keyset. */
async function* walkTie(client: HubSpotClient, t: SearchTarget, ts: number, afterId: string): AsyncGenerator<SearchPage> {
  let after = afterId;
  while (true) {
    const page = await search(
      client,
      t,
      [
        { propertyName: t.lastModified, operator: 'EQ', value: String(ts) },
        { propertyName: 'hs_object_id', operator: 'GT', value: after },
      ],
      'hs_object_id',
    );
    const results = page.results ?? [];
    if (results.length === 0) return;
    after = String(results[results.length - 1]!.id);
    yield { records: results, cursor: { from: ts, tie: { ts, id: after } } };
    if (results.length < SEARCH_PAGE) return;
  }
}
