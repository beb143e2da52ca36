/**
 * Reading one CRM object stream, phase by phase (see checkpoint.ts for the states):
 * first run lists everything, later runs search for changes since the watermark minus the
 * lookback; then the archived list, merge tombstones and, when due, the delete check (deletes.ts)
 * and the calculated-property refresh (calculated.ts).
 * Every batch carries the checkpoint that is true once it and all before it are durable.
 */
import { type Batch, type Row, type StreamRequest, readAhead, rejectedValuesMetric } from '@pipe/sdk';
import { type ObjectStreamSpec, apiType } from './catalog.ts';
import { DEFAULT_CALCULATED_REFRESH_HOURS, isDerived, refreshCalculated } from './calculated.ts';
import { type ArchivedState, type DeleteState, type ListOnlyState, IdList, type MergeState, type ObjectCheckpoint, type RefreshState, decodeIds, encodeIds, readCheckpoint } from './checkpoint.ts';
import { DEFAULT_LIST_LANES, DEFAULT_LOOKBACK_MINUTES, type HubSpotStreamOptions } from './config.ts';
import type { ReadEnv } from './env.ts';
import {
  DAILY_RESERVE,
  DEFAULT_DELETE_CHECK_HOURS,
  MERGED_PROPERTY,
  classifyVanished,
  deleteCheckCalls,
  listIds,
  mergeTombstones,
  mergedIdsOf,
  readUnarchived,
} from './deletes.ts';
import { listRecords } from './list.ts';
import { ListOrderError } from './lanes.ts';
import { hybridList, isSplitState, planSplit, splitPieces } from './parallel-list.ts';
import { selectProperties } from './properties.ts';
import { type SearchTarget, currentUpper, walkChanges } from './search.ts';
import { notServed } from './availability.ts';
import { type HubSpotRecord, recordToRow, tombstoneRow, typedProperties } from './typing.ts';

/** Archived list pages fetched while the live records are read: one, so a run that stops early (the daily limit) wastes at most one call. */
const ARCHIVED_PAGES_AHEAD = 1;

