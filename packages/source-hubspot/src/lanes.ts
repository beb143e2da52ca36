/**
 * The lanes of the parallel first sync (parallel-list.ts): each takes a piece from the claim board
 * (claim-board.ts), reads it upward — as a list walk (from the start, from HubSpot's cursor, or
 * from a cursor built from an id) or by search — and pushes its pages; with nothing left to take
 * it steals, and with nothing to steal it waits for the board to change.
 *
 * A page's records are cut to the piece's end as it stands when the page arrives, and its progress
 * goes on the board in the same step as the page goes on the queue: a thief never splits below
 * what a lane has pushed.
 */
import type { HubSpotClient } from '@pipe/hubspot-api';
import { HttpError, SourceError } from '@pipe/sdk';
import type { ClaimBoard, Piece, Taker } from './claim-board.ts';
import { LIST_PAGE, type ListTarget, listRecords } from './list.ts';
import { SEARCH_PAGE, type SearchTarget, search } from './search.ts';
import type { LaneKind } from './split-planner.ts';
import type { HubSpotRecord } from './typing.ts';

export type LaneLabel = 'list' | 'search' | 'seek';

/** How often a lane with nothing to do looks for a steal while the board does not change. */
const IDLE_LOOK_AGAIN_MS = 250;

export interface Item {
  lane: LaneLabel;
  records: HubSpotRecord[];
  /** The piece, and its progress once this page is handed on. */
  key: number;
  frontier: number | undefined;
  cursor?: string;
  done: boolean;
}

export interface LaneEnv {
  client: HubSpotClient;
  list: ListTarget;
  listOpts: { maxUrl: number; baseUrl: string };
  search: SearchTarget;
  stream: string;
  board: ClaimBoard;
  signal: AbortSignal;
  /** Queues a page (at once, so the queue's order is the order progress was made), then waits for room. */
  push: (item: Item) => Promise<void>;
  /** Resolves at the next change of the board (a page pushed or handed on), or after `lookAgainMs`; rejects once closed. */
  changed: (lookAgainMs?: number) => Promise<void>;
  closed: () => boolean;
  onSeekFallback?: (reason: string) => void;
  onGapSearch?: () => void;
  /** Records a page brought from outside its piece (another lane's, or ones read already), dropped. */
  onOutsidePiece?: (records: number) => void;
  /** Lanes waiting for work (all of them with pieces left means nobody can read those). */
  idle: { n: number };
}

/**
 * A list walk saw an id at or below the one before it: the list is not in ascending id order
 * (API-FACTS 3.1, UNCONFIRMED), which the parallel first sync's pieces rest on. The object stream
 * catches it and lists the object as one plain walk instead (object-stream.ts).
 */
export class ListOrderError extends SourceError {
  constructor(stream: string, objectType: string, id: string, prev: string) {
    super(
      `${stream}: HubSpot listed ${objectType} id ${id} after id ${prev}: the list endpoint does not return records in ascending id order, which the parallel first sync (parallel_full_sync) relies on to split the work; stopped before using that page, so nothing wrong was written`,
      { hint: `Set \`parallel_full_sync: false\` in the options of stream ${stream}: the first sync then lists one page at a time (slower, no order needed).` },
    );
  }
}

function numericId(stream: string, objectType: string, r: HubSpotRecord): number {
  const id = String(r.id);
  if (!/^\d+$/.test(id)) throw new SourceError(`${stream}: HubSpot listed a ${objectType} record with a non-numeric id ${JSON.stringify(id)}; the parallel first sync needs numeric ids`, { hint: `Set \`parallel_full_sync: false\` in the options of stream ${stream}.` });
  return Number(id);
}

/** Seeding failed: no more seeds this run; the piece goes back to the board for search. */
function seekFailed(env: LaneEnv, p: Piece, reason: string): void {
  if (!env.board.seekFailed) {
    env.board.seekFailed = true;
    env.onSeekFallback?.(reason);
  }
  env.board.release(p, true);
}

/**
 * A list walk over piece p: from its cursor, from the start of the list, or seeded at its first id
 * (`after=<from + 1>`). A seeded walk's first page is checked: refused (400) or starting below the
 * seed gives the piece back for search (nothing of it pushed); starting above the seed makes the ids
 * in between a search-only piece of their own (none when cursors are ids).
 */
