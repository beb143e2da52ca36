/**
 * What a page must look like before anything from it is used. A proxy or gateway can answer 200
 * with something else (a truncated body, an HTML page, a JSON error of another shape); taking
 * that for an empty last page would end the stream early and lose records silently. So every
 * paged read goes through `fetchPage`: the client retries a malformed page a few times
 * (client.ts), then the stream fails naming the endpoint: never a short success.
 */
import { HttpError, SourceError } from '@pipe/sdk';
import type { CallOptions, HubSpotClient } from './client.ts';

/** A 2xx whose body is not the page the endpoint promises; the client retries it a few times. */
export class MalformedPageError extends SourceError {
  constructor(
    readonly what: string,
    readonly problem: string,
  ) {
    super(`HubSpot's answer to ${what} ${problem}; nothing from it was used`, {
      hint: 'this is usually a proxy or gateway fault: run again; if it persists, run with --debug and check the endpoint',
    });
  }
}

export interface PageShape {
  /** Key of the item list (default `results`; the legacy events API uses `events`). */
  list?: string;
  /** Where an item's id is (default `id`; v4 associations: `from.id`); false: items have no id. */
  id?: string | false;
  /** Items are CRM records: `properties` an object, `createdAt`/`updatedAt` dates, `archived` a boolean. */
  records?: boolean;
  /** How the next page is found: `after` (paging.next.after), `offset` (hasMore + offset) or none (unpaged). */
  cursor?: 'after' | 'offset';
  /** Most items a page may hold (the `limit` asked for). */
  limit?: number;
  /** Further per-item check: a problem to report, or undefined. */
  item?: (item: Record<string, unknown>) => string | undefined;
  /** The walk's cursors so far: a next cursor it already gave fails the walk (a cycle over several pages). */
  trail?: CursorTrail;
}

export interface CheckedPage<R> {
  results: R[];
  /** Cursor of the next page; undefined on the last. */
  next?: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function at(item: Record<string, unknown>, path: string): unknown {
  let v: unknown = item;
  for (const k of path.split('.')) v = isObject(v) ? v[k] : undefined;
  return v;
}

/** The page's items and next cursor, or a MalformedPageError saying what is wrong with it. */
export function checkedPage<R>(data: unknown, what: string, shape: PageShape = {}): CheckedPage<R> {
  const fail = (problem: string) => new MalformedPageError(what, problem);
  if (!isObject(data)) throw fail(typeof data === 'string' && data.trim() !== '' ? 'is not JSON' : data === undefined || data === '' || data === null ? 'is empty' : 'is not a JSON object');
  const key = shape.list ?? 'results';
  const items = data[key];
  if (!Array.isArray(items)) throw fail(`has no "${key}" list`);
  if (shape.limit !== undefined && items.length > shape.limit) throw fail(`holds ${items.length} items where at most ${shape.limit} were asked for`);
  const idPath = shape.id === undefined ? 'id' : shape.id;
  for (const raw of items) {
    if (!isObject(raw)) throw fail('has an item that is not an object');
    const id = idPath === false ? undefined : at(raw, idPath);
    if (idPath !== false && typeof id !== 'string' && typeof id !== 'number') throw fail(`has an item without ${idPath === 'id' ? 'an id' : `"${idPath}"`}`);
    const named = id === undefined ? 'an item' : `an item (id ${id})`;
    if (shape.records) {
      if (raw.properties !== undefined && !isObject(raw.properties)) throw fail(`has ${named} whose "properties" is not an object`);
      for (const field of ['createdAt', 'updatedAt'] as const) {
        const v = raw[field];
        if (v !== undefined && v !== null && (typeof v !== 'string' || Number.isNaN(Date.parse(v)))) throw fail(`has ${named} whose "${field}" is not a date`);
      }
      if (raw.archived !== undefined && typeof raw.archived !== 'boolean') throw fail(`has ${named} whose "archived" is not true or false`);
    }
    const problem = shape.item?.(raw);
    if (problem) throw fail(`has ${named} ${problem}`);
  }
  let next: string | undefined;
  if (shape.cursor === 'after') {
    const paging = data.paging;
    if (paging !== undefined && paging !== null) {
      if (!isObject(paging)) throw fail('has a "paging" that is not an object');
      const n = paging.next;
      if (n !== undefined && n !== null) {
        if (!isObject(n) || typeof n.after !== 'string' || n.after === '') throw fail('has a "paging.next" without an "after" cursor');
        next = n.after;
      }
    }
  } else if (shape.cursor === 'offset') {
    const more = data.hasMore;
    if (typeof more !== 'boolean') throw fail('has no "hasMore" flag');
    // The events API sends a string offset; lists search the next start position as a number.
    const offset = typeof data.offset === 'number' && Number.isSafeInteger(data.offset) && data.offset >= 0 ? String(data.offset) : data.offset;
    if (more && (typeof offset !== 'string' || offset === '')) throw fail('says "hasMore" without an "offset" to continue from');
    next = more ? (offset as string) : undefined;
  }
  return { results: items as R[], next };
}

/**
 * A page must be an object with a `results` list of CRM records with ids. Kept for callers that
 * check a response they already have; paged reads use `fetchPage`, which also retries.
 */
export function checkedResults<R extends { id?: unknown }>(data: unknown, what: string): R[] {
  return checkedPage<R>(data, what, { records: true }).results;
}

export interface PageRequest {
  method: 'GET' | 'POST';
  url: string;
  body?: unknown;
}

/**
 * One page through the client, checked against `shape`: a malformed 2xx is retried (a bounded
 * number of times, see client.ts), then fails. Also returns the raw body (for fields such as
 * `total`) and the status (207 when the caller accepts partial answers).
 */
export async function fetchPage<R>(client: HubSpotClient, req: PageRequest, opts: CallOptions, shape: PageShape = {}): Promise<CheckedPage<R> & { data: Record<string, unknown>; status: number }> {
  let page: CheckedPage<R> | undefined;
  const what = `${req.method} ${req.url}`;
  const sent = shape.cursor ? sentCursor(shape.cursor, req, opts) : undefined;
  const res = await client.request<Record<string, unknown>>(req.method, req.url, {
    ...opts,
    body: req.body,
    check: (data) => {
      const checked = checkedPage<R>(data, what, shape);
      // A server that hands back the cursor it was given would have the walk read this page forever.
      if (sent !== undefined && checked.next === sent) throw loopingCursor(what, sent);
      page = checked;
    },
  });
  // After the retries, not in `check`: a retried page gives its cursor again.
  if (page && shape.trail) shape.trail.next(page.next, what);
  // An accepted non-2xx (e.g. 404 when the caller asks for it) is not a page: nothing in it.
  return { ...(page ?? { results: [] }), data: res.data, status: res.status };
}

/**
 * Every item of an endpoint HubSpot answers in one page (pipelines, property definitions, schemas,
 * association labels, teams, roles: no paging in the spec). A server that pages one anyway
 * (`paging.next.after`) is followed, so nothing beyond its first page goes missing; `data` and
 * `status` are the first answer's.
 */
export async function fetchWhole<R>(client: HubSpotClient, req: PageRequest, opts: CallOptions, shape: PageShape = {}): Promise<CheckedPage<R> & { data: Record<string, unknown>; status: number }> {
  const first = await fetchPage<R>(client, req, opts, shape);
  const results = [...first.results];
  // Each cursor is noted before it is followed: a page naming its own cursor, or an earlier one, ends the walk.
  const trail = new CursorTrail();
  for (let after = nextAfter(first.data); after !== undefined; ) {
    trail.next(after, `${req.method} ${req.url}`);
    const page = await fetchPage<R>(client, req, { ...opts, params: { ...opts.params, after } }, shape);
    results.push(...page.results);
    after = nextAfter(page.data);
  }
  return { ...first, results };
}

/**
 * The cursors one walk was handed, a few strings per page. fetchPage catches a page that hands
 * back its own cursor; a server cycling over several pages (A → B → A) is caught here, naming
 * the loop, instead of being read forever. Pass one per walk in `PageShape.trail`.
 */
export class CursorTrail {
  private readonly seen = new Set<string>();

