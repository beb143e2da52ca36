/**
 * Parallel first sync of one object: "list from the bottom, everyone else from the top, meet in
 * the middle".
 *
 * The list endpoint pages by a cursor, so one list walk is latency bound (~4 pages/s at 250 ms)
 * while the burst budget allows 10–25 calls/s. The id span (lo, hi] is split into k equal ranges
 * (about 1,000 records each):
 * - the LIST lane reads from the start with HubSpot's own cursors and owns ranges from the bottom;
 * - SEARCH lanes (search's own budget, separate from the burst bucket) claim one range at a time
 *   from the top and walk it `hs_object_id > cursor AND ≤ range hi`, sorted by id, 200 per page,
 *   always at offset 0 (no 10,000 cap);
 * - SEEK lanes (the burst budget) claim chunks of ranges from the top and list each from a cursor
 *   built from the chunk's first id (`after=<id>`): HubSpot's list cursors are the next record's id
 *   in practice, though documented as opaque (API-FACTS 3.1, UNCONFIRMED). Nothing rests on that:
 *   if the first page starts past the seed, one search reads the ids in between (none when cursors
 *   are ids); if HubSpot refuses the cursor (400), starts below the seed, or the gap holds a full
 *   search page, the chunk is read by search instead and no further chunk is seeked.
 * When a list page enters a range claimed from the top, the list lane drops those records and
 * stops. Every record that exists when the run starts is emitted exactly once; later changes
 * belong to the next run (frozen `upper`).
 *
 * Relies on the list being in ascending id order (API-FACTS: UNCONFIRMED): checked on every page;
 * a violation fails the stream and says to set `parallel_full_sync: false`.
 *
 * State: pages of all lanes are yielded in arrival order; each carries a snapshot of every lane's
 * progress as of the pages yielded so far (claims are exclusive and permanent, so recording a
 * claim before its first page is yielded is harmless). At most QUEUE pages wait ahead of the
 * consumer, plus one in flight per lane.
 */
import { setMaxListeners } from 'node:events';
import type { HubSpotClient } from '@pipe/hubspot-api';
import { HttpError, SourceError } from '@pipe/sdk';
import { type ListTarget, listRecords } from './list.ts';
import { SEARCH_PAGE, type SearchTarget, search } from './search.ts';
import { fetchPage } from '@pipe/hubspot-api';
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
/**
 * Ranges per seek claim at most (~10,000 records, 100 list pages). Claims shrink as the unclaimed
 * middle does, down to one range, so the run ends with short pieces rather than one long walk.
 */
const MAX_SEEK_RANGES = 10;
/** Pages waiting for the consumer, over all lanes. */
const QUEUE = 4;

/**
 * A claim from the top in progress, keyed by its lowest range j:
 * - a string: search over range j alone, from this id (exclusive; the range's lower bound before its first page);
 * - `{e, s}`: search over ranges j..e from id s (exclusive): a seek claim handed to search;
 * - `{e, a}`: list from cursor a over ranges j..e; `{e}` alone: a seek claim not started (seeded at bound(j) + 1).
 */
export type Claim = string | { e: number; s?: string; a?: string };

/**
 * Split progress in the checkpoint (small: a few numbers plus one entry per claim in flight).
 * Range j (0 ≤ j < k) is ids in (bound(j), bound(j+1)], bound(j) = lo + ⌊(hi − lo)·j/k⌋.
 */
// A type, not an interface: the checkpoint must be assignable to Json.
export type SplitState = {
  lo: number;
  hi: number;
  k: number;
  /** Highest range the list lane owns (−1: none yet). Ids ≤ lo and > hi are the list lane's too. */
  l: number;
  /** Lowest range claimed from the top (k: none). Ranges ≥ t are done unless a claim in `c` covers them. */
  t: number;
  /** Claims in progress by their lowest range. */
  c: Record<string, Claim>;
  /** 1 once the list lane has finished (met the claims from the top or reached the end of the list). */
  ld?: 1;
  /** 1 once seeking a list cursor failed: the rest of the run claims for search only. */
  nx?: 1;
};

