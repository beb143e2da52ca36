/**
 * Analytics reports (legacy v2 reports API): for each configured breakdown (totals, sources,
 * geolocation, utm-campaigns, …), one row per period and breakdown value, daily, weekly or
 * monthly, over a configurable date range. One call per breakdown per run.
 *
 * Incremental by period: the checkpoint keeps, per breakdown, the start of the latest period
 * read; the next run starts there (that period was still filling up) and runs to `end_date`
 * (default: today, UTC). Rows merge on (breakdown_type, period, period_start, breakdown).
 *
 *   { v: 1, next: { [breakdown]: 'YYYY-MM-DD' } }
 */
import { MalformedPageError } from '@pipe/hubspot-api';
import { type Batch, type Column, ConfigError, type ConfigWarning, HttpError, type Row, SourceError, type StreamRequest, didYouMean } from '@pipe/sdk';
import { streamSpec } from './catalog.ts';
import type { HubSpotStreamOptions } from './config.ts';
import type { ReadEnv } from './env.ts';
import { dayOption, num, ymd } from './values.ts';

export const DEFAULT_BREAKDOWNS = ['totals', 'sources'];
/**
 * Breakdowns HubSpot's docs show (API-FACTS §8). Its full list is UNCONFIRMED, so another name is
 * sent as written, with a warning before the run; a 400 or 404 for it fails the stream naming it.
 */
export const KNOWN_BREAKDOWNS = ['totals', 'sessions', 'sources', 'geolocation', 'utm-campaigns'];
export const DEFAULT_ANALYTICS_DAYS = 30;
const DAY = 86_400_000;

/** HubSpot's metric keys and their column names. */
const METRICS: [string, string, 'integer' | 'number'][] = [
  ['rawViews', 'raw_views', 'integer'],
  ['visits', 'visits', 'integer'],
  ['visitors', 'visitors', 'integer'],
  ['leads', 'leads', 'integer'],
  ['contacts', 'contacts', 'integer'],
  ['subscribers', 'subscribers', 'integer'],
  ['marketingQualifiedLeads', 'marketing_qualified_leads', 'integer'],
  ['salesQualifiedLeads', 'sales_qualified_leads', 'integer'],
  ['opportunities', 'opportunities', 'integer'],
  ['customers', 'customers', 'integer'],
  ['pageviewsPerSession', 'pageviews_per_session', 'number'],
  ['bounceRate', 'bounce_rate', 'number'],
  ['timePerSession', 'time_per_session', 'number'],
  ['newVisitorSessionRate', 'new_visitor_session_rate', 'number'],
  ['sessionToContactRate', 'session_to_contact_rate', 'number'],
  ['contactToCustomerRate', 'contact_to_customer_rate', 'number'],
];

export const ANALYTICS_COLUMNS: Column[] = [
  { name: 'breakdown_type', type: 'string', nullable: false, description: 'The report: totals, sources, geolocation, utm-campaigns, …' },
  { name: 'period', type: 'string', nullable: false, description: 'daily, weekly or monthly.' },
  { name: 'period_start', type: 'date', nullable: false, description: 'First day of the period (the key HubSpot returns).' },
  { name: 'breakdown', type: 'string', nullable: false, description: "The dimension's value (e.g. ORGANIC, de); 'totals' for the totals report." },
  ...METRICS.map(([key, name, type]): Column => ({ name, type, description: key })),
  { name: 'metrics', type: 'json', description: 'Every metric HubSpot returned, verbatim (also those without a column).' },
];

type Checkpoint = { v: 1; next: Record<string, string> };

const compact = (d: string) => d.replaceAll('-', '');

