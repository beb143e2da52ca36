/**
 * Full reads through the list endpoint, pages of 100. All properties go in the URL when they fit
 * (`max_url_length`); otherwise — objects with hundreds or thousands of properties would overflow
 * the URL (HubSpot's edge answers 414 with an HTML page) — we list ids only and read each page
 * with POST batch/read, the property list in the JSON body. Two calls per 100 records, no 414.
 */
import { CursorTrail, type HubSpotClient, fetchPage } from '@pipe/hubspot-api';
import { LIST_PAGE } from './page-sizes.ts';
import type { HubSpotRecord } from './typing.ts';

export { LIST_PAGE };

export interface ListTarget {
  objectType: string;
  stream: string;
  properties: string[];
  archived: boolean;
}

export interface ListPage {
  records: HubSpotRecord[];
  /** Page cursor to resume from after these records; undefined after the last page. */
  next?: string;
}

/** A list page: up to 100 CRM records and the cursor of the next page. */
export const LIST_SHAPE = { records: true, cursor: 'after', limit: LIST_PAGE } as const;

/** True when a GET with every property stays under `maxUrl` characters. */
export function propertiesFitInUrl(baseUrl: string, path: string, properties: string[], maxUrl: number): boolean {
  // limit, after (cursors are short), archived, plus the comma-joined names (URL-safe characters).
  const fixed = baseUrl.length + path.length + '?limit=100&after=&archived=false&properties='.length + 64;
  const names = properties.reduce((n, p) => n + encodeURIComponent(p).length + 1, 0);
  return fixed + names <= maxUrl;
}

/** Properties HubSpot sends with every record whatever was asked for: their presence proves nothing. */
const ALWAYS_SENT = new Set(['hs_object_id', 'createdate', 'hs_createdate', 'lastmodifieddate', 'hs_lastmodifieddate']);

/** Object types whose list endpoint ignored the comma-joined `properties`, per client (so per run and token). */
const commaIgnored = new WeakMap<HubSpotClient, Set<string>>();

/**
 * `limit`: records per page, LIST_PAGE (HubSpot's most) unless a caller needs fewer (asked before each page).
 * The first page with records checks that the comma-joined `properties` was understood.
 */
export async function* listRecords(
  client: HubSpotClient,
  t: ListTarget,
  opts: { after?: string; maxUrl: number; baseUrl: string; signal?: AbortSignal; limit?: number | (() => number) },
): AsyncGenerator<ListPage> {
  const pageLimit = typeof opts.limit === 'function' ? opts.limit : () => (opts.limit as number | undefined) ?? LIST_PAGE;
  const path = `${client.paths.objects}/${t.objectType}`;
  const asked = t.properties.filter((p) => !ALWAYS_SENT.has(p));
  const ignoresComma = commaIgnored.get(client);
  let inUrl = propertiesFitInUrl(opts.baseUrl, path, t.properties, opts.maxUrl) && !ignoresComma?.has(t.objectType);
  let checked = !inUrl || asked.length === 0;
  let after = opts.after;
  const trail = new CursorTrail();
  while (true) {
    const limit = Math.max(1, Math.min(LIST_PAGE, Math.floor(pageLimit())));
    const page = await fetchPage<HubSpotRecord>(
      client,
      { method: 'GET', url: path },
      {
        kind: 'list',
        stream: t.stream,
        signal: opts.signal,
        params: {
          limit,
          after,
          archived: t.archived,
          // Comma-joined: shorter than repeating `properties=`; when not in the URL, ask for the id only.
          properties: inUrl ? t.properties.join(',') : 'hs_object_id',
        },
      },
      { ...LIST_SHAPE, limit, trail },
    );
    const listed = page.results;
    if (!checked && listed.length > 0) {
      checked = true;
      if (!listed.some((r) => asked.some((p) => r.properties !== undefined && p in r.properties))) {
        // Not one asked-for property on a whole page: the server took `a,b,c` as one unknown name
        // (the spec also allows `properties=a&properties=b`). batch/read's JSON list is unambiguous.
        inUrl = false;
        if (ignoresComma) ignoresComma.add(t.objectType);
        else commaIgnored.set(client, new Set([t.objectType]));
        client.warnOnce(
          `comma:${t.objectType}`,
          `HubSpot answered ${t.objectType} list pages without any of the ${asked.length} properties asked for in the URL; reading them with POST batch/read instead (2 calls per 100 records)`,
        );
      }
    }
    const records = inUrl || listed.length === 0 ? listed : await batchRead(client, t, listed.map((r) => String(r.id)), opts.signal);
    after = page.next;
    yield { records, next: after };
    if (!after) return;
  }
}

/**
 * Reads up to 100 records by id with the properties in the body. Ids that vanished since they
 * were listed come back as per-item errors (207) and are left out: the archived list and delete
 * detection account for them.
 */
export async function batchRead(client: HubSpotClient, t: Omit<ListTarget, 'properties'> & { properties: string[] }, ids: string[], signal?: AbortSignal): Promise<HubSpotRecord[]> {
  if (ids.length === 0) return [];
  const page = await fetchPage<HubSpotRecord>(
    client,
    { method: 'POST', url: `${client.paths.objects}/${t.objectType}/batch/read`, body: { inputs: ids.map((id) => ({ id })), properties: t.properties, propertiesWithHistory: [] } },
    { kind: 'batch_read', stream: t.stream, params: { archived: t.archived }, accept: [207], signal },
    { records: true, limit: ids.length },
  );
  const byId = new Map(page.results.map((r) => [String(r.id), r]));
  // Keep list order (id order) for predictable batches.
  return ids.map((id) => byId.get(id)).filter((r): r is HubSpotRecord => r !== undefined);
}
