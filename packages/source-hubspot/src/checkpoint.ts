/**
 * The checkpoint of an object stream: small JSON, owned by this source, opaque to the engine.
 *
 *   { v: 1, phase: 'list',   upper, after? }        first run: listing every record; resume at page cursor `after`
 *   { v: 1, phase: 'list',   upper, after?, split }  the same, in parallel (parallel-list.ts): `split` holds the
 *                                                   pieces of the id span still to read (SplitStateV2 below);
 *                                                   `after` is the lowest walk's cursor, used only if the
 *                                                   split is switched off. Checkpoints of the first version
 *                                                   (SplitStateV1: static ranges, `after` = the list lane's
 *                                                   cursor) resume too.
 *   { v: 1, phase: 'search', upper, from, tie? }    incremental: every record with last-modified in
 *                                                   [run start, from) is read; `tie` = {ts, id}: inside
 *                                                   timestamp `ts`, ids ≤ `id` are read too
 *   { v: 1, phase: 'tail',   upper, after? }        changes read; archived list (resume at `after`)
 *                                                   and delete detection still to do
 *   { v: 1, phase: 'idle',   watermark, ids?, n?, dc? }
 *                                                   between runs: the next run searches from
 *                                                   `watermark - lookback`
 *
 * Every phase also carries the delete-check fields (deletes.ts): `ids` the compressed set of ids
 * the stream has emitted (live at the last check, plus those created since), `n` its size, `dc`
 * when the last delete check (or the complete first list) began, epoch ms. Without `ids` the next
 * check only records a baseline; without `dc` a check is due.
 *
 * They carry the calculated-property refresh state too (`cr`, `rp`, `rl`: RefreshState below),
 * the ids merged away (MergeState below) and the archived ids (ArchivedState below).
 *
 * `upper` is frozen when a run starts: the highest last-modified value search shows then. Changes
 * after it belong to the next run, which starts `lookback` before it (search is eventually
 * consistent, and merging on `id` makes the overlap harmless).
 */
import { createRequire } from 'node:module';

// node:zlib loads when a checkpoint is first encoded or read, not when the plugin loads
// (`pipe validate` starts without it: bench/engine/installed.ts).
let zlibModule: typeof import('node:zlib') | undefined;
const zlib = () => (zlibModule ??= createRequire(import.meta.url)('node:zlib') as typeof import('node:zlib'));

/**
 * The parallel first sync's progress, second version (claim-board.ts): the pieces of the id span
 * not yet read, as of the pages already written. Piece `[from, to, how?]` is ids in (from, to]:
 * - `[from, to]`: not started (or read up to `from` by search); any lane may read it;
 * - `[from, to, "cursor"]`: a list walk, to continue from its cursor (`from` = its last id, −1: unknown);
 * - `[from, to, 0]`: search only (ids a seeded list walk skipped);
 * - `[from, to, 1]`: the bottom piece, to list from the start of the list.
 * `n`: records expected (sizes steals); `nx: 1`: a seeded list cursor failed, no more seeking.
 */
// Types, not interfaces: the checkpoint must be assignable to Json.
export type SplitStateV2 = {
  v: 2;
  lo: number;
  hi: number;
  n: number;
  w: ([number, number] | [number, number, string | 0 | 1])[];
  nx?: 1;
};

/**
 * First version (static ranges; written by pipe before work stealing, still resumed). Range j
 * (0 ≤ j < k) is ids in (bound(j), bound(j+1)], bound(j) = lo + ⌊(hi − lo)·j/k⌋; the list lane owns
 * ranges ≤ `l`, ranges ≥ `t` are claimed from the top, done unless a claim in `c` covers them.
 * A claim by its lowest range j: a string: search over range j from this id; `{e, s}`: search over
 * ranges j..e from id s; `{e, a}`: list from cursor a over ranges j..e; `{e}`: not started.
 * `ld: 1`: the list lane finished; `nx: 1`: seeking failed.
 */
export type SplitStateV1 = {
  lo: number;
  hi: number;
  k: number;
  l: number;
  t: number;
  c: Record<string, string | { e: number; s?: string; a?: string }>;
  ld?: 1;
  nx?: 1;
};

export type SplitState = SplitStateV1 | SplitStateV2;

const int = (n: unknown) => typeof n === 'number' && Number.isSafeInteger(n);

export function isSplitStateV2(v: unknown): v is SplitStateV2 {
  const s = v as Record<string, unknown> | null;
  return !!s && typeof s === 'object' && s.v === 2 && int(s.lo) && int(s.hi) && typeof s.n === 'number' && Array.isArray(s.w) && s.w.every((p) => Array.isArray(p) && int(p[0]) && int(p[1]));
}

export function isSplitState(v: unknown): v is SplitState {
  if (isSplitStateV2(v)) return true;
  if (!v || typeof v !== 'object') return false;
  const s = v as Record<string, unknown>;
  return [s.lo, s.hi, s.k, s.l, s.t].every(int) && !!s.c && typeof s.c === 'object';
}

/** Delete-check state, carried by every phase. */
export type DeleteState = { ids?: string; n?: number; dc?: number };

/**
 * Calculated-property refresh state (calculated.ts), carried by every phase: `cr` when the last
 * refresh (or the complete first list) began, epoch ms; `rp` the last id an unfinished refresh
 * wrote; `rl` its list cursor when there is no id set.
 */
