/**
 * `pipe plan`: what a run would cost before reading. Object streams ask search for a count
 * (one call with limit 1 gives `total`): all records on a first or full run, records changed
 * since the watermark on an incremental one. Other streams get their fixed or per-record cost.
 */
import { MissingScopesError, type RunEstimate, type StreamEstimate, type StreamRequest } from '@pipe/sdk';
import { OBJECT_STREAMS, type ObjectStreamSpec, apiType, isMarketingSettings, objectSpec, streamSpec } from './catalog.ts';
import { type ObjectCheckpoint, readCheckpoint } from './checkpoint.ts';
import { DEFAULT_DELETE_CHECK_HOURS, deleteCheckCalls } from './deletes.ts';
import { DEFAULT_CALCULATED_REFRESH_HOURS, isDerived, refreshCalls, refreshDueAt } from './calculated.ts';
import { DEFAULT_LIST_LANES, DEFAULT_LOOKBACK_MINUTES, type HubSpotStreamOptions } from './config.ts';
import { isUnavailable } from './availability.ts';
import type { ReadEnv } from './env.ts';
import { LIST_PAGE, propertiesFitInUrl } from './list.ts';
import { selectProperties } from './properties.ts';
import { HYBRID_MIN_RECORDS, rangesFor } from './parallel-list.ts';
import { SEARCH_PAGE } from './search.ts';
import { estimateListsForms } from './lists-forms-estimate.ts';
import { estimateMarketingSettings } from './marketing-settings.ts';
import { estimateEmailCampaigns } from './email-campaigns.ts';
import { estimateDealSplits } from './deal-splits.ts';

const pages = (n: number, size: number) => Math.ceil(n / size);

/** Records search counts: all (from = undefined) or those modified at or after `from`. */
async function countOf(env: ReadEnv, spec: ObjectStreamSpec, stream: string, from?: number): Promise<number> {
  const filters = from === undefined ? [] : [{ propertyName: spec.lastModified, operator: 'GTE', value: String(from) }];
  const res = await env.client.post<{ total?: number }>(
    `${env.client.paths.objects}/${apiType(spec)}/search`,
    { filterGroups: filters.length ? [{ filters }] : [], properties: ['hs_object_id'], limit: 1 },
    { kind: 'estimate', stream },
  );
  return res.data?.total ?? 0;
}

/** Where an incremental run would start, from a saved idle checkpoint; undefined = everything. */
function changedSince(req: StreamRequest): number | undefined {
  if (req.mode === 'full') return undefined;
  const s = req.state as { phase?: string; watermark?: number } | undefined;
  const lookback = ((req.options as HubSpotStreamOptions).lookback_minutes ?? DEFAULT_LOOKBACK_MINUTES) * 60_000;
  return s?.phase === 'idle' && typeof s.watermark === 'number' ? Math.max(0, s.watermark - lookback) : undefined;
}

