/**
 * Analytics reports (legacy v2 reports API): for each configured breakdown (totals, sources,
 * geolocation, utm-campaigns, …), one row per period and breakdown value, daily, weekly or
 * monthly, over a configurable date range. One call per breakdown per run, or one per period and
 * breakdown from a server that answers with one summary of the whole range (below).
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
type Entry = { breakdown?: string; [k: string]: unknown };
/** The documented answer (API-FACTS §8): one summary of the requested range, breakdowns paged by offset. */
type Summary = { offset?: number; total?: number; totals?: Record<string, unknown>; breakdowns?: Entry[] };
/** Keyed by period start (YYYY-MM-DD), each a list of breakdown entries. */
type ByDate = Record<string, Entry[]>;

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
  // Which shape HubSpot answers a daily/weekly/monthly report in is UNCONFIRMED: keyed by period
  // start, or the documented summary of the whole range, which has no dates. Once a summary came,
  // each period is asked on its own, so that every summary is exactly one period's numbers.
  let summaries = false;
  for (const breakdown of options.breakdowns?.length ? options.breakdowns : DEFAULT_BREAKDOWNS) {
    const from = next[breakdown] && next[breakdown]! > start ? next[breakdown]! : start;
    if (from > end) continue;
    const url = `/analytics/v2/reports/${encodeURIComponent(breakdown)}/${period}`;
    const get = async (a: string, b: string, offset = 0) => {
      const res = await env.client
        .get<ByDate | Summary>(url, {
          kind: 'analytics',
          stream,
          params: { start: compact(a), end: compact(b), offset: offset || undefined },
          check: (data) => checkReport(data, `GET ${url}`),
        })
        .catch((e: unknown) => {
          throw unknownBreakdown(stream, breakdown, e) ?? e;
        });
      return res.data;
    };
    const rows: Row[] = [];
    const add = (key: string, entries: Entry[]) => {
      for (const e of entries) rows.push(reportRow(breakdown, period, key, e));
      if (!next[breakdown] || key > next[breakdown]!) next[breakdown] = key;
    };
    const whole = summaries ? undefined : await get(from, end);
    if (whole && !isSummary(whole)) {
      for (const [key, entries] of Object.entries(whole)) add(key, entries);
    } else {
      if (!summaries) env.ctx.logger.info(`${stream}: HubSpot answers ${url} with one summary of the requested range, so each ${period} period is asked on its own`);
      summaries = true;
      const ranges = periodRanges(from, end, period);
      for (const [a, b] of ranges) {
        // The first answer covered the whole range: it is this period's only when the range is one period.
        const answer = whole && ranges.length === 1 ? whole : await get(a, b);
        if (!isSummary(answer)) for (const [key, entries] of Object.entries(answer)) add(key, entries);
        else add(a, await summaryEntries(stream, breakdown, answer, (offset) => get(a, b, offset)));
      }
    }
    yield { stream, rows, checkpoint: { v: 1, next: { ...next } } };
  }
  yield { stream, rows: [], checkpoint: { v: 1, next: { ...next } } };
}

const isSummary = (data: ByDate | Summary): data is Summary => 'breakdowns' in data || 'totals' in data;

/** [first day, last day] of each period from `from` to `end`: days, 7-day weeks from `from`, or calendar months (the first from `from`). */
function periodRanges(from: string, end: string, period: string): [string, string][] {
  const out: [string, string][] = [];
  const last = Date.parse(end);
  for (let t = Date.parse(from); t <= last; ) {
    const d = new Date(t);
    const after = period === 'daily' ? t + DAY : period === 'weekly' ? t + 7 * DAY : Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
    out.push([ymd(t), ymd(Math.min(after - DAY, last))]);
    t = after;
  }
  return out;
}

/** Every breakdown entry of a summary, asking for the pages after `first` until `total` is reached. */
async function summaryEntries(stream: string, breakdown: string, first: Summary, page: (offset: number) => Promise<ByDate | Summary>): Promise<Entry[]> {
  const entries = [...(first.breakdowns ?? [])];
  // The totals report has no dimension: a server may put its numbers in `totals` alone.
  if (!entries.length && !first.total && breakdown === 'totals' && first.totals && Object.keys(first.totals).length) return [{ ...first.totals }];
  const total = first.total ?? 0;
  const seen = new Set(entries.map((e) => e.breakdown));
  for (let got = entries.length; entries.length < total && got > 0; ) {
    const answer = await page(entries.length);
    const list = isSummary(answer) ? (answer.breakdowns ?? []) : [];
    // A server that ignores `offset` sends the first page again: counting it would hide the rest.
    if (list.some((e) => seen.has(e.breakdown))) break;
    for (const e of list) seen.add(e.breakdown);
    entries.push(...list);
    got = list.length;
  }
  if (entries.length < total) {
    throw new SourceError(`${stream}: HubSpot's ${breakdown} report says it has ${total} breakdowns, but asked page by page (by offset) it gave ${entries.length} different ones, so the report cannot be read whole`, {
      hint: 'run again; if it persists, run with --debug and check what the reports API answers for offset',
    });
  }
  return entries;
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
 * A report is an object keyed by period start (YYYY-MM-DD), each a list of breakdown entries (an
 * empty object is a range without data), or the documented summary: `totals` an object,
 * `breakdowns` a list of objects. Anything else (an error body, a list) is not a report.
 */
function checkReport(data: unknown, what: string): void {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) throw new MalformedPageError(what, typeof data === 'string' && data.trim() !== '' ? 'is not JSON' : 'is not a report object');
  const isObject = (v: unknown) => v !== null && typeof v === 'object' && !Array.isArray(v);
  if (isSummary(data as ByDate | Summary)) {
    const { totals, breakdowns, total } = data as Summary;
    if (totals !== undefined && !isObject(totals)) throw new MalformedPageError(what, 'has "totals" that is not an object');
    if (breakdowns !== undefined && !(Array.isArray(breakdowns) && breakdowns.every(isObject))) throw new MalformedPageError(what, 'has "breakdowns" that is not a list of objects');
    if (total !== undefined && typeof total !== 'number') throw new MalformedPageError(what, 'has a "total" that is not a number');
    return;
  }
  for (const [key, entries] of Object.entries(data)) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(key)) throw new MalformedPageError(what, `has a key "${key.slice(0, 40)}" that is not a period start (YYYY-MM-DD)`);
    if (!Array.isArray(entries) || !entries.every(isObject)) throw new MalformedPageError(what, `has period ${key} whose entries are not a list of objects`);
  }
}

function reportRow(type: string, period: string, start: string, e: Entry): Row {
  const { breakdown, ...metrics } = e;
  const row: Row = { breakdown_type: type, period, period_start: start, breakdown: breakdown ?? type, metrics };
  for (const [key, name, t] of METRICS) {
    const v = num(metrics[key]);
    row[name] = v !== null && t === 'integer' ? Math.round(v) : v;
  }
  return row;
}