async function walk(env: LaneEnv, p: Piece): Promise<void> {
  // Seeded at the frontier's record when a page showed it (it must come first: no gap below it), else just above.
  const seed = p.cursor === undefined && !p.fromStart ? p.frontier! + (p.atRecord ? 0 : 1) : undefined;
  const label: LaneLabel = p.fromStart ? 'list' : 'seek';
  // Ids are distinct integers, so the piece holds at most (frontier, to] of them (plus the seed's
  // own record, listed again): asking no more than that spares fetching records of the piece above
  // (dense and clustered ids, bench/source-hubspot/lanes-matrix.ts).
  const limit = () => (p.frontier === undefined ? LIST_PAGE : p.to - p.frontier + 1);
  const pages = listRecords(env.client, env.list, { ...env.listOpts, after: p.cursor ?? (seed === undefined ? undefined : String(seed)), signal: env.signal, limit });
  let first = seed !== undefined;
  let prev: number | undefined;
  try {
    while (!env.closed()) {
      const t0 = performance.now();
      p.askedAt = t0;
      let next: IteratorResult<{ records: HubSpotRecord[]; next?: string }>;
      try {
        next = await pages.next();
      } catch (err) {
        if (first && err instanceof HttpError && err.status === 400) return seekFailed(env, p, `HubSpot answered 400 to a list cursor built from id ${seed}`);
        throw err;
      }
      if (p.done || env.closed()) return; // a thief took all that was left
      const page = next.done ? { records: [] } : next.value;
      const ids = page.records.map((r) => numericId(env.stream, env.list.objectType, r));
      for (const id of ids) {
        if (prev !== undefined && id <= prev) throw new ListOrderError(env.stream, env.list.objectType, String(id), String(prev));
        prev = id;
      }
      // A seeded walk's first page vouches only for ids from its first record up.
      const vouchedFrom = first ? (ids[0] ?? Number.POSITIVE_INFINITY) : Number.NEGATIVE_INFINITY;
      if (first) {
        first = false;
        const f = ids[0] ?? Number.POSITIVE_INFINITY;
        if (f < seed!) return seekFailed(env, p, `a list cursor built from id ${seed} started at id ${f}`);
        if (f > seed!) {
          // Ids between the seed and the first one listed: none when cursors are ids; search tells.
          env.board.splitGap(p, f);
          env.onGapSearch?.();
        }
      }
      const low = p.frontier ?? Number.NEGATIVE_INFINITY;
      const end = p.to;
      // (A walk seeded at its frontier's record lists that record again: it is not kept.)
      const keep = page.records.filter((_, i) => ids[i]! > low && ids[i]! <= end);
      if (keep.length < page.records.length) env.onOutsidePiece?.(page.records.length - keep.length);
      const last = ids[ids.length - 1];
      // What lies just above the piece's end, for pieces of skipped ids there.
      const above = ids.find((id) => id > end);
      // Done past the piece's end, at it, or at the end of the list.
      const done = (last !== undefined && last >= end) || !page.next;
      const frontier = done ? end : (last ?? p.frontier);
      const cursor = done ? undefined : page.next;
      if (vouchedFrom <= end) {
        if (above !== undefined) env.board.noRecordsIn(end, above - 1);
        else if (!page.next) env.board.noRecordsIn(end, Number.MAX_SAFE_INTEGER);
      }
      env.board.measure('list', page.records.length, (performance.now() - t0) / 1000);
      env.board.advance(p, frontier, cursor, done, !done && last !== undefined);
      await env.push({ lane: label, records: keep, key: p.key, frontier, cursor, done });
      if (done) {
        // The page ended exactly at the piece's end, and a seeded walk above left a gap there:
        // one id from HubSpot's own cursor clears it, instead of a search at 4 calls/s.
        if (vouchedFrom <= end && above === undefined && page.next && env.board.hasGapFrom(end) && !env.closed()) {
          const next = await firstIdAfter(env, page.next);
          env.board.noRecordsIn(end, next === undefined ? Number.MAX_SAFE_INTEGER : next - 1);
        }
        return;
      }
    }
  } finally {
    await pages.return(undefined);
  }
}

/** The id of the first record after a list cursor (one record, its id only), undefined at the end of the list. */
async function firstIdAfter(env: LaneEnv, after: string): Promise<number | undefined> {
  const pages = listRecords(env.client, { ...env.list, properties: ['hs_object_id'] }, { ...env.listOpts, after, limit: 1, signal: env.signal });
  try {
    const first = (await pages.next()).value?.records[0];
    return first === undefined ? undefined : numericId(env.stream, env.list.objectType, first);
  } finally {
    await pages.return(undefined);
  }
}

