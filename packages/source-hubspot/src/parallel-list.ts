/**
 * Parallel first sync of one object: several lanes read its id span at once and steal work from
 * each other, so the run ends when the fastest lanes run out of work, not when the slowest does.
 *
 * The list endpoint pages by a cursor, so one list walk is latency bound (one page per round trip)
 * while the burst budget allows 10–25 calls/s, and search has a budget of its own. So:
 * - two searches (lowest and highest id) give the span (lo, hi]; the split planner
 *   (split-planner.ts) cuts it into a bottom piece listed from the start, a piece per seek lane
 *   above it, and a small piece at the top per search lane;
 * - the lanes (lanes.ts) read pieces upward: list walks (the one from the start, and seek lanes
 *   started from a cursor built from the piece's first id, `after=<id>`) on the burst budget,
 *   search lanes (`hs_object_id > last AND ≤ end`, sorted by id, 200 a page, offset 0) on
 *   search's budget;
 * - the claim board (claim-board.ts) records who reads what; a lane that finishes takes the top
 *   half of the piece with the most left (or the share that makes both finish together, from
 *   their measured speeds; a list walk faster than the search lane it robs takes all it has not
 *   read), so search never holds up a run the list could finish; a list walk stalled on a rate
 *   limit longer than search needs for all it has left loses it all to search;
 * - HubSpot's list cursors are the next record's id in practice, though documented as opaque
 *   (API-FACTS 3.1, UNCONFIRMED). Nothing rests on that: when a seeded walk's first record is above
 *   the seed, the ids in between become a piece read by search (none when cursors are ids), unless
 *   a page shows them empty first: the answer a robbed search lane still gets, or one id read from
 *   HubSpot's own cursor by the walk that ends right below. A walk seeded at a record a page showed
 *   (a search lane's frontier) must list that record first, which leaves no gap at all. If
 *   HubSpot refuses a built cursor (400), starts below the seed, or the gap holds a full search
 *   page, the run stops seeking and reads such pieces by search.
 * Every record that exists when the run starts is emitted exactly once; later changes belong to
 * the next run (frozen `upper`).
 *
 * Relies on the list being in ascending id order (API-FACTS: UNCONFIRMED): checked on every page;
 * a violation throws ListOrderError (nothing of that page used), and the object stream lists the
 * object as one plain walk instead.
 *
 * State: pages of all lanes are yielded in arrival order; each carries the board's pieces as of
 * the pages yielded so far (checkpoint.ts, SplitStateV2; first-version checkpoints resume too).
 * At most QUEUE pages wait ahead of the consumer, plus one per lane.
 */
import { setMaxListeners } from 'node:events';
import { type HubSpotClient, fetchPage } from '@pipe/hubspot-api';
import { SourceError } from '@pipe/sdk';
import { isSplitState, isSplitStateV2, type SplitState, type SplitStateV2 } from './checkpoint.ts';
import { BoardChanges } from './board-changes.ts';
import { ClaimBoard } from './claim-board.ts';
import { type Item, type LaneEnv, runLane } from './lanes.ts';
import type { ListTarget } from './list.ts';
import type { SearchTarget } from './search.ts';
import { bound, HYBRID_MIN_RECORDS, planPieces, rangeOf, rangesFor } from './split-planner.ts';
import type { HubSpotRecord } from './typing.ts';

export { bound, HYBRID_MIN_RECORDS, isSplitState, rangeOf, rangesFor, type SplitState };

/** Pages waiting for the consumer, over all lanes (plus one per lane). */
const QUEUE = 4;

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
 * is small or its ids are not numeric, so the caller lists as before. The state it returns is the
 * whole span, unread; `hybridList` cuts it for its lanes.
 */
export async function planSplit(client: HubSpotClient, t: SearchTarget, minRecords = HYBRID_MIN_RECORDS): Promise<SplitStateV2 | undefined> {
  const first = await edge(client, t, 'ASCENDING');
  if (first.total < minRecords || first.id === undefined) return undefined;
  const last = await edge(client, t, 'DESCENDING');
  if (last.id === undefined || !/^\d+$/.test(first.id) || !/^\d+$/.test(last.id)) return undefined;
  const lo = Number(first.id) - 1;
  const hi = Number(last.id);
  if (!Number.isSafeInteger(hi) || hi <= lo) return undefined;
  return { v: 2, lo, hi, n: first.total, w: [[lo, hi, 1]] };
}

/** Pieces a split state holds (for the run's metrics). */
export function splitPieces(s: SplitState): number {
  return isSplitStateV2(s) ? s.w.length : s.k;
}

export interface HybridPage {
  lane: 'list' | 'search' | 'seek';
  records: HubSpotRecord[];
  /** The lowest list walk's cursor, everything below it handed on (used only if the split is switched off). */
  after?: string;
  /** Progress once this page and all before it are durable. */
  split: SplitStateV2;
}

