/**
 * Which parts of the id span are claimed, by whom, how far each is read, and what is done: the
 * shared memory of the parallel first sync's lanes (parallel-list.ts).
 *
 * The span is cut into pieces, ids in (from, to]. A lane reads one piece at a time, upward. A lane
 * with nothing to read steals: it takes the top part of the piece with the most ids left (half of
 * it, or the share that makes both lanes finish together when their speeds are known,
 * split-planner.ts `stealPoint`), and the victim stops at the new end. Every id belongs to exactly
 * one piece, so every record is read once.
 *
 * Two kinds of progress per piece: `frontier`/`cursor` as pushed by the lane (what steals split
 * at), and `saved` as of the pages already handed to the consumer (what the checkpoint records).
 * A steal only moves unread ids between pieces, so a checkpoint written at any moment resumes
 * exactly. Names are readable here; the checkpoint's compact keys live in `snapshot`/`resume`
 * only (shapes in checkpoint.ts).
 */
import { isSplitStateV2, type SplitState, type SplitStateV1, type SplitStateV2 } from './checkpoint.ts';
import { bound, type LaneKind, type PlannedPiece, type Rates, stealPoint } from './split-planner.ts';

export interface Piece {
  readonly key: number;
  /** Last id of the piece (inclusive); lowered when a thief takes the top. */
  to: number;
  /** Highest id read (pushed) so far; undefined while a walk resumed from a cursor has not shown where it is. */
  frontier: number | undefined;
  /** The frontier is the id of a record a page showed: a walk seeded there must list it first, so it leaves no gap. */
  atRecord: boolean;
  /** List cursor to continue from, once a walk has one. */
  cursor?: string;
  /** The bottom piece before its first page: listed from the start of the list. */
  fromStart: boolean;
  /** Read by search only: the ids a seeded walk skipped (seeking into them again would skip them again). */
  searchOnly: boolean;
  /** Made from a skipped gap: a full first search page means seeds cannot be trusted. */
  gap: boolean;
  /** The kind of lane the plan meant this piece for (fresh runs only). */
  plannedFor?: LaneKind;
  /** How the lane holding it reads it; undefined: nobody holds it. */
  reader?: LaneKind;
  /** When (performance.now(), ms) the lane holding it asked for its next page; undefined between pages. */
  askedAt?: number;
  /** The lane has pushed its last page (or a steal left nothing to read). */
  done: boolean;
  /** Progress as of the pages handed to the consumer. */
  saved: { from: number | undefined; cursor?: string };
}

export interface Taker {
  /** A list walk may start from a cursor it builds (`after=<id>`). */
  canSeek: boolean;
  /** The lane may read by search. */
  canSearch: boolean;
  /** What the lane prefers: 'list' walks or 'search'. */
  kind: LaneKind;
}

export class ClaimBoard {
  private readonly pieces = new Map<number, Piece>();
  private nextKey = 0;
  /** Records per second of one lane, per way of reading (exponentially weighted). */
  readonly rates: Rates = {};
  /** Seeding a list cursor failed once: no more seeds this run. */
  seekFailed: boolean;
  /** As of the pages handed to the consumer. */
  savedSeekFailed: boolean;
  /** Called when a steal leaves a held piece nothing to read: the piece is done without waiting for its lane. */
  onEmptied: (p: Piece) => void = () => {};

  constructor(
    readonly lo: number,
    readonly hi: number,
    /** Records the run expects (for the density steals are sized by). */
    readonly records: number,
    seekFailed = false,
  ) {
    this.seekFailed = seekFailed;
    this.savedSeekFailed = seekFailed;
  }

  /** Records per id, on average over the span. */
  get density(): number {
    return Math.max(1e-9, this.records / Math.max(1, this.hi - this.lo));
  }

  static fresh(lo: number, hi: number, records: number, plan: PlannedPiece[]): ClaimBoard {
    const b = new ClaimBoard(lo, hi, records);
    for (const p of plan) b.add({ from: p.from, to: p.to, fromStart: p.fromStart === true, plannedFor: p.for });
    return b;
  }

  /** The board a checkpoint describes (either version); `after` is the first version's list cursor. */
  static resume(state: SplitState, after: string | undefined): ClaimBoard {
    return isSplitStateV2(state) ? resumeV2(state) : resumeV1(state, after);
  }

