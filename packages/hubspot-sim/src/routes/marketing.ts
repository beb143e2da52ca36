// Marketing emails v3 (cursor paging, `total`, optional stats) and legacy email events (offset/hasMore).
import { emailEvent, type MarketingEmail } from '../data/marketing.ts';
import { PORTAL_ID } from '../data/object-types.ts';
import type { Portal } from '../data/portal.ts';
import { badRequest, json, notFound, type Reply } from '../http/reply.ts';
import type { RequestContext, Router } from '../http/router.ts';
import { boolParam, decodeCursor, encodeCursor, limitParam, listParam } from './records.ts';

function emailJson(e: MarketingEmail, ctx: RequestContext): Record<string, unknown> {
  const { stats, ...rest } = e;
  const out: Record<string, unknown> = boolParam(ctx.query, 'includeStats') ? { ...rest, stats } : { ...rest };
  const only = listParam(ctx.query, 'includedProperties');
  if (only) for (const k of Object.keys(out)) if (k !== 'id' && !only.includes(k)) delete out[k];
  return out;
}

function timeFilter(ctx: RequestContext, field: 'createdAt' | 'updatedAt' | 'publishedAt', e: MarketingEmail): boolean {
  const v = e[field];
  const after = ctx.query.get(`${field.replace('At', '')}After`);
  const before = ctx.query.get(`${field.replace('At', '')}Before`);
  if (after && (!v || v <= after)) return false;
  if (before && (!v || v >= before)) return false;
  return true;
}

function listEmails(emails: MarketingEmail[], ctx: RequestContext): Reply {
  const limit = limitParam(ctx, 10, 500, 'clamp');
  if (typeof limit !== 'number') return limit;
  const start = decodeCursor(ctx.query.get('after'));
  if (typeof start !== 'number') return start;
  const archived = boolParam(ctx.query, 'archived');
  const type = ctx.query.get('type');
  const isPublished = ctx.query.get('isPublished');
  const all = emails.filter(
    (e) =>
      e.archived === archived &&
      (!type || e.type === type) &&
      (isPublished === null || String(e.isPublished) === isPublished) &&
      timeFilter(ctx, 'createdAt', e) &&
      timeFilter(ctx, 'updatedAt', e) &&
      timeFilter(ctx, 'publishedAt', e),
  );
  const out: Record<string, unknown> = { total: all.length, results: all.slice(start, start + limit).map((e) => emailJson(e, ctx)) };
  if (start + limit < all.length) {
    const after = encodeCursor(start + limit);
    out.paging = { next: { after, link: `${ctx.origin}${ctx.path}?after=${after}` } };
  }
  return json(200, out);
}

function events(portal: Portal, emails: MarketingEmail[], count: number, ctx: RequestContext): Reply {
  const q = ctx.query;
  const limit = Number(q.get('limit') ?? 100);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) return badRequest(`limit must be between 1 and 1000, got ${q.get('limit')}`);
  const start = decodeCursor(q.get('offset'));
  if (typeof start !== 'number') return start;
  const from = q.get('startTimestamp') ? Number(q.get('startTimestamp')) : Number.NEGATIVE_INFINITY;
  const to = q.get('endTimestamp') ? Number(q.get('endTimestamp')) : Number.POSITIVE_INFINITY;
  const eventType = q.get('eventType');
  const campaignId = q.get('campaignId');
  const recipient = q.get('recipient')?.toLowerCase();
  const out = [];
  let k = start;
  for (; k < count && out.length < limit; k++) {
    const ev = emailEvent(portal.seed, k, count, portal.world.startMs, emails, PORTAL_ID);
    if (ev.created < from || ev.created > to) continue;
    if (eventType && ev.type !== eventType) continue;
    if (campaignId && String(ev.emailCampaignId) !== campaignId) continue;
    if (recipient && ev.recipient !== recipient) continue;
    out.push(ev);
  }
  return json(200, { events: out, hasMore: k < count, offset: encodeCursor(k) });
}

export function marketingRoutes(router: Router, portal: Portal): void {
  // The portal's, shared with the legacy email campaigns (one per send of each email).
  const emails = portal.email.emails;
  const eventCount = portal.opts.emailEvents ?? 2000;
  const scopes = () => ['content', 'marketing.email.read'];
  for (const base of portal.paths.marketingEmails) {
    router.add({ method: 'GET', pattern: base, name: 'marketing.emails.list', scopes, handle: (c) => listEmails(emails, c) });
    router.add({
      method: 'GET',
      pattern: `${base}/:emailId`,
      name: 'marketing.emails.read',
      scopes,
      handle: (c) => {
        const e = emails.find((x) => x.id === c.params.emailId);
        return e ? json(200, emailJson(e, c)) : notFound();
      },
    });
  }
  router.add({ method: 'GET', pattern: '/email/public/v1/events', name: 'email.events', scopes: () => ['content'], handle: (c) => events(portal, emails, eventCount, c) });
}
