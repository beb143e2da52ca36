/**
 * The checkpoint of an object stream: small JSON, owned by this source, opaque to the engine.
 *
 *   { v: 1, phase: 'list',   upper, after? }        first run: listing every record; resume at page cursor `after`
 *   { v: 1, phase: 'list',   upper, after?, split }  the same, in parallel (parallel-list.ts): `after` is the list
 *                                                   lane's cursor, `split` the id ranges and each lane's progress
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
 * `upper` is frozen when a run starts: the highest last-modified value search shows then. Changes
 * after it belong to the next run, which starts `lookback` before it (search is eventually
 * consistent, and merging on `id` makes the overlap harmless).
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { SplitState } from './parallel-list.ts';

/** Delete-check state, carried by every phase. */
export type DeleteState = { ids?: string; n?: number; dc?: number };

export type ObjectCheckpoint =
  | ({ v: 1; phase: 'list'; upper: number; after?: string; split?: SplitState } & DeleteState)
  | ({ v: 1; phase: 'search'; upper: number; from: number; tie?: { ts: number; id: string } } & DeleteState)
  | ({ v: 1; phase: 'tail'; upper: number; after?: string } & DeleteState)
  | ({ v: 1; phase: 'idle'; watermark: number } & DeleteState);

export function readCheckpoint(state: unknown): ObjectCheckpoint | undefined {
  if (!state || typeof state !== 'object') return undefined;
  const s = state as Record<string, unknown>;
  if (s.v !== 1 || typeof s.phase !== 'string') return undefined;
  return s as unknown as ObjectCheckpoint;
}

/**
 * A set of record ids in a few bytes per id: sorted numeric ids as base-36 gaps, deflated,
 * base64. Non-numeric ids (not seen in HubSpot, but possible) are kept verbatim.
 */
export function encodeIds(ids: Iterable<string>): string {
  const nums: bigint[] = [];
  const other: string[] = [];
  for (const id of ids) (/^\d+$/.test(id) ? nums.push(BigInt(id)) : other.push(id));
  nums.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  let prev = 0n;
  const gaps = nums.map((n) => {
    const g = (n - prev).toString(36);
    prev = n;
    return g;
  });
  const text = JSON.stringify({ g: gaps.join(','), o: other });
  return deflateRawSync(Buffer.from(text)).toString('base64');
}

export function decodeIds(encoded: string | undefined): Set<string> {
  const out = new Set<string>();
  if (!encoded) return out;
  const { g, o } = JSON.parse(inflateRawSync(Buffer.from(encoded, 'base64')).toString()) as { g: string; o: string[] };
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
