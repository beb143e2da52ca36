/**
 * Marketing emails (v3, with statistics) and email events (legacy events API).
 *
 * Emails are few and their statistics change every day, so they are re-read whole each run
 * (live and archived; 1 call per 100 emails each). Events never change once written: they are
 * read incrementally by `created`, with offset paging inside a window [from, upper] frozen at
 * the start of the run; the next run starts `lookback_minutes` before the last upper (merging on
 * the event id makes the overlap harmless).
 *
 *   events checkpoint: { v: 1, phase: 'read', from, upper, offset? } | { v: 1, phase: 'idle', watermark }
 */
import type { Batch, Column, Row, StreamRequest } from '@pipe/sdk';
import { DEFAULT_LOOKBACK_MINUTES, type HubSpotStreamOptions } from './config.ts';
import { CursorTrail, fetchPage } from '@pipe/hubspot-api';
import type { ReadEnv } from './env.ts';
import { FittingSize } from './fitting-size.ts';
import { dayOption, isoDate, num } from './values.ts';

/** Email counters with a column of their own, in marketing_emails (stats_*) and email_campaigns (counters_*). */
export const EMAIL_COUNTERS = ['sent', 'delivered', 'open', 'click', 'bounce', 'unsubscribed', 'spamreport', 'hardbounced', 'softbounced', 'dropped'] as const;
const RATIOS = ['openratio', 'clickratio', 'clickthroughratio', 'bounceratio', 'deliveredratio', 'unsubscribedratio'] as const;

export const MARKETING_EMAIL_COLUMNS: Column[] = [
  { name: 'id', type: 'string', nullable: false },
  { name: 'name', type: 'string' },
  { name: 'subject', type: 'string' },
  { name: 'state', type: 'string', description: 'DRAFT, SCHEDULED, PUBLISHED, AUTOMATED, …' },
  { name: 'type', type: 'string', description: 'BATCH_EMAIL, AB_EMAIL, AUTOMATED_EMAIL, RSS_EMAIL, …' },
  { name: 'subcategory', type: 'string' },
  { name: 'is_published', type: 'boolean' },
  { name: 'is_transactional', type: 'boolean' },
  { name: 'archived', type: 'boolean' },
  { name: 'campaign', type: 'string', description: 'Marketing campaign id.' },
  { name: 'campaign_name', type: 'string' },
  { name: 'primary_email_campaign_id', type: 'string', description: 'Email campaign id; email_events.email_campaign_id refers to it.' },
  { name: 'language', type: 'string' },
  { name: 'created_at', type: 'timestamp' },
  { name: 'updated_at', type: 'timestamp' },
  { name: 'published_at', type: 'timestamp' },
  ...EMAIL_COUNTERS.map((c): Column => ({ name: `stats_${c}`, type: 'integer', description: `stats.counters.${c}` })),
  ...RATIOS.map((r): Column => ({ name: `stats_${r}`, type: 'number', description: `stats.ratios.${r} (percent)` })),
  { name: 'stats', type: 'json', description: 'All statistics verbatim (counters, ratios, device breakdown).' },
];

export const EMAIL_EVENT_COLUMNS: Column[] = [
  { name: 'id', type: 'string', nullable: false },
  { name: 'created', type: 'timestamp', nullable: false, description: 'When the event happened; the incremental cursor.' },
  { name: 'type', type: 'string', description: 'SENT, DELIVERED, OPEN, CLICK, BOUNCE, DROPPED, STATUSCHANGE, …' },
  { name: 'recipient', type: 'string' },
  { name: 'email_campaign_id', type: 'string' },
  { name: 'app_name', type: 'string' },
  { name: 'sent_by_id', type: 'string', description: 'Id of the SENT event this one follows.' },
  { name: 'url', type: 'string', description: 'CLICK: the link.' },
  { name: 'device_type', type: 'string', description: 'OPEN/CLICK: COMPUTER, MOBILE…' },
  { name: 'extra', type: 'json', description: 'Every other field of the event (browser, location, bounce category, drop reason…).' },
];

interface EmailJson {
  id: string;
  name?: string;
  subject?: string;
  state?: string;
  type?: string;
  subcategory?: string;
  isPublished?: boolean;
  isTransactional?: boolean;
  archived?: boolean;
  campaign?: string;
  campaignName?: string;
  primaryEmailCampaignId?: string;
  language?: string;
  createdAt?: string;
  updatedAt?: string;
  publishedAt?: string;
  stats?: { counters?: Record<string, number>; ratios?: Record<string, number> };
}

