/**
 * Hybrid first sync of one object: "list from the bottom, search from the top, meet in the middle".
 *
 * The list endpoint pages by an opaque cursor, so one object lists one page at a time (latency
 * bound: ~4 pages/s at 250 ms). Search has its own budget (separate from the 10-second burst
 * bucket) and can be aimed at id ranges. So: the id span (lo, hi] is split into k equal ranges
 * (about 1,000 records each);
 * the LIST lane reads from the start, in ascending id order, and owns ranges from the bottom;
 * SEARCH lanes claim ranges from the top and walk each one `hs_object_id > cursor AND ≤ range hi`,
 * sorted by id, 200 per page, always at offset 0 (no 10,000 cap). When a list page enters a range
 * a search lane claimed, the list lane drops those records and stops. Every record that exists
 * when the run starts is emitted exactly once; later changes belong to the next run (frozen `upper`).
 *
 * Relies on the list being in ascending id order (API-FACTS: UNCONFIRMED): checked on every page;
 * a violation fails the stream and says to set `parallel_full_sync: false`.
 *
 * State: pages of all lanes are yielded in arrival order; each carries a snapshot of every lane's
 * progress as of the pages yielded so far (claims are exclusive and permanent, so recording a
 * claim before its first page is yielded is harmless). At most QUEUE pages wait ahead of the
 * consumer, plus one in flight per lane.
 */
import { PipeError } from '@pipe/sdk';
import type { HubSpotClient } from './client.ts';
import { type ListTarget, listRecords } from './list.ts';
import { SEARCH_PAGE, type SearchTarget, search } from './search.ts';
import { checkedResults } from './shape.ts';
import type { HubSpotRecord } from './typing.ts';

/** Below this many records (search `total`) the plain list is used. */
export const HYBRID_MIN_RECORDS = 2_000;
/**
 * Target records per range (~5 search pages). When the list lane meets the search lanes it
 * stops, and what is left of the ranges they are reading is the run's tail, read at search's
 * 4 calls/s: with 3,000-record ranges a 20,000-contact sync without rate limits took 13.4 s
 * against 5.8 s for the plain list. Smaller ranges cost a partly filled last page per range.
 * The checkpoint stores only ranges in progress, so many ranges cost nothing there.
 */
const RECORDS_PER_RANGE = 1_000;
const MIN_RANGES = 8;
const MAX_RANGES = 4_096;
/** Pages waiting for the consumer, over all lanes. */
const QUEUE = 4;

/**
 * Split progress in the checkpoint (small: a few numbers plus one entry per search range in flight).
 * Range j (0 ≤ j < k) is ids in (bound(j), bound(j+1)], bound(j) = lo + ⌊(hi − lo)·j/k⌋.
 */
// A type, not an interface: the checkpoint must be assignable to Json.
export type SplitState = {
  lo: number;
  hi: number;
  k: number;
  /** Highest range the list lane owns (−1: none yet). Ids ≤ lo and > hi are the list lane's too. */
  l: number;
  /** Lowest range search lanes own (k: none). Ranges ≥ t are done unless listed in `c`. */
  t: number;
  /** Search ranges in progress: range index → last id emitted (the range's lower bound before its first page). */
  c: Record<string, string>;
  /** 1 once the list lane has finished (met the search lanes or reached the end of the list). */
  ld?: 1;
};

export function isSplitState(v: unknown): v is SplitState {
  if (!v || typeof v !== 'object') return false;
  const s = v as Record<string, unknown>;
  return [s.lo, s.hi, s.k, s.l, s.t].every((n) => typeof n === 'number' && Number.isSafeInteger(n)) && !!s.c && typeof s.c === 'object';
}

export function bound(s: Pick<SplitState, 'lo' | 'hi' | 'k'>, j: number): number {
  return s.lo + Math.floor(((s.hi - s.lo) * j) / s.k);
}

/** Range index of an id: −1 at or below lo, k above hi. */
export function rangeOf(s: Pick<SplitState, 'lo' | 'hi' | 'k'>, id: number): number {
  if (id <= s.lo) return -1;
  if (id > s.hi) return s.k;
  let j = Math.min(s.k - 1, Math.floor(((id - s.lo) * s.k) / (s.hi - s.lo)));
  while (j > 0 && id <= bound(s, j)) j--;
  while (j < s.k - 1 && id > bound(s, j + 1)) j++;
  return j;
}