async function estimateOne(env: ReadEnv, req: StreamRequest): Promise<StreamEstimate> {
  const stream = req.schema.name;
  const options = req.options as HubSpotStreamOptions;
  const spec = await env.specs.resolve(stream);
  if (!spec) return { stream, calls: 0, note: 'unknown stream' };
  if (isMarketingSettings(spec)) return estimateMarketingSettings(env, spec, req);
  switch (spec.kind) {
    case 'object': {
      const type = apiType(spec);
      const defs = await env.catalog.all(type, stream);
      const props = selectProperties(defs, options).map((d) => d.name);
      const perPage = propertiesFitInUrl(env.baseUrl, `${env.client.paths.objects}/${type}`, props, env.config.max_url_length) ? 1 : 2;
      const cp = req.mode === 'full' ? undefined : readCheckpoint(req.state);
      const since = changedSince(req);
      const deletes = deletesOf(env, req, cp);
      if (since === undefined || !cp) {
        const rows = await countOf(env, spec, stream);
        if (rows >= HYBRID_MIN_RECORDS && options.parallel_full_sync !== false) {
          // Two searches find the id span; search lanes then read part of it at 1 call per 200
          // records (how much depends on latency), so the list count is an upper bound. Each seek
          // claim (at most one per id range) can add a page that crosses its end (perPage calls)
          // and one search between its seed and its first record.
          const seeks = (options.parallel_list_lanes ?? DEFAULT_LIST_LANES) > 0 ? (perPage + 1) * rangesFor(rows) : 0;
          return { stream, rows, calls: 3 + pages(rows, LIST_PAGE) * perPage + seeks + 1 + deletes.calls, note: `list + search in parallel: at most ${perPage} call(s) per 100 records${deletes.note}` };
        }
        return { stream, rows, calls: 1 + pages(rows, LIST_PAGE) * perPage + 1 + deletes.calls, note: `list: ${perPage} call(s) per 100 records${deletes.note}` };
      }
      const rows = await countOf(env, spec, stream, since);
      const derived = selectProperties(defs, options).filter(isDerived).length;
      const refresh = derived > 0 ? await refreshOf(env, req, cp, perPage, () => countOf(env, spec, stream)) : { calls: 0, note: '' };
      return { stream, rows, calls: 1 + Math.max(1, pages(rows, SEARCH_PAGE)) + 1 + deletes.calls + refresh.calls, note: `search: 1 call per 200 changed records${deletes.note}${refresh.note}` };
    }
    case 'associations': {
      const s = req.state as { phase?: string; lastFull?: number } | undefined;
      const every = (options.full_refresh_hours ?? 24) * 3_600_000;
      const since = changedSince(req);
      if (since === undefined || !s?.lastFull || Date.now() - s.lastFull >= every) {
        const records = await countOf(env, spec.from, stream);
        return { stream, calls: 1 + pages(records, LIST_PAGE) * 2, note: `full re-read of ${records} ${spec.from.name}` };
      }
      const changed = await countOf(env, spec.from, stream, since);
      return { stream, calls: 1 + Math.max(1, pages(changed, SEARCH_PAGE)) + pages(changed, 100), note: `refresh of ${changed} changed ${spec.from.name}` };
    }
    case 'analytics':
      // A server answering one summary of the range (analytics.ts) is not known before the first call.
      return { stream, calls: options.breakdowns?.length || 2, note: '1 per breakdown; 1 per period and breakdown where HubSpot answers with summaries' };
    case 'lists':
    case 'list_memberships':
    case 'forms':
    case 'form_submissions':
      return estimateListsForms(env, req, spec.kind);
    case 'event_occurrences':
      return eventsEstimate(env, req);
    case 'email_campaigns':
      return estimateEmailCampaigns(env, req);
    case 'deal_splits':
      return estimateDealSplits(env, req);
    case 'owners':
    case 'pipelines':
    case 'pipeline_stages':
    case 'marketing_emails':
      return { stream, calls: 2, note: 'small; re-read whole each run' };
    default:
      return { stream, calls: 1, note: 'at least one call; the API gives no count up front' };
  }
}

/**
 * Event occurrences: per object and event type at least one call, 1 per 100 occurrences (the API
 * gives no count). An object HubSpot lists only per record (remembered in the state) costs 1 per
 * 100 ids plus 1 per record.
 */
async function eventsEstimate(env: ReadEnv, req: StreamRequest): Promise<StreamEstimate> {
  const stream = req.schema.name;
  const options = req.options as HubSpotStreamOptions;
  const objects = options.objects ?? [];
  const types = Math.max(1, options.event_types?.length ?? 0);
  const state = (req.mode === 'full' ? undefined : req.state) as { objects?: Record<string, { per?: 1 }> } | undefined;
  let calls = 0;
  const notes: string[] = [];
  for (const name of objects) {
    const spec = objectSpec(name);
    if (!spec) continue;
    if (state?.objects?.[name]?.per) {
      const n = await countOf(env, spec, stream);
      calls += pages(n, LIST_PAGE) + n * types;
      notes.push(`${name}: per record (${n})`);
    } else {
      calls += types;
      notes.push(`${name}: at least ${types}`);
    }
  }
  return { stream, calls, note: `${notes.join('; ') || 'no objects listed'}; +1 call per 100 occurrences (the API gives no count up front)` };
}

/** The delete check's share of a run: due now (its calls), or when it is next due. */
function deletesOf(env: ReadEnv, req: StreamRequest, cp: ObjectCheckpoint | undefined): { calls: number; note: string } {
  const options = req.options as HubSpotStreamOptions;
  if (options.detect_deletes === false) return { calls: 0, note: '' };
  if (!cp) return { calls: 0, note: '; this list is the delete baseline' };
  if (cp.ids === undefined && cp.dc === undefined && !req.checkDeletes) return { calls: 0, note: '; no id set yet: the next due delete check records one' };
  const cost = deleteCheckCalls(cp.n ?? 0);
  const dueAt = cp.dc === undefined ? Number.NEGATIVE_INFINITY : cp.dc + (options.delete_check_hours ?? DEFAULT_DELETE_CHECK_HOURS) * 3_600_000;
  if (req.checkDeletes || env.now() >= dueAt) return { calls: cost, note: `; delete check${req.checkDeletes ? ' (forced)' : ' due'} on this run: ${cost} call(s)` };
  return { calls: 0, note: `; next delete check due ${new Date(dueAt).toISOString()}: ${cost} call(s)` };
}