export async function* readObjectStream(env: ReadEnv, spec: ObjectStreamSpec, req: StreamRequest): AsyncGenerator<Batch> {
  const stream = spec.name;
  const type = apiType(spec);
  const options = req.options as HubSpotStreamOptions;
  const defs = await env.catalog.all(type, stream);
  const known = new Set(defs.map((d) => d.name));
  const unknown = [...(options.properties ?? []), ...(options.exclude_properties ?? [])].filter((n) => !known.has(n));
  if (unknown.length > 0) env.ctx.logger.warn(`${stream}: HubSpot has no ${spec.name} properties named ${unknown.join(', ')}; ignoring them (see the properties stream for the names)`);
  const typed = typedProperties(selectProperties(defs, options));
  // Columns HubSpot recomputes without moving last-modified: re-read every calculated_refresh_hours (calculated.ts).
  const derived = selectProperties(defs, options).filter(isDerived).map((d) => d.name);
  // Always fetch what the sync itself needs, even when it is not a column.
  const fetch = [...new Set([...typed.map((p) => p.name), spec.lastModified, ...(known.has(MERGED_PROPERTY) ? [MERGED_PROPERTY] : [])])];
  const onReject = (property: string) => env.ctx.metrics.add(stream, rejectedValuesMetric(property));
  const detect = options.detect_deletes !== false;
  const runStart = env.now();
  let cp: ObjectCheckpoint | undefined = req.mode === 'full' ? undefined : readCheckpoint(req.state);
  // Ids merged away: by earlier runs (`mg`, decoded only if the archived list needs it) and by this
  // run, with what an interrupted run found before (`mn`; the array checkpoints carry, copied when it grows).
  const mergedBefore = cp?.mg;
  const mergedSeen = new Set<string>(cp?.mn);
  let mergedNew = cp?.mn;
  // Ids the archived list showed at the last completed run (decoded once, after this run's archived list).
  const archivedBefore = cp?.ar;
  // A list from scratch sees every live id: the delete baseline, as good as a check.
  const fresh = cp === undefined;
  const del: DeleteState = detect && cp ? { ids: cp.ids, n: cp.n, dc: cp.dc } : {};
  // A fresh list reads current values: the refresh clock starts now (also for state from before refreshes).
  const refresh: RefreshState = cp ? { cr: cp.cr ?? runStart, ...(cp.rp ? { rp: cp.rp } : {}), ...(cp.rl ? { rl: cp.rl } : {}) } : { cr: runStart };
  // Ids to add to the set (records created since the last check) and to drop (merged away).
  const seen = new IdList();
  const createdSince = (del.dc ?? 0) - 3_600_000;
  const toRows = (records: HubSpotRecord[]): Row[] => {
    const merged = mergedSeen.size;
    for (const r of records) {
      for (const m of mergedIdsOf(r)) mergedSeen.add(m);
      if (detect && (fresh || !r.createdAt || Date.parse(r.createdAt) >= createdSince)) seen.push(String(r.id));
    }
    if (mergedSeen.size > merged) mergedNew = [...mergedSeen];
    // Tombstones before records: were a page to hold both for one id, the live record wins.
    return [...mergeTombstones(records), ...records.map((r) => recordToRow(r, typed, onReject))];
  };
  const listTarget = { objectType: type, stream, properties: fetch };
  const listOpts = { maxUrl: env.config.max_url_length, baseUrl: env.baseUrl };
  const searchTarget: SearchTarget = { objectType: type, stream, lastModified: spec.lastModified, properties: fetch };
  const lookbackMs = (options.lookback_minutes ?? DEFAULT_LOOKBACK_MINUTES) * 60_000;

  // Without search for this object (ns), every run lists it whole: a first sync each time, merged on id.
  let noSearch = cp?.ns === 1;
  const relist = (): ObjectCheckpoint => ({ v: 1, phase: 'list', upper: runStart, ...del });
  const searchMissing = (e: unknown): ObjectCheckpoint => {
    if (!notServed(e)) throw e;
    noSearch = true;
    env.ctx.metrics.add(stream, 'search_unavailable');
    env.ctx.logger.info(`${stream}: HubSpot answered ${e.status} to its search, which incremental runs read changes with; listing every record on every run instead (${e.message})`);
    return relist();
  };
  if (!cp) {
    // A fresh first sync: its upper bound and (unless switched off) its split are independent
    // searches, asked at once: one round trip less before the first page (bench/run.ts, rate limits).
    try {
      const [upper, split] = await Promise.all([
        currentUpper(env.client, searchTarget),
        // A search that refuses the split's id sort or filter only costs the parallel first sync.
        options.parallel_full_sync !== false ? planSplit(env.client, searchTarget).catch((e) => (notServed(e) ? undefined : Promise.reject(e))) : undefined,
      ]);
      cp = { v: 1, phase: 'list', upper: upper ?? 0, ...(split ? { split } : {}) };
    } catch (e) {
      cp = searchMissing(e);
    }
  }
  if (cp.phase === 'idle') {
    if (noSearch) cp = relist();
    else {
      const watermark = cp.watermark;
      try {
        const upper = Math.max((await currentUpper(env.client, searchTarget)) ?? 0, watermark);
        cp = { v: 1, phase: 'search', upper, from: Math.max(0, watermark - lookbackMs), ...del };
      } catch (e) {
        cp = searchMissing(e);
      }
    }
  }
  // Every checkpoint until the end carries the delete state as it was (the set is updated once, at the end)
  // and the merged ids so far: its rows hold their tombstones, so a resumed archived pass must skip them.
  const carried = (): DeleteState & RefreshState & MergeState & ArchivedState & ListOnlyState => ({
    ...(noSearch ? { ns: 1 as const } : {}),
    ...del,
    ...refresh,
    ...(mergedBefore ? { mg: mergedBefore } : {}),
    ...(mergedNew ? { mn: mergedNew } : {}),
    ...(archivedBefore ? { ar: archivedBefore } : {}),
  });

  // The archived list is walked after the live records, one page per round trip: its first
  // page is fetched meanwhile, so the stream's end does not wait for it (read whole each run
  // from its start; a resumed archived pass starts at its own cursor instead).
  const archivedAhead = cp.phase === 'tail' ? undefined : readAhead(listRecords(env.client, { ...listTarget, archived: true }, listOpts), ARCHIVED_PAGES_AHEAD);
  let upper: number;
  const archivedSeen = new Set<string>();
  let archivedWhole = true;
  let mergedEarlier: Set<string> | undefined;
  const wasMerged = (id: string) => mergedSeen.has(id) || (mergedEarlier ??= decodeIds(mergedBefore)).has(id);
  try {
    if (cp.phase === 'list' && cp.split && isSplitState(cp.split) && options.parallel_full_sync !== false) {
      const upper = cp.upper;
      const sps = env.config.search_requests_per_second;
      const lanes = Math.max(2, Math.min(6, Math.ceil(sps * 0.75)));
      env.ctx.metrics.add(stream, 'parallel_full_sync.ranges', splitPieces(cp.split));
      try {
        for await (const page of hybridList(env.client, {
          list: { ...listTarget, archived: false },
          listOpts,
          search: searchTarget,
          after: cp.after,
          split: cp.split,
          lanes,
          seekLanes: options.parallel_list_lanes ?? DEFAULT_LIST_LANES,
          stream,
          onSeekFallback: (reason) => {
            env.ctx.metrics.add(stream, 'parallel_full_sync.seek_fallbacks');
            env.ctx.logger.warn(`${stream}: ${reason}; reading the rest of the middle through search (slower, nothing lost). Set \`parallel_list_lanes: 0\` to skip this check.`);
          },
          onGapSearch: () => env.ctx.metrics.add(stream, 'parallel_full_sync.seek_gap_searches'),
          onOutsidePiece: (n) => env.ctx.metrics.add(stream, 'parallel_full_sync.records_outside_piece', n),
        })) {
          const rows = toRows(page.records); // first: the checkpoint carries the page's merged ids
          cp = { v: 1, phase: 'list', upper, ...(page.after ? { after: page.after } : {}), split: page.split, ...carried() };
          env.ctx.metrics.add(stream, `parallel_full_sync.${page.lane}_records`, page.records.length);
          yield { stream, rows, checkpoint: cp };
        }
        cp = { v: 1, phase: 'tail', upper, ...carried() };
      } catch (e) {
        if (!(e instanceof ListOrderError)) throw e;
        // This portal does not list by id (HubSpot is believed to, UNCONFIRMED): read the object as one
        // plain walk from the start instead of failing. What the lanes emitted comes again, and the
        // sink merges it on id; the delete baseline starts over with the walk.
        env.ctx.metrics.add(stream, 'parallel_full_sync.order_fallbacks');
        env.ctx.logger.warn(`${e.message}. Listing ${stream} again as one walk from the start (one page at a time; records read so far come again and are merged on id). Set \`parallel_full_sync: false\` to go straight to it.`);
        seen.clear();
        cp = { v: 1, phase: 'list', upper, ...carried() };
      }
    }

    if (cp.phase === 'list') {
      // Plain list (small objects, parallel_full_sync: false, old checkpoints). After a split run
      // switched off, `after` is still right: everything above it is listed again (merged on id).
      const upper = cp.upper;
      for await (const page of listRecords(env.client, { ...listTarget, archived: false }, { ...listOpts, after: cp.after })) {
        const rows = toRows(page.records);
        cp = page.next ? { v: 1, phase: 'list', upper, after: page.next, ...carried() } : { v: 1, phase: 'tail', upper, ...carried() };
        yield { stream, rows, checkpoint: cp };
      }
    }

    if (cp.phase === 'search') {
      const upper = cp.upper;
      for await (const page of walkChanges(env.client, searchTarget, { from: cp.from, tie: cp.tie }, upper)) {
        const c = page.cursor;
        const rows = toRows(page.records);
        cp = c.from > upper ? { v: 1, phase: 'tail', upper, ...carried() } : { v: 1, phase: 'search', upper, from: c.from, ...(c.tie ? { tie: c.tie } : {}), ...carried() };
        yield { stream, rows, checkpoint: cp };
      }
      cp = { v: 1, phase: 'tail', upper, ...carried() };
    }

    if (cp.phase !== 'tail') throw new Error(`internal: unexpected checkpoint phase ${cp.phase}`);
    upper = cp.upper;

    // Archived records: search never shows them. The list is read whole each run (it is short,
    // and its order gives no "since" cursor); merging on id makes the repeat harmless.
    archivedWhole = !cp.after; // a resumed archived pass saw only part of the list
    for await (const page of archivedAhead ?? listRecords(env.client, { ...listTarget, archived: true }, { ...listOpts, after: cp.after })) {
      const next: ObjectCheckpoint = { v: 1, phase: 'tail', upper, ...(page.next ? { after: page.next } : {}), ...carried() };
      for (const r of page.records) archivedSeen.add(String(r.id));
      // The last archived page keeps the previous checkpoint: the delete check below has not run yet.
      // Where HubSpot lists merged-away records as archived too, keep their tombstone (merged_into),
      // written by this run or an earlier one.
      const rows = page.records.filter((r) => !wasMerged(String(r.id))).map((r) => recordToRow({ ...r, archived: true }, typed, onReject));
      if (rows.length > 0 || page.next) yield { stream, rows, ...(page.next ? { checkpoint: next } : {}) };
    }
  } finally {
    await archivedAhead?.return?.();
  }

  // The whole archived list now: a resumed pass saw only its end, so its ids are walked again (rare).
  const archivedNow = archivedWhole ? archivedSeen : new Set((await listIds(env.client, type, stream, true)).ids);
  const unarchived = yield* readBackUnarchived();
  // The run's merged ids join the set; the delete check may add more.
  let merged = addMerged(mergedBefore, mergedSeen);
  const idle = (d: DeleteState, r: RefreshState = refresh): ObjectCheckpoint => ({
    v: 1,
    phase: 'idle',
    watermark: upper,
    ...d,
    ...r,
    ...(merged ? { mg: merged } : {}),
    ...(unarchived.ar ? { ar: unarchived.ar } : {}),
    ...(noSearch ? { ns: 1 as const } : {}),
  });
  const final = yield* deletesAtEnd();
  // After the delete check: its live id walk is the freshest set of ids to refresh.
  const hours = options.calculated_refresh_hours ?? DEFAULT_CALCULATED_REFRESH_HOURS;
  yield* refreshCalculated(env, { stream, objectType: type, typed, derived, fetch, del: final, state: refresh, hours, now: runStart, idle });

  /**
   * Ids archived at the last run that the list no longer shows (nor merged away) are read back:
   * restored ones get their live row (search misses a restore that leaves last-modified alone:
   * UNCONFIRMED), purged ones (~90 days on: UNCONFIRMED) a deleted tombstone. Rows go out without
   * a checkpoint: until the idle one, a resumed run reads them back again. Returns the new `ar`
   * and the purged ids.
   */
  async function* readBackUnarchived(): AsyncGenerator<Batch, { ar?: string; purged: string[] }> {
    const left = [...decodeIds(archivedBefore)].filter((id) => !archivedNow.has(id) && !wasMerged(id));
    const back = left.length > 0 ? await readUnarchived(env.client, { objectType: type, stream, properties: fetch }, left) : { records: [], archived: [], gone: [] };
    const keep = new IdList();
    for (const id of [...archivedNow, ...back.archived]) if (!wasMerged(id)) keep.push(id);
    const ar = keep.length > 0 ? encodeIds(keep) : undefined;
    if (left.length === 0) return { ar, purged: [] };
    const rows = toRows(back.records);
    const asked = new Set(left);
    const restored = back.records.map((r) => String(r.id)).filter((id) => asked.has(id));
    // Live again: the delete check must know them.
    if (detect) for (const id of restored) seen.push(id);
    const purged = detect ? back.gone : [];
    const at = new Date(runStart);
    rows.push(...purged.map((id) => tombstoneRow(id, at, { deleted: true })));
    env.ctx.metrics.add(stream, 'restored_detected', restored.length);
    env.ctx.metrics.add(stream, 'deleted_detected', purged.length);
    if (rows.length > 0) yield { stream, rows };
    return { ar, purged };
  }

  /** The delete check when due; returns the delete state the stream ends with. */
  async function* deletesAtEnd(): AsyncGenerator<Batch, DeleteState> {
    if (!detect) {
      yield { stream, rows: [], checkpoint: idle({}) };
      return {};
    }
    if (fresh) {
      const baseline = { ids: encodeIds(seen), n: seen.length, dc: runStart };
      yield { stream, rows: [], checkpoint: idle(baseline) };
      return baseline;
    }
    const forced = req.checkDeletes === true;
    if (del.ids === undefined && del.dc === undefined && !forced) {
      // No id set (an interrupted first sync, or state from before delete checks): the walk that
      // records one waits until the next check is due, so that catching up is never held back by it.
      yield { stream, rows: [], checkpoint: idle({ dc: runStart }) };
      return { dc: runStart };
    }
    // Purged ids have their tombstones, as merged ones do: the check need not find them again.
    const settled = unarchived.purged.length > 0 ? new Set([...mergedSeen, ...unarchived.purged]) : mergedSeen;
    const input: CheckInput = { forced, hours: options.delete_check_hours ?? DEFAULT_DELETE_CHECK_HOURS, now: runStart, added: seen, merged: settled, archived: archivedNow };
    const updated = updateSet(del, input);
    if (!checkDue(env, stream, del, input)) {
      yield { stream, rows: [], checkpoint: idle(updated) };
      return updated;
    }
    // The changes read so far are committed first: a check cut short (the daily limit) never holds them back.
    yield { stream, rows: [], checkpoint: idle(updated) };
    const check = await deleteCheck(env, stream, type, updated, input);
    merged = addMerged(merged, check.rows.filter((r) => typeof r.merged_into === 'string').map((r) => String(r.id)));
    yield { stream, rows: check.rows, checkpoint: idle(check.state) };
    return check.state;
  }
}

