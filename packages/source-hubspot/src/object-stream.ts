/**
 * Reading one CRM object stream, phase by phase (see checkpoint.ts for the states):
 * first run lists everything, later runs search for changes since the watermark minus the
 * lookback; then the archived list, merge tombstones and (optionally) hard-delete detection.
 * Every batch carries the checkpoint that is true once it and all before it are durable.
 */
import { type Batch, type Row, rejectedValuesMetric, type StreamRequest } from '@pipe/sdk';
import { apiType, type ObjectStreamSpec } from './catalog.ts';
import { decodeIds, encodeIds, type ObjectCheckpoint, readCheckpoint } from './checkpoint.ts';
import { DEFAULT_LIST_LANES, DEFAULT_LOOKBACK_MINUTES, type HubSpotStreamOptions } from './config.ts';
import { classifyVanished, listIds, MERGED_PROPERTY, mergedIdsOf, mergeTombstones } from './deletes.ts';
import type { ReadEnv } from './env.ts';
import { listRecords } from './list.ts';
import { hybridList, isSplitState, planSplit, splitPieces } from './parallel-list.ts';
import { selectProperties } from './properties.ts';
import { currentUpper, type SearchTarget, walkChanges } from './search.ts';
import { type HubSpotRecord, recordToRow, typedProperties } from './typing.ts';