  add(p: { from: number | undefined; to: number; cursor?: string; fromStart?: boolean; searchOnly?: boolean; gap?: boolean; plannedFor?: LaneKind; atRecord?: boolean }): Piece {
    const piece: Piece = {
      key: this.nextKey++,
      to: p.to,
      frontier: p.from,
      atRecord: p.atRecord === true,
      cursor: p.cursor,
      fromStart: p.fromStart === true,
      searchOnly: p.searchOnly === true,
      gap: p.gap === true,
      plannedFor: p.plannedFor,
      done: false,
      saved: { from: p.from, cursor: p.cursor },
    };
    this.pieces.set(piece.key, piece);
    return piece;
  }

  /** True once every piece is done and handed to the consumer. */
  get complete(): boolean {
    return this.pieces.size === 0;
  }

  /** How the taker can read a piece nobody holds (undefined: it cannot). */
  private way(p: Piece, t: Taker): LaneKind | undefined {
    const walkable = p.cursor !== undefined || p.fromStart || (!p.searchOnly && t.canSeek && !this.seekFailed && p.frontier !== undefined);
    const searchable = p.frontier !== undefined && p.cursor === undefined;
    if (t.kind === 'list' && walkable) return 'list';
    if (t.canSearch && searchable) return 'search';
    return undefined;
  }

  /**
   * Work for a lane: a piece nobody holds (those planned for its kind first, the lowest first), else
   * the top part of the piece with the most ids left. Undefined: nothing now (wait for a change).
   */
  take(t: Taker, now = performance.now()): { piece: Piece; way: LaneKind } | undefined {
    let best: { piece: Piece; way: LaneKind } | undefined;
    for (const p of this.pieces.values()) {
      if (p.reader !== undefined || p.done) continue;
      const way = this.way(p, t);
      if (!way) continue;
      const rank = (x: Piece) => (x.plannedFor === t.kind ? 0 : 1);
      if (!best || rank(p) < rank(best.piece) || (rank(p) === rank(best.piece) && (p.frontier ?? -1) < (best.piece.frontier ?? -1))) best = { piece: p, way };
    }
    if (best) {
      best.piece.reader = best.way;
      return best;
    }
    return this.steal(t, now);
  }

  private steal(t: Taker, now: number): { piece: Piece; way: LaneKind } | undefined {
    const way: LaneKind | undefined = t.kind === 'list' && t.canSeek && !this.seekFailed ? 'list' : t.canSearch ? 'search' : undefined;
    if (!way) return undefined;
    let victim: Piece | undefined;
    for (const p of this.pieces.values()) {
      if (p.reader === undefined || p.done || p.frontier === undefined) continue;
      // Seeking into ids a seed skipped would skip them again.
      if (p.searchOnly && way === 'list') continue;
      if (!victim || p.to - p.frontier > victim.to - victim.frontier!) victim = p;
    }
    if (!victim) return undefined;
    const waitedSeconds = victim.askedAt === undefined ? 0 : (now - victim.askedAt) / 1000;
    const mid = stealPoint({ frontier: victim.frontier!, to: victim.to, victim: victim.reader!, thief: way, rates: this.rates, density: this.density, waitedSeconds });
    if (mid === undefined) return undefined;
    const piece = this.add({ from: mid, to: victim.to, searchOnly: victim.searchOnly, gap: victim.gap, atRecord: mid === victim.frontier && victim.atRecord });
    piece.reader = way;
    victim.to = mid;
    if (victim.frontier! >= mid) {
      victim.done = true;
      this.onEmptied(victim);
    }
    return { piece, way };
  }

  /** Id intervals (a, b] a list or search page showed to hold no record (recent ones). */
  private readonly empty: [number, number][] = [];

  /**
   * A page showed that no record has an id in (a, b]: a piece of skipped ids inside it is done
   * without a search (the walk below a seeded walk's gap ends with a page reaching past it).
   */
  noRecordsIn(a: number, b: number): void {
    if (!(b > a)) return;
    this.empty.push([a, b]);
    if (this.empty.length > 256) this.empty.shift();
    for (const p of this.pieces.values()) this.resolveGap(p);
  }

  /** Whether a piece of skipped ids, not read yet, starts right above `id`. */
  hasGapFrom(id: number): boolean {
    for (const p of this.pieces.values()) if (p.gap && !p.done && p.frontier === id) return true;
    return false;
  }

  private resolveGap(p: Piece): void {
    if (!p.gap || p.done || p.frontier === undefined) return;
    const from = p.frontier;
    if (!this.empty.some(([a, b]) => a <= from && b >= p.to)) return;
    p.done = true;
    p.frontier = p.to;
    this.onEmptied(p);
  }

