/**
 * The parallel first sync's arithmetic, without I/O: how the id span is cut at the start, where a
 * steal splits a piece, and how a checkpoint of the first version (static ranges) maps onto
 * pieces. The claim board (claim-board.ts) applies it; the lanes (lanes.ts) read the pieces.
 */
import { LIST_PAGE, SEARCH_PAGE } from './page-sizes.ts';

/** Below this many records (search `total`) the plain list is used. */
export const HYBRID_MIN_RECORDS = 2_000;
/**
 * Records a search lane plans to read in its first piece (5 pages). Search is the slow lane when
 * list is fast; a small first piece keeps it from being what the run waits on, and stealing gives
 * it more when it keeps up.
 */
const SEARCH_FIRST_RECORDS = 1_000;
/** A steal must give the thief at least this many records (estimated): 2 list pages / 1 search page. */
const MIN_STEAL_RECORDS = { list: 2 * LIST_PAGE, search: SEARCH_PAGE } as const;
/** A lane waiting this long for one page is stalled (a rate limit), not slow: see stealPoint. */
const STALLED_SECONDS = 1;
/** A list walk keeps at least the page it has in flight; a search lane may lose all it has not read. */
const KEEP_RECORDS = { list: LIST_PAGE, search: 0 } as const;

export type LaneKind = 'list' | 'search';

/** A piece of the id span: ids in (from, to]. */
export interface PlannedPiece {
  from: number;
  to: number;
  /** Which kind of lane the plan meant it for. */
  for: LaneKind;
  /** The bottom piece: listed from the start of the list, no cursor built. */
  fromStart?: boolean;
}

/**
 * The first cut of (lo, hi]: the bottom piece for the walk from the start of the list, equal pieces
 * for the seek lanes above it, and a small piece at the top for each search lane.
 */
export function planPieces(p: { lo: number; hi: number; records: number; listLanes: number; searchLanes: number }): PlannedPiece[] {
  const span = p.hi - p.lo;
  const density = p.records / span;
  // Search pieces take at most a quarter of the span between them.
  const searchIds = p.searchLanes > 0 ? Math.max(1, Math.min(Math.floor(span / 4 / p.searchLanes), Math.ceil(SEARCH_FIRST_RECORDS / density))) : 0;
  const top = p.hi - searchIds * p.searchLanes;
  const out: PlannedPiece[] = [];
  const walks = Math.max(1, Math.min(p.listLanes, top - p.lo));
  for (let i = 0; i < walks; i++) {
    const from = p.lo + Math.floor(((top - p.lo) * i) / walks);
    const to = p.lo + Math.floor(((top - p.lo) * (i + 1)) / walks);
    if (to > from) out.push({ from, to, for: 'list', ...(i === 0 ? { fromStart: true } : {}) });
  }
  for (let i = 0; i < p.searchLanes; i++) {
    const from = top + i * searchIds;
    out.push({ from, to: from + searchIds, for: 'search' });
  }
  return out;
}

/** Records per second of a lane kind, as measured so far (undefined before any page). */
export type Rates = Partial<Record<LaneKind, number>>;

/**
 * Where a thief splits a victim's unread ids (frontier, to]: the thief takes the top part. Half of
 * it when both lanes read equally fast (or nothing is measured yet); with measured rates, the share
 * that makes both finish together (a list walk stealing from search at 4 calls/s takes nearly
 * all). Undefined when the steal would be too small to pay for itself.
 */
export function stealPoint(v: { frontier: number; to: number; victim: LaneKind; thief: LaneKind; rates: Rates; density: number; waitedSeconds?: number }): number | undefined {
  const remaining = v.to - v.frontier;
  if (remaining < 1) return undefined;
  const rv = v.rates[v.victim];
  const rt = v.rates[v.thief];
  // A victim stalled on its next page (a list walk held by the burst limit once the 10-second
  // window is spent) for longer than a thief on another budget needs to read all it has left:
  // the thief takes it all, page in flight included; that page is dropped when it comes. (A
  // thief of the same kind would wait on the same limit.)
  const waited = v.waitedSeconds ?? 0;
  if (v.thief !== v.victim && waited >= STALLED_SECONDS && rt && (remaining * v.density) / rt < waited) return v.frontier;
  // A list walk faster than the search lane it robs takes all it has not read: leaving it a last
  // slice (or refusing a steal below MIN_STEAL_RECORDS) would end the run on search's 4 calls/s.
  if (v.victim === 'search' && v.thief === 'list' && rv && rt && rt > rv) return v.frontier;
  const share = rv && rt ? rt / (rv + rt) : 0.5;
  const keepIds = Math.ceil(KEEP_RECORDS[v.victim] / v.density);
  const stolen = Math.min(remaining - keepIds, Math.floor(remaining * share));
  if (stolen < 1 || stolen * v.density < MIN_STEAL_RECORDS[v.thief]) return undefined;
  return v.to - stolen;
}

// ---- The first checkpoint version: k static ranges, claims from the top (kept resumable). ----

/** Target records per range in the first version's split (estimate.ts counts calls with it). */
const RECORDS_PER_RANGE = 1_000;
const MIN_RANGES = 8;
const MAX_RANGES = 4_096;

/** Id ranges the first version used for `records` records (estimate.ts bounds seek pages with it). */
export function rangesFor(records: number): number {
  return Math.max(MIN_RANGES, Math.min(MAX_RANGES, Math.round(records / RECORDS_PER_RANGE)));
}

/** Upper bound of range j−1 in the first version: range j is ids in (bound(j), bound(j+1)]. */
export function bound(s: { lo: number; hi: number; k: number }, j: number): number {
  return s.lo + Math.floor(((s.hi - s.lo) * j) / s.k);
}

/** Range index of an id: −1 at or below lo, k above hi. */
export function rangeOf(s: { lo: number; hi: number; k: number }, id: number): number {
  if (id <= s.lo) return -1;
  if (id > s.hi) return s.k;
  let j = Math.min(s.k - 1, Math.floor(((id - s.lo) * s.k) / (s.hi - s.lo)));
  while (j > 0 && id <= bound(s, j)) j--;
  while (j < s.k - 1 && id > bound(s, j + 1)) j++;
  return j;
}