  /** Note the walk's next cursor (undefined: the walk is done); throws when it was given before. */
  next(cursor: string | undefined, what: string): void {
    if (cursor === undefined) return;
    if (this.seen.has(cursor)) throw loopingCursor(what, cursor, true);
    this.seen.add(cursor);
  }
}

/** A walk whose next cursor is the one it was asked with (`before`: one it gave earlier in the walk): reading on would loop. */
export function loopingCursor(what: string, cursor: string, before = false): MalformedPageError {
  return new MalformedPageError(what, `gives ${before ? 'a cursor it gave before' : 'the cursor it was asked with'} ("${cursor}") as the next page's, so reading on would loop`);
}

/** `paging.next.after` when it is a cursor; anything else is taken for "no next page" (these endpoints are not paged). */
function nextAfter(data: Record<string, unknown> | undefined): string | undefined {
  const after = (data?.paging as { next?: { after?: unknown } } | undefined)?.next?.after;
  return typeof after === 'string' && after !== '' ? after : undefined;
}

/** The cursor a paged request carries (`after` or `offset`, in the query or the JSON body), as text. */
function sentCursor(kind: 'after' | 'offset', req: PageRequest, opts: CallOptions): string | undefined {
  const body = req.body !== null && typeof req.body === 'object' ? (req.body as Record<string, unknown>) : undefined;
  const v = opts.params?.[kind] ?? body?.[kind];
  return v === undefined || v === null || v === '' ? undefined : String(v);
}

/**
 * `read(path)`, and after a 404 `read(alias)`: HubSpot documents some endpoints under two paths,
 * and which of them a portal still answers is UNCONFIRMED (API-FACTS §5 schemas, §6 association
 * labels). When both answer 404, the first 404 is thrown (the path a person would look up).
 */
export async function readWithAlias<T>(read: (path: string) => Promise<T>, path: string, alias: string | undefined): Promise<T> {
  try {
    return await read(path);
  } catch (e) {
    if (!(alias && e instanceof HttpError && e.status === 404)) throw e;
    try {
      return await read(alias);
    } catch (other) {
      throw other instanceof HttpError && other.status === 404 ? e : other;
    }
  }
}
