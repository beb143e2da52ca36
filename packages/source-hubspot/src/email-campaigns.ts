/**
 * Legacy email campaigns (API-FACTS-2 §3.4): one row per send of a marketing email, the id that
 * email_events.email_campaign_id and marketing_emails.primary_email_campaign_id refer to. Not the
 * marketing campaigns v3 (`campaigns`, GUIDs).
 *
 * `GET /email/public/v1/campaigns/by-id` lists every id (500 per page, offset/hasMore, no order)
 * with `lastUpdatedTime` for most; the name, subject, type and counters come only from the detail
 * call, one per campaign. So each run lists every id and reads the detail only of campaigns whose
 * listed `lastUpdatedTime` moved since the last run, that list none (HubSpot leaves it out of some
 * campaigns, e.g. never sent), or are new; every `full_refresh_hours` (default 24) it reads every
 * detail again, in case counters moved without `lastUpdatedTime` (UNCONFIRMED either way).
 *   checkpoint: { v: 1, seen: { <id>: <listed lastUpdatedTime ms> | null }, full: <ms of the last every-detail run>, resume?: <ms> }
 * (`seen` holds the ids read; a run cut short after some detail batches resumes with the rest.)
 * An id that leaves the listing leaves the state; its row stays (HubSpot does not delete sends).
 */
import type { Batch, Column, Row, StreamEstimate, StreamRequest } from '@pipe/sdk';
import { CursorTrail, MalformedPageError, fetchPage } from '@pipe/hubspot-api';
import { DEFAULT_FULL_REFRESH_HOURS } from './associations.ts';
import type { HubSpotStreamOptions } from './config.ts';
import type { ReadEnv } from './env.ts';
import { FittingSize } from './fitting-size.ts';
import { EMAIL_COUNTERS } from './marketing.ts';
import { isoDate, num } from './values.ts';

export const EMAIL_CAMPAIGNS_PATH = '/email/public/v1/campaigns';
/** Ids per listing page (what Airbyte asks for; HubSpot's most is UNCONFIRMED: see FittingSize). */
export const EMAIL_CAMPAIGN_PAGE = 500;
/** Detail reads in flight at once: enough to hide latency, few enough to leave the burst budget to others. */
const DETAILS_AT_ONCE = 4;
/** Details read between checkpoints. */
const DETAIL_BATCH = 100;

export const EMAIL_CAMPAIGN_COLUMNS: Column[] = [
  { name: 'id', type: 'string', nullable: false, description: 'Email campaign id (one send); email_events.email_campaign_id and marketing_emails.primary_email_campaign_id refer to it.' },
  { name: 'app_id', type: 'integer' },
  { name: 'app_name', type: 'string', description: 'Batch, Automated, Blog/RSS, …' },
  { name: 'content_id', type: 'string', description: 'The marketing email sent (marketing_emails.id).' },
  { name: 'name', type: 'string' },
  { name: 'subject', type: 'string' },
  { name: 'type', type: 'string', description: 'BATCH_EMAIL, AB_EMAIL, AUTOMATED_EMAIL, RSS_EMAIL, …' },
  { name: 'sub_type', type: 'string' },
  { name: 'num_included', type: 'integer', description: 'Recipients included in the send.' },
  { name: 'num_queued', type: 'integer' },
  { name: 'last_updated_time', type: 'timestamp' },
  ...EMAIL_COUNTERS.map((c): Column => ({ name: `counters_${c}`, type: 'integer', description: `counters.${c}` })),
  { name: 'counters', type: 'json', description: 'Every counter verbatim (also processed, deferred, forward, print, … where HubSpot sends them).' },
];

/** `resume`: set while a run is cut short; the `full` the run will record once every detail it must read is read. */
type State = { v: 1; seen: Record<string, number | null>; full: number; resume?: number };

interface ListedJson {
  id: number | string;
  appId?: number;
  appName?: string;
  lastUpdatedTime?: number;
}