export async function* readObjectStream(env: ReadEnv, spec: ObjectStreamSpec, req: StreamRequest): AsyncGenerator<Batch> {
  const stream = spec.name;
  const type = apiType(spec);
  const options = req.options as HubSpotStreamOptions;
  const defs = await env.catalog.all(type, stream);
  const known = new Set(defs.map((d) => d.name));
  const unknown = [...(options.properties ?? []), ...(options.exclude_properties ?? [])].filter((n) => !known.has(n));
  if (unknown.length > 0) env.ctx.logger.warn(`${stream}: HubSpot has no ${spec.name} properties named ${unknown.join(', ')}; ignoring them (see the properties stream for the names)`);
  const typed = typedProperties(selectProperties(defs, options));
  // Always fetch what the sync itself needs, even when it is not a column.
  const fetch = [...new Set([...typed.map((p) => p.name), spec.lastModified, ...(known.has(MERGED_PROPERTY) ? [MERGED_PROPERTY] : [])])];
  const onReject = (property: string) => env.ctx.metrics.add(stream, rejectedValuesMetric(property));
  const mergedSeen = new Set<string>();
  const toRows = (records: HubSpotRecord[]): Row[] => {
    for (const r of records) for (const m of mergedIdsOf(r)) mergedSeen.add(m);
    // Tombstones before records: were a page to hold both for one id, the live record wins.
    return [...mergeTombstones(records), ...records.map((r) => recordToRow(r, typed, onReject))];
  };
  const listTarget = { objectType: type, stream, properties: fetch };
  const listOpts = { maxUrl: env.config.max_url_length, baseUrl: env.baseUrl };
  const searchTarget: SearchTarget = { objectType: type, stream, lastModified: spec.lastModified, properties: fetch };
  const lookbackMs = (options.lookback_minutes ?? DEFAULT_LOOKBACK_MINUTES) * 60_000;
  const detect = options.detect_deletes === true;

  let cp: ObjectCheckpoint | undefined = req.mode === 'full' ? undefined : readCheckpoint(req.state);
  if (!cp) cp = { v: 1, phase: 'list', upper: (await currentUpper(env.client, searchTarget)) ?? 0 };
  if (cp.phase === 'idle') {
    const upper = Math.max((await currentUpper(env.client, searchTarget)) ?? 0, cp.watermark);
    cp = { v: 1, phase: 'search', upper, from: Math.max(0, cp.watermark - lookbackMs), ids: cp.ids };
  }
  const ids = cp.ids;

  if (cp.phase === 'list' && !cp.after && !cp.split && options.parallel_full_sync !== false) {
    // A fresh first sync (old checkpoints resume as plain lists): split it when the object is large.
    const split = await planSplit(env.client, searchTarget);
    if (split) cp = { ...cp, split };
  }

  if (cp.phase === 'list' && cp.split && isSplitState(cp.split) && options.parallel_full_sync !== false) {
    const upper = cp.upper;
    const sps = env.config.search_requests_per_second;
    const lanes = Math.max(2, Math.min(6, Math.ceil(sps * 0.75)));
    env.ctx.metrics.add(stream, 'parallel_full_sync.ranges', splitPieces(cp.split));
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
    })) {
      cp = { v: 1, phase: 'list', upper, ...(page.after ? { after: page.after } : {}), split: page.split, ids };
      env.ctx.metrics.add(stream, `parallel_full_sync.${page.lane}_records`, page.records.length);
      yield { stream, rows: toRows(page.records), checkpoint: cp };
    }
    cp = { v: 1, phase: 'tail', upper, ids };
  }

  if (cp.phase === 'list') {
    // Plain list (small objects, parallel_full_sync: false, old checkpoints). After a split run
    // switched off, `after` is still right: everything above it is listed again (merged on id).
    const upper = cp.upper;
    for await (const page of listRecords(env.client, { ...listTarget, archived: false }, { ...listOpts, after: cp.after })) {
      cp = page.next ? { v: 1, phase: 'list', upper, after: page.next, ids } : { v: 1, phase: 'tail', upper, ids };
      yield { stream, rows: toRows(page.records), checkpoint: cp };
    }
  }

  if (cp.phase === 'search') {
    const upper = cp.upper;
    for await (const page of walkChanges(env.client, searchTarget, { from: cp.from, tie: cp.tie }, upper)) {
      const c = page.cursor;
      cp = c.from > upper ? { v: 1, phase: 'tail', upper, ids } : { v: 1, phase: 'search', upper, from: c.from, ...(c.tie ? { tie: c.tie } : {}), ids };
      yield { stream, rows: toRows(page.records), checkpoint: cp };
    }
    cp = { v: 1, phase: 'tail', upper, ids };
  }

  if (cp.phase !== 'tail') throw new Error(`internal: unexpected checkpoint phase ${cp.phase}`);
  const upper = cp.upper;

  // Archived records: search never shows them. The list is read whole each run (it is short,
  // and its order gives no "since" cursor); merging on id makes the repeat harmless.
  for await (const page of listRecords(env.client, { ...listTarget, archived: true }, { ...listOpts, after: cp.after })) {
    const next: ObjectCheckpoint = { v: 1, phase: 'tail', upper, ...(page.next ? { after: page.next } : {}), ids };
    // The last archived page keeps the previous checkpoint: delete detection below has not run yet.
    // Where HubSpot lists merged-away records as archived too, keep their tombstone (merged_into).
    const rows = page.records.filter((r) => !mergedSeen.has(String(r.id))).map((r) => recordToRow({ ...r, archived: true }, typed, onReject));
    if (rows.length > 0 || page.next) yield { stream, rows, ...(page.next ? { checkpoint: next } : {}) };
  }

  let nextIds: string | undefined;
  if (detect) {
    const live = await listIds(env.client, type, stream, false);
    const liveSet = new Set(live);
    // Listed again (ids only) rather than remembered: a resumed run saw only part of the archived list.
    const archivedIds = new Set(await listIds(env.client, type, stream, true));
    const vanished = [...decodeIds(ids)].filter((id) => !liveSet.has(id) && !archivedIds.has(id) && !mergedSeen.has(id));
    if (vanished.length > 0) {
      const rows = await classifyVanished(env.client, type, stream, vanished, new Date());
      env.ctx.metrics.add(stream, 'deleted_detected', rows.filter((r) => r.deleted_at).length);
      yield { stream, rows, checkpoint: cp };
    }
    nextIds = encodeIds(live);
  }
  const done: ObjectCheckpoint = { v: 1, phase: 'idle', watermark: upper, ...(nextIds ? { ids: nextIds } : {}) };
  yield { stream, rows: [], checkpoint: done };
}