export interface HybridOptions {
  list: ListTarget;
  listOpts: { maxUrl: number; baseUrl: string };
  search: SearchTarget;
  /** The list lane's cursor of a first-version checkpoint (ignored for the second). */
  after?: string;
  split: SplitState;
  /** Search lanes in flight at once. */
  lanes: number;
  /** Seek lanes in flight at once (0: the walk from the start and search lanes only). */
  seekLanes: number;
  stream: string;
  /** Called once when a seeded list cursor did not behave as an id (the rest of the run reads by search). */
  onSeekFallback?: (reason: string) => void;
  /** Called for each piece of ids a seeded walk skipped (read by search). */
  onGapSearch?: () => void;
  /** Called with the records a page brought from outside its piece (dropped). */
  onOutsidePiece?: (records: number) => void;
}

const CLOSED = Symbol('closed');

/** The board for a state: a fresh split (the whole span, unread) is cut for these lanes. */
export function boardFor(o: Pick<HybridOptions, 'split' | 'after' | 'lanes' | 'seekLanes'>): ClaimBoard {
  const s = o.split;
  if (isSplitStateV2(s) && s.w.length === 1 && s.w[0]![0] === s.lo && s.w[0]![1] === s.hi && s.w[0]![2] === 1) {
    return ClaimBoard.fresh(s.lo, s.hi, s.n, planPieces({ lo: s.lo, hi: s.hi, records: s.n, listLanes: 1 + Math.max(0, o.seekLanes), searchLanes: o.lanes }));
  }
  return ClaimBoard.resume(s, o.after);
}

export async function* hybridList(client: HubSpotClient, o: HybridOptions): AsyncGenerator<HybridPage> {
  const board = boardFor(o);
  const listLanes = 1 + Math.max(0, o.seekLanes);
  const totalLanes = listLanes + o.lanes;

  let closed = false;
  const abort = new AbortController();
  // Every lane's request listens to it: more than Node's default 10 listeners is expected.
  setMaxListeners(4 * totalLanes + 16, abort.signal);
  let failure: unknown;
  const queue: Item[] = [];
  let wakeConsumer: (() => void) | undefined;
  const spaceWaiters: (() => void)[] = [];
  const changes = new BoardChanges();
  const notify = () => {
    const w = wakeConsumer;
    wakeConsumer = undefined;
    w?.();
  };
  const enqueue = (item: Item) => {
    queue.push(item);
    notify();
    changes.fire();
  };
  // A steal left a held piece nothing to read: it is done now, without waiting for its lane's answer.
  board.onEmptied = (p) => enqueue({ lane: p.reader === 'search' ? 'search' : 'seek', records: [], key: p.key, frontier: p.to, done: true });
  const idle = { n: 0 };
  const env: LaneEnv = {
    client,
    list: o.list,
    listOpts: o.listOpts,
    search: o.search,
    stream: o.stream,
    board,
    signal: abort.signal,
    push: async (item) => {
      if (closed) throw CLOSED;
      enqueue(item);
      while (queue.length > QUEUE + totalLanes && !closed) await new Promise<void>((r) => spaceWaiters.push(r));
      if (closed) throw CLOSED;
    },
    changed: (lookAgainMs) => changes.wait(lookAgainMs),
    closed: () => closed,
    onSeekFallback: o.onSeekFallback,
    onGapSearch: o.onGapSearch,
    onOutsidePiece: o.onOutsidePiece,
    idle,
  };

  let active = 0;
  const start = (kind: 'list' | 'search') => {
    active++;
    runLane(env, kind, o.seekLanes > 0)
      .catch((e) => {
        if (e !== CLOSED && !closed && failure === undefined) failure = e;
      })
      .finally(() => {
        active--;
        notify();
      });
  };
  for (let i = 0; i < listLanes; i++) start('list');
  for (let i = 0; i < o.lanes; i++) start('search');

  try {
    while (true) {
      if (failure !== undefined) throw failure;
      const item = queue.shift();
      if (item) {
        if (queue.length <= QUEUE + totalLanes) spaceWaiters.shift()?.();
        board.handed(item.key, item.frontier, item.cursor, item.done);
        // Recorded early (before the fallback piece's first search page) is harmless: it only stops seeking.
        board.savedSeekFailed ||= board.seekFailed;
        changes.fire();
        const after = board.lowestCursor();
        yield { lane: item.lane, records: item.records, ...(after ? { after } : {}), split: board.snapshot() };
        continue;
      }
      if (board.complete) return;
      if (active === 0 || (idle.n === active && queue.length === 0)) {
        // Cannot happen by design: say what is left rather than hang.
        throw new SourceError(`${o.stream}: internal: the parallel first sync has pieces nobody can read (${JSON.stringify(board.snapshot().w)})`, {
          hint: `Set \`parallel_full_sync: false\` in the options of stream ${o.stream} and run again, and report this.`,
        });
      }
      await new Promise<void>((r) => {
        wakeConsumer = r;
      });
    }
  } finally {
    closed = true;
    abort.abort(CLOSED);
    for (const w of spaceWaiters.splice(0)) w();
    changes.close(CLOSED);
  }
}