export async function* readAnalytics(env: ReadEnv, req: StreamRequest): AsyncGenerator<Batch> {
  const stream = req.schema.name;
  const options = req.options as HubSpotStreamOptions;
  const period = options.period ?? 'daily';
  const end = options.end_date ?? ymd(Date.now());
  const endMs = dayOption(stream, 'end_date', end);
  const start = options.start_date ?? ymd(endMs - DEFAULT_ANALYTICS_DAYS * DAY);
  if (dayOption(stream, 'start_date', start) > endMs) {
    throw new ConfigError(`${stream}: start_date ${start} is after ${options.end_date ? `end_date ${end}` : `today (${end}), the default end_date`}, so there is nothing to read`, {
      hint: 'Set start_date on or before end_date.',
    });
  }
  const saved = req.mode === 'full' ? undefined : (req.state as Checkpoint | undefined);
  const next: Record<string, string> = { ...(saved?.v === 1 ? saved.next : {}) };
  for (const breakdown of options.breakdowns?.length ? options.breakdowns : DEFAULT_BREAKDOWNS) {
    const from = next[breakdown] && next[breakdown]! > start ? next[breakdown]! : start;
    if (from > end) continue;
    const url = `/analytics/v2/reports/${encodeURIComponent(breakdown)}/${period}`;
    const res = await env.client
      .get<Record<string, { breakdown?: string; [k: string]: unknown }[]>>(url, {
        kind: 'analytics',
        stream,
        params: { start: compact(from), end: compact(end) },
        check: (data) => checkReport(data, `GET ${url}`),
      })
      .catch((e: unknown) => {
        throw unknownBreakdown(stream, breakdown, e) ?? e;
      });
    const rows: Row[] = [];
    for (const [key, entries] of Object.entries(res.data)) {
      for (const e of entries) rows.push(reportRow(breakdown, period, key, e));
      if (!next[breakdown] || key > next[breakdown]!) next[breakdown] = key;
    }
    yield { stream, rows, checkpoint: { v: 1, next: { ...next } } };
  }
  yield { stream, rows: [], checkpoint: { v: 1, next: { ...next } } };
}

/** HubSpot refusing (400, 404) a breakdown outside KNOWN_BREAKDOWNS: say which, and what pipe knows. */
function unknownBreakdown(stream: string, breakdown: string, e: unknown): SourceError | undefined {
  if (!(e instanceof HttpError) || (e.status !== 400 && e.status !== 404) || KNOWN_BREAKDOWNS.includes(breakdown)) return undefined;
  return new SourceError(`${stream}: HubSpot refused the breakdown "${breakdown}" (it answered ${e.status}), so this account's reports API does not know it`, {
    hint: `Remove it from \`breakdowns\`, or use one HubSpot documents (${KNOWN_BREAKDOWNS.join(', ')})${didYouMean(breakdown, KNOWN_BREAKDOWNS)}`,
    cause: e,
  });
}

/** Breakdowns written under a stream's `breakdowns` that HubSpot does not document (see KNOWN_BREAKDOWNS). */
export function breakdownWarnings(streams: Record<string, Record<string, unknown>>): ConfigWarning[] {
  const out: ConfigWarning[] = [];
  for (const [name, options] of Object.entries(streams)) {
    const written = options.breakdowns;
    // Under another stream the option is not read at all (option-use.ts says so).
    if (streamSpec(name)?.kind !== 'analytics' || !Array.isArray(written)) continue;
    written.forEach((b, i) => {
      if (typeof b !== 'string' || KNOWN_BREAKDOWNS.includes(b)) return;
      out.push({
        path: ['streams', name, 'breakdowns', i],
        message: `"${b}" is not a breakdown HubSpot documents (${KNOWN_BREAKDOWNS.join(', ')}); it is sent as written, and the stream fails if HubSpot refuses it`,
        hint: `check the name${didYouMean(b, KNOWN_BREAKDOWNS)}`,
      });
    });
  }
  return out;
}

/**
 * A report is an object keyed by period start (YYYY-MM-DD), each a list of breakdown entries; an
 * empty object is a range without data. Anything else (an error body, a list) is not a report.
 */
function checkReport(data: unknown, what: string): void {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) throw new MalformedPageError(what, typeof data === 'string' && data.trim() !== '' ? 'is not JSON' : 'is not a report object');
  for (const [key, entries] of Object.entries(data)) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(key)) throw new MalformedPageError(what, `has a key "${key.slice(0, 40)}" that is not a period start (YYYY-MM-DD)`);
    if (!Array.isArray(entries) || entries.some((e) => e === null || typeof e !== 'object' || Array.isArray(e))) throw new MalformedPageError(what, `has period ${key} whose entries are not a list of objects`);
  }
}

function reportRow(type: string, period: string, start: string, e: { breakdown?: string; [k: string]: unknown }): Row {
  const { breakdown, ...metrics } = e;
  const row: Row = { breakdown_type: type, period, period_start: start, breakdown: breakdown ?? type, metrics };
  for (const [key, name, t] of METRICS) {
    const v = num(metrics[key]);
    row[name] = v !== null && t === 'integer' ? Math.round(v) : v;
  }
  return row;
}
