// The claim board and split planner of the parallel first sync, without HTTP: who steals what,
// and that a checkpoint written at any moment describes every unread id exactly once.
import { describe, expect, it } from 'vitest';
import type { SplitStateV1 } from '../src/checkpoint.ts';
import { ClaimBoard, type Taker } from '../src/claim-board.ts';
import { bound, planPieces, stealPoint } from '../src/split-planner.ts';

const LIST: Taker = { kind: 'list', canSeek: true, canSearch: false };
const SEARCH: Taker = { kind: 'search', canSeek: false, canSearch: true };

/** Ids each piece of a checkpoint still has to read, as [from, to] pairs, in order. */
const unread = (b: ClaimBoard) => b.snapshot().w.map(([from, to]) => [from, to]);

/** No gaps or overlaps: consecutive pieces of a fresh board tile (lo, hi]. */
function expectTiles(pieces: number[][], lo: number, hi: number) {
  let at = lo;
  for (const [from, to] of pieces) {
    expect(from).toBe(at);
    expect(to!).toBeGreaterThan(from!);
    at = to!;
  }
  expect(at).toBe(hi);
}

describe('split planner', () => {
  it('cuts the span into a bottom piece, one per seek lane and a small one per search lane at the top', () => {
    const plan = planPieces({ lo: 1000, hi: 21_000, records: 20_000, listLanes: 7, searchLanes: 3 });
    expect(plan.filter((p) => p.for === 'list')).toHaveLength(7);
    expect(plan.filter((p) => p.for === 'search')).toHaveLength(3);
    expect(plan[0]).toMatchObject({ from: 1000, fromStart: true });
    for (const p of plan.filter((x) => x.for === 'search')) expect(p.to - p.from).toBe(1000);
    expectTiles(
      plan.map((p) => [p.from, p.to]),
      1000,
      21_000,
    );
  });

  it('a steal takes half when the lanes are equally fast, all from a slower search lane, nothing too small', () => {
    expect(stealPoint({ frontier: 0, to: 10_000, victim: 'list', thief: 'list', rates: {}, density: 1 })).toBe(5_000);
    expect(stealPoint({ frontier: 0, to: 10_000, victim: 'list', thief: 'list', rates: { list: 500 }, density: 1 })).toBe(5_000);
    // A list walk at 10,000 records/s stealing from search at 100 takes all it has not read, even a last half page.
    expect(stealPoint({ frontier: 0, to: 10_000, victim: 'search', thief: 'list', rates: { list: 10_000, search: 100 }, density: 1 })).toBe(0);
    expect(stealPoint({ frontier: 9_950, to: 10_000, victim: 'search', thief: 'list', rates: { list: 10_000, search: 100 }, density: 1 })).toBe(9_950);
    // A list walk slower than search (high latency) takes the share that makes both finish together.
    expect(stealPoint({ frontier: 0, to: 9_000, victim: 'search', thief: 'list', rates: { list: 400, search: 800 }, density: 1 })).toBe(6_000);
    // Search stealing from a fast list walk takes its share only when that is a page or more.
    expect(stealPoint({ frontier: 0, to: 10_000, victim: 'list', thief: 'search', rates: { list: 10_000, search: 100 }, density: 1 })).toBeUndefined();
    expect(stealPoint({ frontier: 0, to: 300, victim: 'list', thief: 'list', rates: {}, density: 1 })).toBeUndefined();
    // A victim stalled for longer than the thief needs for all it has left loses it all; a victim
    // that is only waiting a normal round trip, or whose rest takes the thief longer, does not.
    expect(stealPoint({ frontier: 9_850, to: 10_000, victim: 'list', thief: 'search', rates: { list: 10_000, search: 800 }, density: 1, waitedSeconds: 2 })).toBe(9_850);
    expect(stealPoint({ frontier: 9_850, to: 10_000, victim: 'list', thief: 'search', rates: { list: 10_000, search: 800 }, density: 1, waitedSeconds: 0.5 })).toBeUndefined();
    expect(stealPoint({ frontier: 0, to: 10_000, victim: 'list', thief: 'search', rates: { list: 10_000, search: 800 }, density: 1, waitedSeconds: 2 })).toBe(9_260); // its share only
    // Another list walk would wait on the same burst limit: no stall steal.
    expect(stealPoint({ frontier: 9_700, to: 10_000, victim: 'list', thief: 'list', rates: { list: 10_000 }, density: 1, waitedSeconds: 2 })).toBeUndefined();
    // Sparse ids: sized in records, not ids.
    expect(stealPoint({ frontier: 0, to: 10_000, victim: 'list', thief: 'list', rates: {}, density: 0.02 })).toBeUndefined();
  });
});

