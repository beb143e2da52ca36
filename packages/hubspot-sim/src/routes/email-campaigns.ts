// Legacy email campaigns (API-FACTS-2 §3.4): `/email/public/v1/campaigns/by-id` (every id, unordered)
// and `/email/public/v1/campaigns` (by most recent activity), both offset/hasMore, and one campaign's
// detail. Scope `content`. An account without them answers 403/404 (routes/refusals.ts); the control
// plane can make the next answers odd 200s (HTML, truncated JSON) for error tests.
import { campaignDetail, type LegacyEmailCampaign, type OddPages } from '../data/email-campaigns.ts';
import type { Portal } from '../data/portal.ts';
import { type Reply, htmlPage, json, notFound } from '../http/reply.ts';
import type { RequestContext, Router } from '../http/router.ts';
import { decodeCursor, encodeCursor, limitParam } from './records.ts';

const BASE = '/email/public/v1/campaigns';
const scopes = () => ['content'];

/** The next odd answer of a route, if the control plane asked for one: an HTML page, or JSON cut short. */
function oddReply(portal: Portal, route: OddPages['route'], body: unknown): Reply | undefined {
  const o = portal.email.odd;
  if (!o || o.route !== route || o.left <= 0) return undefined;
  o.left--;
  if (o.kind === 'html') return htmlPage(200, 'OK');
  const text = JSON.stringify(body);
  return { status: 200, raw: text.slice(0, Math.floor(text.length / 2)), contentType: 'application/json;charset=utf-8' };
}

/** A stable shuffle key: the by-id listing promises no order. */
const scramble = (id: number) => Math.imul(id ^ 0x5bd1e995, 0x27d4eb2d) >>> 0;

export function emailCampaignRoutes(router: Router, portal: Portal): void {
  const data = portal.email;
  const listed = (c: LegacyEmailCampaign) => {
    const when = data.opts.listedLastUpdated;
    const withTime = when === 'always' || (when === 'sent' && c.sent);
    return { id: c.id, appId: c.appId, appName: c.appName, ...(withTime ? { lastUpdatedTime: c.lastUpdatedTime } : {}) };
  };
  const page = (ctx: RequestContext, all: LegacyEmailCampaign[]): Reply => {
    const limit = limitParam(ctx, data.opts.defaultLimit, data.opts.maxLimit, 'error');
    if (typeof limit !== 'number') return limit;
    const start = decodeCursor(ctx.query.get('offset'));
    if (typeof start !== 'number') return start;
    const end = Math.min(all.length, start + limit);
    const body = { campaigns: all.slice(start, end).map(listed), hasMore: end < all.length, offset: encodeCursor(end) };
    return oddReply(portal, 'list', body) ?? json(200, body);
  };
  router.add({ method: 'GET', pattern: `${BASE}/by-id`, name: 'email.campaigns.list', scopes, handle: (ctx) => page(ctx, [...data.campaigns].sort((a, b) => scramble(a.id) - scramble(b.id) || a.id - b.id)) });
  router.add({
    method: 'GET',
    pattern: BASE,
    name: 'email.campaigns.recent',
    scopes,
    // Most recent activity first; never-sent campaigns have none and come last.
    handle: (ctx) => page(ctx, [...data.campaigns].sort((a, b) => Number(b.sent) - Number(a.sent) || b.lastUpdatedTime - a.lastUpdatedTime || b.id - a.id)),
  });
  router.add({
    method: 'GET',
    pattern: `${BASE}/:campaignId`,
    name: 'email.campaigns.read',
    scopes,
    handle: (ctx) => {
      const c = /^\d+$/.test(ctx.params.campaignId ?? '') ? data.find(Number(ctx.params.campaignId)) : undefined;
      if (!c) return notFound(`Email campaign ${ctx.params.campaignId} was not found`);
      const body = campaignDetail(c);
      return oddReply(portal, 'detail', body) ?? json(200, body);
    },
  });
}
