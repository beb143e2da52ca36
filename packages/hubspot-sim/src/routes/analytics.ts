// Legacy analytics v2 reports and account-info (details, daily API usage).
import { ACCOUNT_UTC_OFFSET_MS, PORTAL_ID } from '../data/object-types.ts';
import type { Portal } from '../data/portal.ts';
import { Rng, hashString, mix } from '../data/random.ts';
import type { RateLimiter } from '../http/limits.ts';
import { badRequest, hubspotError, json, type Reply } from '../http/reply.ts';
import type { RequestContext, Router } from '../http/router.ts';

const DAY = 86_400_000;
const SUMMARY_LIMIT = 5;
const BREAKDOWNS: Record<string, string[]> = {
  totals: ['totals'],
  sessions: ['sessions'],
  sources: ['ORGANIC', 'PAID', 'SOCIAL_MEDIA', 'DIRECT_TRAFFIC', 'REFERRALS', 'EMAIL_MARKETING', 'OTHER_CAMPAIGNS', 'OFFLINE'],
  geolocation: ['us', 'de', 'br', 'jp', 'in', 'ng'],
  'utm-campaigns': ['spring_launch', 'webinar_2026', 'retargeting 🎯'],
};

function metrics(r: Rng): Record<string, number> {
  const visits = r.int(5000);
  const contacts = r.int(Math.max(1, visits / 20));
  return {
    rawViews: visits + r.int(8000),
    visits,
    visitors: Math.floor(visits * 0.8),
    leads: Math.floor(contacts * 0.6),
    contacts,
    subscribers: r.int(50),
    marketingQualifiedLeads: r.int(30),
    salesQualifiedLeads: r.int(15),
    opportunities: r.int(10),
    customers: r.int(5),
    pageviewsPerSession: Math.round((1 + r.next() * 4) * 100) / 100,
    bounceRate: Math.round(r.next() * 10000) / 100,
    timePerSession: Math.round(r.next() * 400 * 100) / 100,
    newVisitorSessionRate: Math.round(r.next() * 10000) / 10000,
    sessionToContactRate: Math.round(r.next() * 1000) / 10000,
    contactToCustomerRate: Math.round(r.next() * 1000) / 10000,
  };
}

function ymd(s: string | null, dflt: number): number | undefined {
  if (!s) return dflt;
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : undefined;
}

function report(portal: Portal, ctx: RequestContext): Reply {
  const known = BREAKDOWNS[ctx.params.breakdown!];
  const unknown = portal.opts.unknownBreakdown ?? 'data';
  if (!known && unknown === 400) return badRequest(`Unknown breakdown_by: ${ctx.params.breakdown}`);
  if (!known && unknown === 404) return hubspotError(404, 'OBJECT_NOT_FOUND', `resource not found: ${ctx.params.breakdown}`);
  const names = known ?? [`${ctx.params.breakdown}-1`, `${ctx.params.breakdown}-2`];
  const today = portal.nowMs() - (portal.nowMs() % DAY);
  const start = ymd(ctx.query.get('start'), today - 30 * DAY);
  const end = ymd(ctx.query.get('end'), today);
  if (start === undefined || end === undefined) return badRequest('start and end must be dates as YYYYMMDD.');
  const salt = hashString(ctx.params.breakdown!);
  const period = ctx.params.period!;
  if (period === 'total') {
    const rows = names.map((b, i) => ({ breakdown: b, ...metrics(new Rng(mix(mix(portal.seed, salt), i))) }));
    return summary(ctx, rows, metrics(new Rng(mix(portal.seed, salt ^ 0x707))));
  }
  const starts = periodStarts(start, end, period);
  if (!starts) return badRequest(`time_period must be one of total, daily, weekly, monthly; got ${period}`);
  const entries = (t: number) => names.map((b, i) => ({ breakdown: b, ...metrics(new Rng(mix(mix(portal.seed, salt + t / DAY), i))) }));
  if (portal.behaviour.analyticsShape === 'totals') {
    // One summary of the whole range: a range within one period has that period's numbers, a longer
    // one a roll-up that matches no single period (so a client must ask one period per call).
    const range = mix(start / DAY, end / DAY);
    const rows = starts.length === 1 ? entries(starts[0]!) : names.map((b, i) => ({ breakdown: b, ...metrics(new Rng(mix(mix(portal.seed, salt ^ range), i))) }));
    if (ctx.params.breakdown !== 'totals') return summary(ctx, rows, metrics(new Rng(mix(mix(portal.seed, salt ^ 0x707), range))));
    // The totals report has no dimension: its numbers come in `totals` alone.
    const { breakdown: _, ...totals } = rows[0]!;
    return summary(ctx, [], totals);
  }
  const out: Record<string, unknown[]> = {};
  for (const t of starts) out[new Date(t).toISOString().slice(0, 10)] = entries(t);
  return json(200, out);
}

/** Period starts in [start, end]: every day, every 7 days from start, or start and then each later month's 1st. */
function periodStarts(start: number, end: number, period: string): number[] | undefined {
  if (period !== 'daily' && period !== 'weekly' && period !== 'monthly') return undefined;
  const out: number[] = [];
  for (let t = start; t <= end; ) {
    out.push(t);
    const d = new Date(t);
    t = period === 'daily' ? t + DAY : period === 'weekly' ? t + 7 * DAY : Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
  }
  return out;
}

/** The documented summary shape, its breakdowns paged by offset/limit (the default limit is UNCONFIRMED: small, so clients must page). */
function summary(ctx: RequestContext, rows: unknown[], totals: Record<string, number>): Reply {
  const offset = Number(ctx.query.get('offset') ?? 0);
  const limit = Number(ctx.query.get('limit') ?? SUMMARY_LIMIT);
  return json(200, { offset, total: rows.length, totals, breakdowns: rows.slice(offset, offset + limit) });
}

export function analyticsRoutes(router: Router, portal: Portal, limits: RateLimiter, dailyLimit: number): void {
  router.add({ method: 'GET', pattern: '/analytics/v2/reports/:breakdown/:period', name: 'analytics.report', scopes: () => ['business-intelligence'], handle: (c) => report(portal, c) });
  router.add({
    method: 'GET',
    pattern: '/account-info/v3/details',
    name: 'account.details',
    scopes: () => [],
    handle: () =>
      json(200, {
        portalId: PORTAL_ID,
        accountType: 'STANDARD',
        timeZone: 'Europe/Berlin',
        companyCurrency: 'EUR',
        additionalCurrencies: ['USD', 'GBP'],
        utcOffset: '+02:00',
        utcOffsetMilliseconds: ACCOUNT_UTC_OFFSET_MS,
        uiDomain: 'app-eu1.hubspot.com',
        dataHostingLocation: 'eu1',
      }),
  });
  router.add({
    method: 'GET',
    pattern: '/account-info/v3/api-usage/daily/private-apps',
    name: 'account.usage',
    scopes: () => [],
    handle: () => {
      const now = portal.nowMs();
      return json(200, {
        results: [
          {
            name: 'private-apps-api-calls-daily',
            usageLimit: dailyLimit,
            currentUsage: limits.dailyUsed,
            collectedAt: new Date(now).toISOString(),
            fetchStatus: 'SUCCESS',
            resetsAt: new Date(now - ((now + ACCOUNT_UTC_OFFSET_MS) % DAY) + DAY).toISOString(),
          },
        ],
      });
    },
  });
}