export async function* readMarketingEmails(env: ReadEnv, req: StreamRequest): AsyncGenerator<Batch> {
  const stream = req.schema.name;
  // 100 a page as connectors ask; HubSpot's default and most are UNCONFIRMED (API-FACTS §8).
  const size = new FittingSize(`${stream}: emails per page`, 100, 10, env.ctx.logger);
  for (const archived of [false, true]) {
    let after: string | undefined;
    const trail = new CursorTrail();
    do {
      const page = await size.read((limit) =>
        fetchPage<EmailJson>(
          env.client,
          { method: 'GET', url: env.client.paths.marketingEmails },
          { kind: 'marketing_emails', stream, params: { limit, after, archived, includeStats: true } },
          { cursor: 'after', limit, trail },
        ),
      );
      const rows = page.results.map((e) => emailRow(e, archived));
      if (rows.length) yield { stream, rows };
      after = page.next;
    } while (after);
  }
  yield { stream, rows: [], checkpoint: { v: 1, phase: 'idle' } };
}

function emailRow(e: EmailJson, archived: boolean): Row {
  const row: Row = {
    id: String(e.id),
    name: e.name ?? null,
    subject: e.subject ?? null,
    state: e.state ?? null,
    type: e.type ?? null,
    subcategory: e.subcategory ?? null,
    is_published: e.isPublished ?? null,
    is_transactional: e.isTransactional ?? null,
    archived: e.archived ?? archived,
    campaign: e.campaign ?? null,
    campaign_name: e.campaignName ?? null,
    primary_email_campaign_id: e.primaryEmailCampaignId ?? null,
    language: e.language ?? null,
    created_at: isoDate(e.createdAt),
    updated_at: isoDate(e.updatedAt),
    published_at: isoDate(e.publishedAt),
    stats: e.stats ?? null,
  };
  for (const c of EMAIL_COUNTERS) row[`stats_${c}`] = num(e.stats?.counters?.[c]);
  for (const r of RATIOS) row[`stats_${r}`] = num(e.stats?.ratios?.[r]);
  return row;
}

type EventsCheckpoint = { v: 1; phase: 'read'; from: number; upper: number; offset?: string } | { v: 1; phase: 'idle'; watermark: number };

interface EventJson {
  id: string;
  created: number;
  type?: string;
  recipient?: string;
  emailCampaignId?: number | string;
  appName?: string;
  sentBy?: { id?: string };
  url?: string;
  deviceType?: string;
  [k: string]: unknown;
}

const EVENT_PAGE = 1000;

export async function* readEmailEvents(env: ReadEnv, req: StreamRequest): AsyncGenerator<Batch> {
  const stream = req.schema.name;
  const options = req.options as HubSpotStreamOptions;
  const lookbackMs = (options.lookback_minutes ?? DEFAULT_LOOKBACK_MINUTES) * 60_000;
  const state = req.mode === 'full' ? undefined : (req.state as EventsCheckpoint | undefined);
  let cp: EventsCheckpoint;
  if (state?.v === 1 && state.phase === 'read') cp = state;
  else {
    const from = state?.v === 1 && state.phase === 'idle' ? Math.max(0, state.watermark - lookbackMs) : options.start_date ? dayOption(stream, 'start_date', options.start_date) : 0;
    // Frozen now: events created while we page belong to the next run.
    cp = { v: 1, phase: 'read', from, upper: Date.now() };
  }
  const { from, upper } = cp;
  let offset = cp.offset;
  const trail = new CursorTrail();
  while (true) {
    const page = await fetchPage<EventJson>(
      env.client,
      { method: 'GET', url: '/email/public/v1/events' },
      { kind: 'email_events', stream, params: { ...(from > 0 ? { startTimestamp: from } : {}), endTimestamp: upper, limit: EVENT_PAGE, offset } },
      { list: 'events', cursor: 'offset', limit: EVENT_PAGE, trail, item: (e) => (typeof e.created === 'number' || (typeof e.created === 'string' && e.created !== '') ? undefined : 'without a "created" time') },
    );
    const events = page.results;
    const more = page.next !== undefined;
    offset = page.next;
    const next: EventsCheckpoint = more ? { v: 1, phase: 'read', from, upper, offset } : { v: 1, phase: 'idle', watermark: upper };
    yield { stream, rows: events.map(eventRow), checkpoint: next };
    if (!more) return;
  }
}

function eventRow(e: EventJson): Row {
  const { id, created, type, recipient, emailCampaignId, appName, sentBy, url, deviceType, portalId: _p, appId: _a, ...extra } = e;
  return {
    id: String(id),
    created: isoDate(created),
    type: type ?? null,
    recipient: recipient ?? null,
    email_campaign_id: emailCampaignId == null ? null : String(emailCampaignId),
    app_name: appName ?? null,
    sent_by_id: sentBy?.id ?? null,
    url: url ?? null,
    device_type: deviceType ?? null,
    extra,
  };
}