interface DetailJson {
  id: number | string;
  appId?: number;
  appName?: string;
  contentId?: number | string;
  name?: string;
  subject?: string;
  type?: string;
  subType?: string;
  numIncluded?: number;
  numQueued?: number;
  lastUpdatedTime?: number;
  counters?: Record<string, unknown>;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown) => (v === undefined || v === null ? null : String(v));

/** A listed `lastUpdatedTime` must be a number when present: anything else is not this API's page. */
const listedItem = (c: Record<string, unknown>) => (c.lastUpdatedTime === undefined || c.lastUpdatedTime === null || typeof c.lastUpdatedTime === 'number' ? undefined : 'whose "lastUpdatedTime" is not a number');

export async function* readEmailCampaigns(env: ReadEnv, req: StreamRequest): AsyncGenerator<Batch> {
  const stream = req.schema.name;
  const options = req.options as HubSpotStreamOptions;
  const saved = req.mode === 'full' || options.sync === 'full' ? undefined : (req.state as State | undefined);
  const prior = saved?.v === 1 ? saved : undefined;
  const every = (options.full_refresh_hours ?? DEFAULT_FULL_REFRESH_HOURS) * 3_600_000;
  const startedAt = env.now();
  // A run cut short keeps what it read; the next one reads the rest, whatever kind of run it was.
  const resuming = prior?.resume !== undefined;
  const everything = !resuming && (!prior || startedAt - prior.full >= every);

  // Every id, with the time HubSpot lists for it (null: none listed).
  const listed = new Map<string, number | null>();
  let offset: string | undefined;
  const size = new FittingSize(`${stream}: ids per page`, EMAIL_CAMPAIGN_PAGE, 50, env.ctx.logger);
  const trail = new CursorTrail();
  do {
    const page = await size.read((limit) =>
      fetchPage<ListedJson>(
        env.client,
        { method: 'GET', url: `${EMAIL_CAMPAIGNS_PATH}/by-id` },
        { kind: 'email_campaigns', stream, params: { limit, offset } },
        { list: 'campaigns', cursor: 'offset', limit, item: listedItem, trail },
      ),
    );
    for (const c of page.results) listed.set(String(c.id), typeof c.lastUpdatedTime === 'number' ? c.lastUpdatedTime : null);
    offset = page.next;
  } while (offset);

  // Ids whose detail this run need not read: listed with the same time as when last read.
  const seen: Record<string, number | null> = {};
  if (prior && !everything) for (const [id, t] of listed) if (t !== null && prior.seen[id] === t) seen[id] = t;
  const todo = [...listed.keys()].filter((id) => !(id in seen)).sort();
  const full = everything ? startedAt : resuming ? prior!.resume! : prior!.full;
  const cut: Pick<State, 'full' | 'resume'> = everything || resuming ? { full: prior?.full ?? 0, resume: full } : { full };
  for (let i = 0; i < todo.length; i += DETAIL_BATCH) {
    const ids = todo.slice(i, i + DETAIL_BATCH);
    const rows: Row[] = [];
    for (let j = 0; j < ids.length; j += DETAILS_AT_ONCE) {
      const group = ids.slice(j, j + DETAILS_AT_ONCE);
      const details = await Promise.all(group.map((id) => readDetail(env, stream, id)));
      for (const [k, d] of details.entries()) {
        const id = group[k]!;
        // Gone between the listing and this call: read again if it comes back.
        if (!d) continue;
        rows.push(detailRow(d));
        seen[id] = listed.get(id) ?? null;
      }
    }
    const last = i + DETAIL_BATCH >= todo.length;
    yield { stream, rows, checkpoint: (last ? { v: 1, seen: { ...seen }, full } : { v: 1, seen: { ...seen }, ...cut }) satisfies State };
  }
  if (todo.length === 0) yield { stream, rows: [], checkpoint: { v: 1, seen, full } satisfies State };
}