interface SearchResponse {
  total?: number;
  results?: HubSpotRecord[];
}

async function edge(client: HubSpotClient, t: SearchTarget, direction: 'ASCENDING' | 'DESCENDING'): Promise<{ total: number; id?: string }> {
  const path = `${client.paths.objects}/${t.objectType}/search`;
  const res = await client.post<SearchResponse>(
    path,
    {
      filterGroups: t.filters?.length ? [{ filters: t.filters }] : [],
      sorts: [{ propertyName: 'hs_object_id', direction }],
      properties: ['hs_object_id'],
      limit: 1,
    },
    { kind: 'search', stream: t.stream },
  );
  const results = checkedResults<HubSpotRecord>(res.data, `POST ${path}`);
  return { total: Number(res.data?.total ?? results.length), id: results[0] === undefined ? undefined : String(results[0].id) };
}

/**
 * Two searches (lowest and highest id, limit 1) decide whether to split: undefined when the object
 * is small or its ids are not numeric, so the caller lists as before.
 */
export async function planSplit(client: HubSpotClient, t: SearchTarget, minRecords = HYBRID_MIN_RECORDS): Promise<SplitState | undefined> {
  const first = await edge(client, t, 'ASCENDING');
  if (first.total < minRecords || first.id === undefined) return undefined;
  const last = await edge(client, t, 'DESCENDING');
  if (last.id === undefined || !/^\d+$/.test(first.id) || !/^\d+$/.test(last.id)) return undefined;
  const lo = Number(first.id) - 1;
  const hi = Number(last.id);
  if (!Number.isSafeInteger(hi) || hi <= lo) return undefined;
  const k = Math.min(hi - lo, Math.max(MIN_RANGES, Math.min(MAX_RANGES, Math.round(first.total / RECORDS_PER_RANGE))));
  return { lo, hi, k, l: -1, t: k, c: {} };
}

export interface HybridPage {
  lane: 'list' | 'search';
  records: HubSpotRecord[];
  /** Progress once this page and all before it are durable: list cursor and split state. */
  after?: string;
  split: SplitState;
}

interface Item {
  lane: 'list' | 'search';
  records: HubSpotRecord[];
  /** list: cursor after this page; search: last id of this page. */
  cursor?: string;
  range?: number;
  done: boolean;
}

const CLOSED = Symbol('closed');

export interface HybridOptions {
  list: ListTarget;
  listOpts: { maxUrl: number; baseUrl: string };
  search: SearchTarget;
  after?: string;
  split: SplitState;
  /** Search lanes in flight at once. */
  lanes: number;
  stream: string;
}

function orderError(stream: string, objectType: string, id: string, prev: string): PipeError {
  return new PipeError(
    'SOURCE',
    `${stream}: HubSpot listed ${objectType} id ${id} after id ${prev}: the list endpoint no longer returns records in ascending id order, which the parallel first sync (parallel_full_sync) relies on to split the work with search; stopped before using that page, so nothing wrong was written`,
    { hint: `Set \`parallel_full_sync: false\` in the options of stream ${stream} and run again: the first sync then lists one page at a time (slower, no order needed).` },
  );
}