/** The merged-away id set (compressed) with `ids` added; decoded and encoded again only when there are some. */
function addMerged(set: string | undefined, ids: Iterable<string>): string | undefined {
  const add = [...ids];
  if (add.length === 0) return set;
  const all = decodeIds(set);
  const size = all.size;
  for (const id of add) all.add(id);
  return all.size > size ? encodeIds(all) : set;
}

interface CheckInput {
  forced: boolean;
  hours: number;
  now: number;
  /** Ids this run emitted that may be new since the last check. */
  added: IdList;
  /** Ids merged away or purged (their tombstones are written; no need to check them). */
  merged: Set<string>;
  /** Archived ids (the whole list, as of this run). */
  archived: Set<string>;
}

/** The id set with this run's new ids added and merged-away ids dropped (decoded only when something changed). */
function updateSet(del: DeleteState, o: CheckInput): DeleteState {
  if (!del.ids || (o.added.length === 0 && o.merged.size === 0)) return del;
  const known = decodeIds(del.ids);
  for (const id of o.added) known.add(id);
  for (const id of o.merged) known.delete(id);
  return { ids: encodeIds(known), n: known.size, dc: del.dc };
}

/** Whether the check runs now: due (or forced), and the daily budget left allows it (else a warning). */
function checkDue(env: ReadEnv, stream: string, del: DeleteState, o: CheckInput): boolean {
  const dueAt = del.dc === undefined ? Number.NEGATIVE_INFINITY : del.dc + o.hours * 3_600_000;
  if (!o.forced && o.now < dueAt) return false;
  const calls = deleteCheckCalls(del.n ?? 0);
  const { dailyRemaining: left, dailyLimit: limit } = env.client.budget;
  if (left !== undefined && left - calls < (o.forced ? 0 : (limit ?? 0) * DAILY_RESERVE)) {
    env.ctx.metrics.add(stream, 'delete_check_skipped');
    env.ctx.logger.warn(
      `${stream}: delete check skipped: it needs about ${calls} API calls and ${left} of today's calls are left${o.forced ? '' : ` (pipe keeps ${Math.round(DAILY_RESERVE * 100)} % of the daily limit)`}; it runs on the next run with enough budget, or force it with pipe run --check-deletes`,
    );
    return false;
  }
  return true;
}