/** Piece p by search: ids in (frontier, to], sorted by id, 200 a page, always at offset 0. */
async function searchWalk(env: LaneEnv, p: Piece): Promise<void> {
  let first = true;
  while (!env.closed()) {
    const from = p.frontier!;
    // Asked up to the piece's end: records above it are another lane's, fetched for nothing
    // (bench/source-hubspot/lanes-matrix.ts, unlimited search). Up to the span's end only when
    // ids a seeded walk skipped start right above the piece: a last page that is not full then
    // shows them empty, with no search call of their own.
    const asked = env.board.hasGapFrom(p.to) ? Math.max(p.to, env.board.hi) : p.to;
    const t0 = performance.now();
    p.askedAt = t0;
    const results = from < p.to ? await searchIds(env, String(from), asked) : [];
    if (from < p.to) {
      // Ids the answer shows empty: below its first record, or all it was asked when not full.
      // Said even when a thief took the piece meanwhile: it clears the gap the thief's seed left.
      const first = results[0];
      if (first !== undefined) env.board.noRecordsIn(from, Number(first.id) - 1);
      else env.board.noRecordsIn(from, asked);
    }
    if (p.done || env.closed()) return;
    env.board.measure('search', results.length, (performance.now() - t0) / 1000);
    const end = p.to;
    const keep = results.filter((r) => Number(r.id) <= end);
    if (keep.length < results.length) env.onOutsidePiece?.(results.length - keep.length);
    if (first && p.gap && keep.length >= SEARCH_PAGE && !env.board.seekFailed) {
      // A seeded walk skipped a full page of records: cursors are not ids here.
      env.board.seekFailed = true;
      env.onSeekFallback?.(`a list cursor built from id ${from + 1} skipped ${SEARCH_PAGE}+ records`);
    }
    first = false;
    const last = results[results.length - 1];
    // (A page asked for fewer than SEARCH_PAGE records covered every id asked: searchIds.)
    const done = results.length < SEARCH_PAGE || keep.length < results.length || Number(last!.id) >= end;
    const frontier = done ? end : Number(last!.id);
    // Ids this page shows empty above the piece's (maybe lowered) end.
    const above = results.find((r) => Number(r.id) > end);
    if (above !== undefined) env.board.noRecordsIn(end, Number(above.id) - 1);
    else if (results.length < SEARCH_PAGE) env.board.noRecordsIn(end, asked);
    env.board.advance(p, frontier, undefined, done, !done);
    await env.push({ lane: 'search', records: keep, key: p.key, frontier, done });
    if (done) return;
  }
}

/**
 * One search page of the records with ids in (from, to], sorted by id. An id out of order or
 * outside the range fails the stream before anything of the page is used.
 */
async function searchIds(env: LaneEnv, from: string, to: number): Promise<HubSpotRecord[]> {
  const res = await search(
    env.client,
    env.search,
    [
      { propertyName: 'hs_object_id', operator: 'GT', value: from },
      { propertyName: 'hs_object_id', operator: 'LTE', value: String(to) },
    ],
    'hs_object_id',
    // No more than the ids asked for can match (distinct integers).
    Math.max(1, Math.min(SEARCH_PAGE, to - Number(from))),
    env.signal,
  );
  const results = res.results ?? [];
  let last = Number(from);
  for (const rec of results) {
    const id = Number(rec.id);
    if (!(id > last && id <= to)) {
      throw new SourceError(`${env.stream}: HubSpot search for ids in (${from}, ${to}] sorted by id returned id ${rec.id} after ${last}; nothing from it was used`, {
        hint: `Run again; if it persists, set \`parallel_full_sync: false\` in the options of stream ${env.stream}.`,
      });
    }
    last = id;
  }
  return results;
}

/**
 * A lane: take a piece (or steal one), read it, repeat; wait when there is nothing to take. Ends
 * when the run closes (every piece read and handed on, or the consumer stopped).
 */
export async function runLane(env: LaneEnv, kind: LaneKind, canSeek: boolean): Promise<void> {
  while (!env.closed()) {
    // A list lane reads by search once seeking failed, or when it may not seek at all.
    const taker: Taker = { kind, canSeek, canSearch: kind === 'search' || !canSeek || env.board.seekFailed };
    const work = env.board.take(taker);
    if (!work) {
      env.idle.n++;
      try {
        // Also look again after a while: a lane held by a rate limit changes nothing for
        // seconds, and a steal from it pays once it stalls (split-planner.ts, stealPoint).
        await env.changed(IDLE_LOOK_AGAIN_MS);
      } finally {
        env.idle.n--;
      }
      continue;
    }
    const { piece, way } = work;
    if (way === 'list') await walk(env, piece);
    else await searchWalk(env, piece);
    if (piece.done) piece.reader = undefined;
  }
}