export function isSplitState(v: unknown): v is SplitState {
  if (!v || typeof v !== 'object') return false;
  const s = v as Record<string, unknown>;
  return [s.lo, s.hi, s.k, s.l, s.t].every((n) => typeof n === 'number' && Number.isSafeInteger(n)) && !!s.c && typeof s.c === 'object';
}

/** Id ranges a split of `records` records uses (at most; fewer when the id span is narrower). */
export function rangesFor(records: number): number {
  return Math.max(MIN_RANGES, Math.min(MAX_RANGES, Math.round(records / RECORDS_PER_RANGE)));
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

async function edge(client: HubSpotClient, t: SearchTarget, direction: 'ASCENDING' | 'DESCENDING'): Promise<{ total: number; id?: string }> {
  const path = `${client.paths.objects}/${t.objectType}/search`;
  const page = await fetchPage<HubSpotRecord>(
    client,
    {
      method: 'POST',
      url: path,
      body: { filterGroups: t.filters?.length ? [{ filters: t.filters }] : [], sorts: [{ propertyName: 'hs_object_id', direction }], properties: ['hs_object_id'], limit: 1 },
    },
    { kind: 'search', stream: t.stream },
    { records: true, limit: 1 },
  );
  const results = page.results;
  return { total: Number(page.data.total ?? results.length), id: results[0] === undefined ? undefined : String(results[0].id) };
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
  const k = Math.min(hi - lo, rangesFor(first.total));
  // The list lane owns the first range from the start: it needs no seeking, and claims from the
  // top answer faster than its first page when latency is low.
  return { lo, hi, k, l: 0, t: k, c: {} };
}

export interface HybridPage {
  lane: 'list' | 'search' | 'seek';
  records: HubSpotRecord[];
  /** Progress once this page and all before it are durable: list cursor and split state. */
  after?: string;
  split: SplitState;
}

interface Item {
  lane: 'list' | 'search' | 'seek';
  records: HubSpotRecord[];
  /** list lane: cursor after this page. */
  cursor?: string;
  /** Claims: the claim's key and its progress after this page (undefined: the claim is done). */
  range?: number;
  claim?: Claim;
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
  /** Seek lanes in flight at once (0: list from the bottom and search only). */
  seekLanes: number;
  stream: string;
  /** Called once when a seeked list cursor did not behave as an id (the rest of the run claims for search only). */
  onSeekFallback?: (reason: string) => void;
  /** Called for each search that checks the ids between a seed and the first record its walk listed. */
  onGapSearch?: () => void;
}

function orderError(stream: string, objectType: string, id: string, prev: string): SourceError {
  return new SourceError(
    `${stream}: HubSpot listed ${objectType} id ${id} after id ${prev}: the list endpoint no longer returns records in ascending id order, which the parallel first sync (parallel_full_sync) relies on to split the work; stopped before using that page, so nothing wrong was written`,
    { hint: `Set \`parallel_full_sync: false\` in the options of stream ${stream} and run again: the first sync then lists one page at a time (slower, no order needed).` },
  );
}

function numericId(stream: string, objectType: string, r: HubSpotRecord): number {
  const id = String(r.id);
  if (!/^\d+$/.test(id)) throw new SourceError(`${stream}: HubSpot listed a ${objectType} record with a non-numeric id ${JSON.stringify(id)}; the parallel first sync needs numeric ids`, { hint: `Set \`parallel_full_sync: false\` in the options of stream ${stream}.` });
  return Number(id);
}

/** Seek lanes give a claim back to search when the list does not treat a built cursor as an id. */
class SeekFallback {
  constructor(readonly reason: string) {}
}

export async function* hybridList(client: HubSpotClient, o: HybridOptions): AsyncGenerator<HybridPage> {
  const s = o.split;
  // Claims, in memory (exclusive, never given back).
  let listClaim = s.l;
  let topClaim = s.t;
  let seekFailed = s.nx === 1;
  // Progress as of the pages yielded.
  let yAfter = o.after;
  let yListDone = s.ld === 1;
  let ySeekFailed = s.nx === 1;
  const yClaims = new Map<number, Claim>(Object.entries(s.c).map(([j, c]) => [Number(j), c]));
  const resumable = [...yClaims.keys()].sort((a, b) => b - a);
  const totalLanes = 1 + o.lanes + Math.max(0, o.seekLanes);

  let closed = false;
  const abort = new AbortController();
  // Every lane's request listens to it: more than Node's default 10 listeners is expected.
  setMaxListeners(4 * totalLanes + 16, abort.signal);
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
    let prev: number | undefined;
    for await (const page of listRecords(client, o.list, { ...o.listOpts, after: o.after, signal: abort.signal })) {
      if (closed) return;
      const keep: HubSpotRecord[] = [];
      let met = false;
      for (const r of page.records) {
        const id = numericId(o.stream, o.list.objectType, r);
        if (prev !== undefined && id <= prev) throw orderError(o.stream, o.list.objectType, String(id), String(prev));
        prev = id;
        if (met) continue; // keep checking the order of the rest of the page
        const j = rangeOf(s, id);
        if (j >= topClaim) {
          met = true; // a lane from the top owns this range and everything above it
          continue;
        }
        if (j > listClaim) listClaim = Math.min(j, s.k - 1);
        keep.push(r);
      }
      const done = met || !page.next;
      // Nothing between our last range and the lowest claim from the top is left for anyone else.
      if (done) listClaim = Math.max(listClaim, topClaim - 1);
      await push({ lane: 'list', records: keep, cursor: page.next, done });
      if (done) return;
    }
  };

  /** The next claim: one left from a previous run, else ranges taken from the top of the unclaimed middle. */
  const nextClaim = (kind: 'search' | 'seek'): { j: number; claim: Claim } | undefined => {
    const resumed = resumable.shift();
    if (resumed !== undefined) return { j: resumed, claim: yClaims.get(resumed)! };
    const free = topClaim - 1 - listClaim;
    if (free <= 0 || (kind === 'seek' && seekFailed)) return undefined;
    const size = kind === 'search' ? 1 : Math.max(1, Math.min(MAX_SEEK_RANGES, Math.floor(free / (2 * totalLanes))));
    const e = topClaim - 1;
    topClaim -= size;
    const claim: Claim = kind === 'search' ? String(bound(s, topClaim)) : { e };
    yClaims.set(topClaim, claim);
    return { j: topClaim, claim };
  };

  /**
   * One search page of the records with ids in (from, to], sorted by id. An id out of order or
   * outside the range fails the stream before anything of the page is used.
   */
  const searchIds = async (from: string, to: number): Promise<HubSpotRecord[]> => {
    const res = await search(
      client,
      o.search,
      [
        { propertyName: 'hs_object_id', operator: 'GT', value: from },
        { propertyName: 'hs_object_id', operator: 'LTE', value: String(to) },
      ],
      'hs_object_id',
      SEARCH_PAGE,
      abort.signal,
    );
    const results = res.results ?? [];
    let last = Number(from);
    for (const rec of results) {
      const id = Number(rec.id);
      if (!(id > last && id <= to)) {
        throw new SourceError(`${o.stream}: HubSpot search for ids in (${from}, ${to}] sorted by id returned id ${rec.id} after ${last}; nothing from it was used`, {
          hint: `Run again; if it persists, set \`parallel_full_sync: false\` in the options of stream ${o.stream}.`,
        });
      }
      last = id;
    }
    return results;
  };

  /** Ids in (cursor, bound(e + 1)] through search, 200 a page. */
  const searchSpan = async (j: number, e: number, from: string) => {
    const hiId = bound(s, e + 1);
    let cursor = from;
    while (!closed) {
      const results = await searchIds(cursor, hiId);
      const last = results[results.length - 1];
      if (last) cursor = String(last.id);
      const done = results.length < SEARCH_PAGE;
      const claim: Claim | undefined = done ? undefined : e === j ? cursor : { e, s: cursor };
      await push({ lane: 'search', records: results, range: j, claim, done });
      if (done) return;
    }
  };

  /**
   * Ranges j..e through the list, from cursor `after`, or seeded at bound(j) + 1. Throws
   * SeekFallback (before anything of the claim was pushed) when the seeded page proves the cursor
   * is not an id.
   */
  const seekSpan = async (j: number, e: number, after: string | undefined) => {
    const lowId = bound(s, j);
    const hiId = bound(s, e + 1);
    let seeded = after === undefined;
    const pages = listRecords(client, o.list, { ...o.listOpts, after: after ?? String(lowId + 1), signal: abort.signal });
    let prev: number | undefined;
    while (!closed) {
      let next: IteratorResult<{ records: HubSpotRecord[]; next?: string }>;
      try {
        next = await pages.next();
      } catch (err) {
        if (seeded && err instanceof HttpError && err.status === 400) throw new SeekFallback(`HubSpot answered 400 to a list cursor built from id ${lowId + 1}`);
        throw err;
      }
      if (next.done) return;
      const page = next.value;
      const ids = page.records.map((r) => numericId(o.stream, o.list.objectType, r));
      for (const id of ids) {
        if (prev !== undefined && id <= prev) throw orderError(o.stream, o.list.objectType, String(id), String(prev));
        prev = id;
      }
      let gap: HubSpotRecord[] = [];
      if (seeded) {
        seeded = false;
        const first = ids[0] ?? Number.POSITIVE_INFINITY;
        if (first <= lowId) throw new SeekFallback(`a list cursor built from id ${lowId + 1} started at id ${first}`);
        if (first > lowId + 1) {
          // Ids between the seed and the first listed one: none when cursors are ids; search tells.
          const to = Math.min(first - 1, hiId);
          o.onGapSearch?.();
          gap = await searchIds(String(lowId), to);
          if (gap.length >= SEARCH_PAGE) throw new SeekFallback(`a list cursor built from id ${lowId + 1} skipped ${SEARCH_PAGE}+ records`);
        }
      }
      const keep = page.records.filter((_, i) => ids[i]! <= hiId);
      const last = ids[ids.length - 1];
      // Done past the chunk, at its last id (nothing can follow inside it), or at the end of the list.
      const done = keep.length < page.records.length || (last !== undefined && last >= hiId) || !page.next;
      await push({ lane: 'seek', records: [...gap, ...keep], range: j, claim: done ? undefined : { e, a: page.next! }, done });
      if (done) {
        await pages.return(undefined);
        return;
      }
    }
  };

  const readClaim = async (j: number, claim: Claim) => {
    if (typeof claim === 'string') return searchSpan(j, j, claim);
    if (claim.s !== undefined) return searchSpan(j, claim.e, claim.s);
    if (claim.a === undefined && seekFailed) return searchSpan(j, claim.e, String(bound(s, j)));
    try {
      await seekSpan(j, claim.e, claim.a);
    } catch (err) {
      if (!(err instanceof SeekFallback)) throw err;
      if (!seekFailed) o.onSeekFallback?.(err.reason);
      seekFailed = true;
      // Nothing of this claim was pushed: search reads all of it.
      await searchSpan(j, claim.e, String(bound(s, j)));
    }
  };

  const claimLane = (kind: 'search' | 'seek') => async () => {
    for (let c = nextClaim(kind); c && !closed; c = nextClaim(kind)) await readClaim(c.j, c.claim);
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
  for (let i = 0; i < o.lanes; i++) start(claimLane('search'));
  for (let i = 0; i < o.seekLanes; i++) start(claimLane('seek'));

  const snapshot = (): SplitState => ({
    lo: s.lo,
    hi: s.hi,
    k: s.k,
    l: listClaim,
    t: topClaim,
    c: Object.fromEntries([...yClaims].map(([j, c]) => [String(j), c])),
    ...(yListDone ? { ld: 1 as const } : {}),
    ...(ySeekFailed ? { nx: 1 as const } : {}),
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
        } else if (item.claim === undefined) yClaims.delete(item.range!);
        else yClaims.set(item.range!, item.claim);
        // Recorded early (before the fallback claim's first search page) is harmless: it only stops seeking.
        ySeekFailed ||= seekFailed;
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