/** The delete check: walk the live ids, mark known ids (`del`, already updated) that are neither live nor archived. */
async function deleteCheck(env: ReadEnv, stream: string, type: string, del: DeleteState, o: CheckInput): Promise<{ rows: Row[]; state: DeleteState }> {
  const known = del.ids ? decodeIds(del.ids) : undefined;
  const live = await listIds(env.client, type, stream, false);
  let made = live.calls;
  const archived = o.archived;
  const liveSet = new Set(live.ids);
  // Without a set from before (an upgraded or interrupted first sync) this check only records the baseline.
  const vanished = known ? [...known].filter((id) => !liveSet.has(id) && !archived.has(id) && !o.merged.has(id)) : [];
  let rows: Row[] = [];
  if (vanished.length > 0) {
    const classified = await classifyVanished(env.client, type, stream, vanished, new Date(o.now));
    made += classified.calls;
    rows = classified.rows;
  }
  env.ctx.metrics.add(stream, 'delete_checks');
  env.ctx.metrics.add(stream, 'delete_check_calls', made);
  env.ctx.metrics.add(stream, 'deleted_detected', rows.filter((r) => r.deleted_at).length);
  if (!known) env.ctx.logger.info(`${stream}: delete check recorded ${live.ids.length} ids as the baseline; deletes from now on are marked`);
  return { rows, state: { ids: encodeIds(live.ids), n: live.ids.length, dc: o.now } };
}