  /** Test hook and diagnostics: the pieces as they stand. */
  list(): readonly Piece[] {
    return [...this.pieces.values()].sort((a, b) => a.to - b.to);
  }

  /** A lane pushed a page of the piece: its progress, as steals see it. */
  advance(p: Piece, frontier: number | undefined, cursor: string | undefined, done: boolean, atRecord = false): void {
    p.askedAt = undefined;
    p.frontier = frontier;
    p.atRecord = atRecord;
    p.cursor = cursor;
    p.fromStart = false;
    if (done) p.done = true;
  }

  /** The lane holding the piece gives it back unread beyond its frontier (e.g. its seed was refused). */
  release(p: Piece, searchOnly: boolean): void {
    p.reader = undefined;
    if (searchOnly) p.searchOnly = true;
  }

  /**
   * A seeded walk's first record is `first`, above its seed: the ids between belong to a new
   * search-only piece, and the walk's piece starts at first − 1 (no page of it was handed on yet,
   * so its saved start moves too).
   */
  splitGap(p: Piece, first: number): Piece {
    const from = p.frontier!;
    const cut = Math.min(first - 1, p.to);
    const gap = this.add({ from, to: cut, searchOnly: true, gap: true });
    p.frontier = cut;
    p.atRecord = false;
    p.saved = { from: cut };
    this.resolveGap(gap);
    return gap;
  }

  /** A page of the piece reached the consumer. */
  handed(key: number, frontier: number | undefined, cursor: string | undefined, done: boolean): void {
    const p = this.pieces.get(key);
    if (!p) return;
    if (done) this.pieces.delete(key);
    else p.saved = { from: frontier, cursor };
  }

  /** A lane's page rate (records per second), folded into its way of reading's average. */
  measure(way: LaneKind, records: number, seconds: number): void {
    if (seconds <= 0) return;
    const r = records / seconds;
    const old = this.rates[way];
    this.rates[way] = old === undefined ? r : 0.7 * old + 0.3 * r;
  }

  /** The checkpoint: each piece's unread ids as of the pages handed to the consumer. */
  snapshot(): SplitStateV2 {
    const w: SplitStateV2['w'] = this.list().map((p) => {
      const from = p.saved.from ?? -1;
      if (p.saved.cursor !== undefined) return [from, p.to, p.saved.cursor];
      if (p.fromStart && p.saved.from === this.lo) return [from, p.to, 1];
      return p.searchOnly ? [from, p.to, 0] : [from, p.to];
    });
    return { v: 2, lo: this.lo, hi: this.hi, n: this.records, w, ...(this.savedSeekFailed ? { nx: 1 as const } : {}) };
  }

  /** The list cursor below which everything is handed on (for a plain list should the split be switched off). */
  lowestCursor(): string | undefined {
    const low = this.list().reduce<Piece | undefined>((a, p) => (a === undefined || (p.saved.from ?? -1) < (a.saved.from ?? -1) ? p : a), undefined);
    return low?.saved.cursor;
  }
}

function resumeV2(s: SplitStateV2): ClaimBoard {
  const b = new ClaimBoard(s.lo, s.hi, s.n, s.nx === 1);
  for (const [from, to, how] of s.w) {
    const f = from < 0 ? undefined : from;
    if (typeof how === 'string') b.add({ from: f, to, cursor: how });
    else b.add({ from: f, to, fromStart: how === 1, searchOnly: how === 0 });
  }
  return b;
}

/**
 * The first version: k static ranges; the list lane (cursor `after`) owns everything below the
 * lowest claim from the top `t`; claims in `c` by their lowest range; ranges ≥ t not in `c` are done.
 */
function resumeV1(s: SplitStateV1, after: string | undefined): ClaimBoard {
  const b = new ClaimBoard(s.lo, s.hi, s.k * 1_000, s.nx === 1);
  if (s.ld !== 1) {
    // Where its cursor stands is unknown until its next page, so nobody steals from it before.
    if (after !== undefined) b.add({ from: undefined, to: bound(s, s.t), cursor: after });
    else b.add({ from: s.lo, to: bound(s, s.t), fromStart: true });
  }
  for (const [key, c] of Object.entries(s.c)) {
    const j = Number(key);
    if (typeof c === 'string') b.add({ from: Number(c), to: bound(s, j + 1) });
    else if (c.s !== undefined) b.add({ from: Number(c.s), to: bound(s, c.e + 1) });
    else if (c.a !== undefined) b.add({ from: undefined, to: bound(s, c.e + 1), cursor: c.a });
    else b.add({ from: bound(s, j), to: bound(s, c.e + 1) });
  }
  return b;
}