describe('claim board', () => {
  it('a lane that finishes early takes half of the largest remaining piece; the victim stops at the new end', () => {
    const b = new ClaimBoard(0, 40_000, 40_000);
    const small = b.add({ from: 0, to: 2_000 });
    const big = b.add({ from: 2_000, to: 30_000 });
    const mid = b.add({ from: 30_000, to: 40_000 });
    for (let i = 0; i < 3; i++) expect(b.take(LIST)?.piece.reader).toBe('list');
    b.advance(big, 10_000, '10001', false); // read up to 10,000: 20,000 left, the most
    b.advance(mid, 31_000, '31001', false); // 9,000 left
    b.advance(small, 2_000, undefined, true); // done
    const stolen = b.take(LIST)!;
    expect(stolen.way).toBe('list');
    expect(big.to).toBe(20_000);
    expect(stolen.piece.frontier).toBe(20_000);
    expect(stolen.piece.to).toBe(30_000);
    // The checkpoint: every unread id in exactly one piece (the victim as of what was handed on).
    b.handed(small.key, 2_000, undefined, true);
    expect(unread(b)).toEqual([
      [2_000, 20_000],
      [20_000, 30_000],
      [30_000, 40_000],
    ]);
    // The next steal takes half of what is now the largest (the victim's 10,000 unread ids).
    const again = b.take(LIST)!;
    expect([again.piece.frontier, again.piece.to]).toEqual([15_000, 20_000]);
    expect(big.to).toBe(15_000);
  });

  it('a list walk takes everything a search lane held to 4 calls/s has not read, and the search piece ends at once', () => {
    const b = new ClaimBoard(0, 10_000, 10_000);
    const s = b.add({ from: 0, to: 10_000 });
    expect(b.take(SEARCH)?.way).toBe('search');
    b.advance(s, 1_000, undefined, false);
    b.measure('search', 200, 1); // 200 records/s
    b.measure('list', 100, 0.005); // 20,000 records/s
    const emptied: number[] = [];
    b.onEmptied = (p) => emptied.push(p.key);
    const stolen = b.take(LIST)!;
    expect(stolen.piece).toMatchObject({ to: 10_000, frontier: 1_000, atRecord: false }); // all 9,000 left
    expect(s).toMatchObject({ to: 1_000, done: true });
    expect(emptied).toEqual([s.key]); // done without waiting for its lane's page in flight
    // A list walk slower than search takes only its share.
    const c = new ClaimBoard(0, 10_000, 10_000);
    const t = c.add({ from: 0, to: 9_000 });
    expect(c.take(SEARCH)?.piece).toBe(t);
    c.measure('search', 200, 0.25); // 800 records/s
    c.measure('list', 100, 0.25); // 400 records/s
    expect(c.take(LIST)?.piece).toMatchObject({ frontier: 6_000, to: 9_000 });
    expect(t).toMatchObject({ to: 6_000, done: false });
  });

  it('search takes all a list walk stalled on its next page (a spent burst window) has left, page in flight included', () => {
    const b = new ClaimBoard(0, 10_000, 10_000);
    const l = b.add({ from: 0, to: 10_000 });
    expect(b.take(LIST)?.way).toBe('list');
    b.advance(l, 9_850, '9851', false);
    b.measure('list', 100, 0.01); // 10,000 records/s while the window lasted
    b.measure('search', 200, 0.25); // 800 records/s
    l.askedAt = 1_000; // asked for its next page at t = 1 s
    // After 0.5 s it is only slow: 150 records are less than a search page's worth of its share.
    expect(b.take(SEARCH, 1_500)).toBeUndefined();
    // After 2 s, longer than search needs for all 150 (0.19 s): search takes them all.
    const emptied: number[] = [];
    b.onEmptied = (p) => emptied.push(p.key);
    expect(b.take(SEARCH, 3_000)).toMatchObject({ way: 'search', piece: { frontier: 9_850, to: 10_000 } });
    expect(l).toMatchObject({ to: 9_850, done: true });
    expect(emptied).toEqual([l.key]);
    // A page arriving starts the wait afresh.
    const c = new ClaimBoard(0, 10_000, 10_000);
    const m = c.add({ from: 0, to: 10_000 });
    c.take(LIST);
    c.measure('list', 100, 0.01);
    c.measure('search', 200, 0.25);
    m.askedAt = 1_000;
    c.advance(m, 9_850, '9851', false);
    expect(c.take(SEARCH, 3_000)).toBeUndefined();
  });

  it('a piece stolen whole from a frontier a page showed is seeded at that record, so it leaves no gap', () => {
    const b = new ClaimBoard(0, 10_000, 10_000);
    const s = b.add({ from: 0, to: 10_000 });
    b.take(SEARCH);
    b.advance(s, 1_234, undefined, false, true); // a search page ended at record 1,234
    b.measure('search', 200, 1);
    b.measure('list', 100, 0.01);
    const stolen = b.take(LIST)!.piece;
    expect(stolen).toMatchObject({ frontier: 1_234, atRecord: true });
    // A seeded walk whose first record is above the seed makes a gap piece: the seed no longer vouches.
    const gap = b.splitGap(stolen, 1_300);
    expect(gap).toMatchObject({ frontier: 1_234, to: 1_299, searchOnly: true });
    expect(stolen).toMatchObject({ frontier: 1_299, atRecord: false });
    // A steal that splits inside unread ids starts at no known record.
    const c = new ClaimBoard(0, 10_000, 10_000);
    const l = c.add({ from: 0, to: 10_000 });
    c.take(LIST);
    c.advance(l, 2_000, 'cursor', false, true);
    expect(c.take(LIST)!.piece).toMatchObject({ frontier: 6_000, atRecord: false });
    // A search page shows no record between the stolen frontier and its first result: the gap ends at once.
    expect(c.hasGapFrom(2_000)).toBe(false);
    const g = c.splitGap(c.add({ from: 7_000, to: 8_000 }), 7_050);
    expect(c.hasGapFrom(7_000)).toBe(true);
    c.noRecordsIn(7_000, 7_049);
    expect(g.done).toBe(true);
  });

  it('pieces nobody holds go first (planned kind first); search-only pieces go to search', () => {
    const b = ClaimBoard.fresh(0, 20_000, 20_000, planPieces({ lo: 0, hi: 20_000, records: 20_000, listLanes: 2, searchLanes: 1 }));
    expect(b.take(SEARCH)?.piece.plannedFor).toBe('search');
    const bottom = b.take(LIST)!.piece;
    expect(bottom.fromStart).toBe(true);
    const seek = b.take(LIST)!.piece;
    b.advance(seek, seek.frontier! + 50, '123', false);
    const gap = b.splitGap(b.add({ from: 19_000, to: 19_500 }), 19_100);
    expect(gap).toMatchObject({ searchOnly: true, frontier: 19_000, to: 19_099 });
    expect(b.take(LIST)?.piece).not.toBe(gap); // a list lane steals rather than seek into a gap
    expect(b.take(SEARCH)?.piece).toBe(gap);
  });

  it('a snapshot resumes to the same pieces (compact keys only in the checkpoint)', () => {
    const b = new ClaimBoard(100, 50_000, 30_000, true);
    b.add({ from: 100, to: 9_000, fromStart: true });
    const walk = b.add({ from: 9_000, to: 20_000 });
    b.add({ from: 20_000, to: 20_400, searchOnly: true });
    b.add({ from: 20_400, to: 50_000 });
    b.take(LIST);
    b.take(LIST);
    b.advance(walk, 12_345, '12346', false);
    b.handed(walk.key, 12_345, '12346', false);
    const snap = b.snapshot();
    expect(snap).toEqual({
      v: 2,
      lo: 100,
      hi: 50_000,
      n: 30_000,
      nx: 1,
      w: [
        [100, 9_000, 1],
        [12_345, 20_000, '12346'],
        [20_000, 20_400, 0],
        [20_400, 50_000],
      ],
    });
    expect(ClaimBoard.resume(JSON.parse(JSON.stringify(snap)), undefined).snapshot()).toEqual(snap);
  });

  it('a first-version checkpoint (static ranges, claims from the top) maps onto pieces covering the same unread ids', () => {
    const s: SplitStateV1 = { lo: 0, hi: 12_000, k: 12, l: 2, t: 8, c: { '8': '8037', '9': { e: 9, a: '9100' }, '10': { e: 10 } } };
    const b = ClaimBoard.resume(s, '2500');
    expect(b.snapshot().w).toEqual([
      [-1, 8_000, '2500'], // the list lane: its cursor, where it stands unknown until its next page
      [8_037, 9_000], // search over range 8 from 8,037
      [-1, 10_000, '9100'], // a seek walk over range 9 at its cursor
      [10_000, 11_000], // a seek claim not started; range 11 was done
    ]);
    expect(bound(s, 8)).toBe(8_000);
    // A list lane continues the walks; nobody steals from a walk whose position is unknown.
    const first = b.take(LIST)!;
    expect(first.piece.cursor).toBe('2500');
    const ld = ClaimBoard.resume({ ...s, ld: 1 }, undefined).snapshot().w;
    expect(ld[0]).toEqual([8_037, 9_000]);
  });
});