async function readDetail(env: ReadEnv, stream: string, id: string): Promise<DetailJson | undefined> {
  const what = `GET ${EMAIL_CAMPAIGNS_PATH}/{campaignId}`;
  let detail: DetailJson | undefined;
  const res = await env.client.request<unknown>('GET', `${EMAIL_CAMPAIGNS_PATH}/${encodeURIComponent(id)}`, {
    kind: 'email_campaigns',
    stream,
    accept: [404],
    check: (data) => {
      if (!isObject(data)) throw new MalformedPageError(what, typeof data === 'string' && data.trim() !== '' ? 'is not JSON' : 'is not a JSON object');
      if (String(data.id) !== id) throw new MalformedPageError(what, `answers for id ${JSON.stringify(data.id)} where ${id} was asked for`);
      if (data.counters !== undefined && data.counters !== null && !isObject(data.counters)) throw new MalformedPageError(what, 'has a "counters" that is not an object');
      detail = data as unknown as DetailJson;
    },
  });
  return res.status === 404 ? undefined : detail;
}

function detailRow(d: DetailJson): Row {
  const counters = d.counters ?? {};
  const row: Row = {
    id: String(d.id),
    app_id: num(d.appId),
    app_name: d.appName ?? null,
    content_id: str(d.contentId),
    name: d.name ?? null,
    subject: d.subject ?? null,
    type: d.type ?? null,
    sub_type: d.subType ?? null,
    num_included: num(d.numIncluded),
    num_queued: num(d.numQueued),
    last_updated_time: isoDate(d.lastUpdatedTime),
    counters: d.counters ?? null,
  };
  for (const c of EMAIL_COUNTERS) row[`counters_${c}`] = num(counters[c]);
  return row;
}

/** `pipe plan`: ceil(n/500) listing pages + one detail call per campaign to read (all on a first run or when a full refresh is due). */
export async function estimateEmailCampaigns(env: ReadEnv, req: StreamRequest): Promise<StreamEstimate> {
  const stream = req.schema.name;
  const options = req.options as HubSpotStreamOptions;
  const saved = req.mode === 'full' || options.sync === 'full' ? undefined : (req.state as State | undefined);
  const prior = saved?.v === 1 ? saved : undefined;
  const every = (options.full_refresh_hours ?? DEFAULT_FULL_REFRESH_HOURS) * 3_600_000;
  if (!prior || (prior.resume === undefined && env.now() - prior.full >= every)) {
    // The listing gives no total: one page of 500 ids to count, more only past 500.
    let n = 0;
    let pages = 0;
    let offset: string | undefined;
    const trail = new CursorTrail();
    do {
      const page = await fetchPage<ListedJson>(env.client, { method: 'GET', url: `${EMAIL_CAMPAIGNS_PATH}/by-id` }, { kind: 'estimate', stream, params: { limit: EMAIL_CAMPAIGN_PAGE, offset } }, { list: 'campaigns', cursor: 'offset', limit: EMAIL_CAMPAIGN_PAGE, item: listedItem, trail });
      n += page.results.length;
      pages++;
      offset = page.next;
    } while (offset);
    return { stream, rows: n, calls: pages + n, note: `${n} email campaigns: ${pages} listing page(s) (500 per call) + 1 detail call each${prior ? ' (full refresh due)' : ''}` };
  }
  const known = Object.keys(prior.seen).length;
  const unlisted = Object.values(prior.seen).filter((t) => t === null).length;
  const pages = Math.max(1, Math.ceil(known / EMAIL_CAMPAIGN_PAGE));
  return {
    stream,
    calls: pages + unlisted,
    note: `${pages} listing page(s) (500 per call) + 1 detail call per campaign new or whose lastUpdatedTime moved (≥ ${unlisted}: those listed without one); next full refresh of every detail due ${new Date(prior.full + every).toISOString()}`,
  };
}