/**
 * The calculated-property refresh's share of a run (calculated.ts): due now (its calls), or when it
 * is next due. It batch-reads the ids the stream keeps (1 call per 100), or lists every record
 * (`perPage` calls per 100) when there is no id set.
 */
async function refreshOf(env: ReadEnv, req: StreamRequest, cp: ObjectCheckpoint, perPage: number, total: () => Promise<number>): Promise<{ calls: number; note: string }> {
  const hours = (req.options as HubSpotStreamOptions).calculated_refresh_hours ?? DEFAULT_CALCULATED_REFRESH_HOURS;
  const withSet = cp.ids !== undefined && cp.n !== undefined;
  const cost = withSet ? refreshCalls(cp.n!) : refreshCalls(await total(), perPage);
  const how = withSet ? 'batch reads of the synced ids' : 'a list of every record';
  // State from before refreshes starts the clock on its next run.
  const dueAt = refreshDueAt({ cr: cp.cr ?? env.now() }, hours)!;
  if (env.now() >= dueAt) return { calls: cost, note: `; calculated-property refresh due on this run: ${cost} call(s) (${how})` };
  return { calls: 0, note: `; next calculated-property refresh due ${new Date(dueAt).toISOString()}: ${cost} call(s) (${how})` };
}

/**
 * The calls a run makes besides data pages: one properties call per object type it types or
 * reads properties of, one labels call per association table, the schemas API when a custom
 * stream is selected, and the daily-usage
 * call (once per run, so that a DAILY stop can say when the limit resets).
 */
async function metadataOf(env: ReadEnv, streams: StreamRequest[]): Promise<StreamEstimate> {
  const types = new Set<string>();
  let schemas = false;
  let labels = 0;
  for (const req of streams) {
    const options = req.options as HubSpotStreamOptions;
    const spec = streamSpec(req.schema.name) ?? (await env.specs.resolve(req.schema.name));
    if (!streamSpec(req.schema.name)) schemas = true;
    if (!spec) continue;
    if (spec.kind === 'object') types.add(apiType(spec));
    else if (spec.kind === 'associations') labels++;
    else if (spec.kind === 'properties') for (const o of options.objects?.length ? options.objects : OBJECT_STREAMS.map((s) => s.name)) types.add(o);
    else if (spec.kind === 'merged_ids') for (const o of options.objects?.length ? options.objects : OBJECT_STREAMS.filter((s) => s.mergeable).map((s) => s.name)) types.add(o);
    else if (spec.kind === 'property_history') for (const o of options.objects ?? []) types.add(o);
  }
  const what = [
    ...(types.size ? [`properties of ${[...types].join(', ')}`] : []),
    ...(labels ? [`association labels of ${labels} table(s)`] : []),
    ...(schemas ? ['custom object schemas'] : []),
    'daily API usage',
  ];
  return { stream: '(metadata)', calls: types.size + labels + (schemas ? 1 : 0) + 1, note: what.join('; ') };
}

export async function estimateRun(env: ReadEnv, streams: StreamRequest[]): Promise<RunEstimate> {
  const out: StreamEstimate[] = [];
  for (const req of streams) {
    try {
      out.push(await estimateOne(env, req));
    } catch (e) {
      if (!isUnavailable(e)) throw e;
      const why = e instanceof MissingScopesError ? `missing scope: needs ${e.scopes.join(' or ')}` : `cannot run in this portal: ${e.message}`;
      out.push({ stream: req.schema.name, calls: 0, note: why });
    }
  }
  out.push(await metadataOf(env, streams));
  let quota: RunEstimate['quota'];
  try {
    const u = (await env.client.get<{ results?: { usageLimit?: number; currentUsage?: number; resetsAt?: string }[] }>('/account-info/v3/api-usage/daily/private-apps', { kind: 'account' })).data
      .results?.[0];
    if (u?.usageLimit !== undefined) quota = { limit: u.usageLimit, remaining: u.usageLimit - (u.currentUsage ?? 0), resetsAt: u.resetsAt };
  } catch {
    // Quota unknown: the plan still shows the calls.
  }
  return { streams: out, ...(quota ? { quota } : {}) };
}