export async function* hybridList(client: HubSpotClient, o: HybridOptions): AsyncGenerator<HybridPage> {
  const s = o.split;
  // Claims, in memory (exclusive, never given back).
  let listClaim = s.l;
  let searchLow = s.t;
  // Progress as of the pages yielded.
  let yAfter = o.after;
  let yListDone = s.ld === 1;
  const yCursor = new Map<number, string>(Object.entries(s.c).map(([j, c]) => [Number(j), c]));
  const resumable = [...yCursor.keys()].sort((a, b) => b - a);

  let closed = false;
  const abort = new AbortController();
  let failure: unknown;
  const queue: Item[] = [];
  let wakeConsumer: (() => void) | undefined;
  const spaceWaiters: (() => void)[] = [];
  const notify = () => {
    const w = wakeConsumer;
    wakeConsumer = undefined;
    w?.();
  };
  const push = async (item: Item) => {
    while (queue.length >= QUEUE && !closed) await new Promise<void>((r) => spaceWaiters.push(r));
    if (closed) throw CLOSED;
    queue.push(item);
    notify();
  };

  const listLane = async () => {
    let prev: string | undefined;
    for await (const page of listRecords(client, o.list, { ...o.listOpts, after: o.after, signal: abort.signal })) {
      if (closed) return;
      const keep: HubSpotRecord[] = [];
      let met = false;
      for (const r of page.records) {
        const id = String(r.id);
        if (!/^\d+$/.test(id)) throw new PipeError('SOURCE', `${o.stream}: HubSpot listed a ${o.list.objectType} record with a non-numeric id ${JSON.stringify(id)}; the parallel first sync needs numeric ids`, { hint: `Set \`parallel_full_sync: false\` in the options of stream ${o.stream}.` });
        if (prev !== undefined && Number(id) <= Number(prev)) throw orderError(o.stream, o.list.objectType, id, prev);
        prev = id;
        if (met) continue; // keep checking the order of the rest of the page
        const j = rangeOf(s, Number(id));
        if (j >= searchLow) {
          met = true; // a search lane owns this range and everything above it
          continue;
        }
        if (j > listClaim) listClaim = Math.min(j, s.k - 1);
        keep.push(r);
      }
      const done = met || !page.next;
      // Nothing between our last range and the search lanes' lowest is left for anyone else.
      if (done) listClaim = Math.max(listClaim, searchLow - 1);
      await push({ lane: 'list', records: keep, cursor: page.next, done });
      if (done) return;
    }
  };

  const nextRange = (): { j: number; cursor: string } | undefined => {
    const resumed = resumable.shift();
    if (resumed !== undefined) return { j: resumed, cursor: yCursor.get(resumed)! };
    if (searchLow - 1 <= listClaim) return undefined;
    searchLow -= 1;
    const cursor = String(bound(s, searchLow));
    yCursor.set(searchLow, cursor);
    return { j: searchLow, cursor };
  };

  const searchLane = async () => {
    for (let r = nextRange(); r && !closed; r = nextRange()) {
      const hiId = bound(s, r.j + 1);
      let cursor = r.cursor;
      while (!closed) {
        const res = await search(
          client,
          o.search,
          [
            { propertyName: 'hs_object_id', operator: 'GT', value: cursor },
            { propertyName: 'hs_object_id', operator: 'LTE', value: String(hiId) },
          ],
          'hs_object_id',
          SEARCH_PAGE,
          abort.signal,
        );
        const results = res.results ?? [];
        for (const rec of results) {
          const id = Number(rec.id);
          if (!(id > Number(cursor) && id <= hiId)) {
            throw new PipeError('SOURCE', `${o.stream}: HubSpot search for ids in (${cursor}, ${hiId}] sorted by id returned id ${rec.id}; nothing from it was used`, {
              hint: `Run again; if it persists, set \`parallel_full_sync: false\` in the options of stream ${o.stream}.`,
            });
          }
          cursor = String(rec.id);
        }
        const done = results.length < SEARCH_PAGE;
        await push({ lane: 'search', records: results, cursor, range: r.j, done });
        if (done) break;
      }
    }
  };

  let active = 0;
  const start = (lane: () => Promise<void>) => {
    active++;
    lane()
      .catch((e) => {
        if (e !== CLOSED && !closed && failure === undefined) failure = e;
      })
      .finally(() => {
        active--;
        notify();
      });
  };
  if (!yListDone) start(listLane);
  for (let i = 0; i < o.lanes; i++) start(searchLane);

  const snapshot = (): SplitState => ({
    lo: s.lo,
    hi: s.hi,
    k: s.k,
    l: listClaim,
    t: searchLow,
    c: Object.fromEntries([...yCursor].map(([j, c]) => [String(j), c])),
    ...(yListDone ? { ld: 1 as const } : {}),
  });

  try {
    while (true) {
      if (failure !== undefined) throw failure;
      const item = queue.shift();
      if (item) {
        spaceWaiters.shift()?.();
        if (item.lane === 'list') {
          yAfter = item.done ? undefined : item.cursor;
          if (item.done) yListDone = true;
        } else if (item.done) yCursor.delete(item.range!);
        else yCursor.set(item.range!, item.cursor!);
        yield { lane: item.lane, records: item.records, ...(yAfter ? { after: yAfter } : {}), split: snapshot() };
        continue;
      }
      if (active === 0) return;
      await new Promise<void>((r) => {
        wakeConsumer = r;
      });
    }
  } finally {
    closed = true;
    abort.abort(CLOSED);
    for (const w of spaceWaiters.splice(0)) w();
  }
}