export type RefreshState = { cr?: number; rp?: string; rl?: string };

/**
 * Ids merged away, carried by every phase: HubSpot may list them with `archived=true` too
 * (UNCONFIRMED), long after their survivor (whose `hs_merged_object_ids` names them) left the
 * search window; the archived pass skips them so their tombstone (`merged_into`) stays.
 * `mg` the compressed set as of the last completed run; `mn` the ids this unfinished run found,
 * verbatim (re-encoding a growing set on every page would slow a large first sync).
 */
export type MergeState = { mg?: string; mn?: string[] };

/**
 * The ids the archived list showed at the last completed run (`ar`, compressed), carried by every
 * phase: an id that leaves the list was restored (search misses it when the restore leaves
 * last-modified alone: UNCONFIRMED) or purged, so the next run reads it back by id.
 */
export type ArchivedState = { ar?: string };

/**
 * `ns: 1`: the object has no search here (it answered 400/404/405/501), so every run lists it
 * whole instead of searching for changes. HubSpot documents search for every object pipe reads;
 * a compatible server may leave it out.
 */
export type ListOnlyState = { ns?: 1 };

export type ObjectCheckpoint =
  | ({ v: 1; phase: 'list'; upper: number; after?: string; split?: SplitState } & DeleteState & RefreshState & MergeState & ArchivedState & ListOnlyState)
  | ({ v: 1; phase: 'search'; upper: number; from: number; tie?: { ts: number; id: string } } & DeleteState & RefreshState & MergeState & ArchivedState & ListOnlyState)
  | ({ v: 1; phase: 'tail'; upper: number; after?: string } & DeleteState & RefreshState & MergeState & ArchivedState & ListOnlyState)
  | ({ v: 1; phase: 'idle'; watermark: number } & DeleteState & RefreshState & MergeState & ArchivedState & ListOnlyState);

export function readCheckpoint(state: unknown): ObjectCheckpoint | undefined {
  if (!state || typeof state !== 'object') return undefined;
  const s = state as Record<string, unknown>;
  if (s.v !== 1 || typeof s.phase !== 'string') return undefined;
  return s as unknown as ObjectCheckpoint;
}

/**
 * Record ids collected during a run. A first sync keeps every id it lists (the delete baseline),
 * so numeric ids are kept as numbers, 8 bytes apiece, rather than as a string each; ids up to 15
 * digits are exact as doubles. Iterating gives them back as strings.
 */
export class IdList implements Iterable<string> {
  readonly numbers: number[] = [];
  readonly others: string[] = [];

  push(id: string): void {
    if (id.length <= 15 && /^\d+$/.test(id)) this.numbers.push(Number(id));
    else this.others.push(id);
  }

  get length(): number {
    return this.numbers.length + this.others.length;
  }

  clear(): void {
    this.numbers.length = 0;
    this.others.length = 0;
  }

  *[Symbol.iterator](): Iterator<string> {
    for (const n of this.numbers) yield String(n);
    yield* this.others;
  }
}

/** Numeric ids in numeric order (HubSpot ids are digits), others after them as text. */
export function compareIds(a: string, b: string): number {
  const na = /^\d+$/.test(a);
  const nb = /^\d+$/.test(b);
  if (na && nb) return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
  if (na !== nb) return na ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * A set of record ids in a few bytes per id: sorted numeric ids as base-36 gaps, deflated,
 * base64. Non-numeric ids (not seen in HubSpot, but possible) are kept verbatim. Ids up to 15
 * digits are sorted as doubles in a Float64Array; only longer ones need bigints.
 */
export function encodeIds(ids: Iterable<string>): string {
  const list = ids instanceof IdList ? ids : new IdList();
  if (list !== ids) for (const id of ids) list.push(id);
  const big: bigint[] = [];
  const other: string[] = [];
  for (const id of list.others) (/^\d+$/.test(id) ? big.push(BigInt(id)) : other.push(id));
  let gaps: string[];
  if (big.length === 0) {
    const sorted = Float64Array.from(list.numbers).sort();
    gaps = new Array<string>(sorted.length);
    let prev = 0;
    for (let i = 0; i < sorted.length; i++) {
      gaps[i] = (sorted[i]! - prev).toString(36);
      prev = sorted[i]!;
    }
  } else {
    const nums = [...list.numbers.map((n) => BigInt(n)), ...big].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    let prev = 0n;
    gaps = nums.map((n) => {
      const g = (n - prev).toString(36);
      prev = n;
      return g;
    });
  }
  const text = JSON.stringify({ g: gaps.join(','), o: other });
  return zlib().deflateRawSync(Buffer.from(text)).toString('base64');
}

export function decodeIds(encoded: string | undefined): Set<string> {
  const out = new Set<string>();
  if (!encoded) return out;
  const { g, o } = JSON.parse(zlib().inflateRawSync(Buffer.from(encoded, 'base64')).toString()) as { g: string; o: string[] };
  let prev = 0n;
  if (g) {
    for (const gap of g.split(',')) {
      prev += BigInt(parseInt36(gap));
      out.add(prev.toString());
    }
  }
  for (const id of o) out.add(id);
  return out;
}

function parseInt36(s: string): bigint {
  let n = 0n;
  for (const ch of s) n = n * 36n + BigInt(parseInt(ch, 36));
  return n;
}
