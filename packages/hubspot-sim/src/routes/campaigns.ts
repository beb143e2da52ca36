// Marketing campaigns v3 (API-FACTS-2 §3): the list (cursor paging, `total`, `sort` as campaignSort says, 400 on a
// property the API cannot read), one campaign with its assets map, batch read (≤ 50), assets per
// type (metrics only with both dates), budget totals; and the campaign property definitions.
import { CAMPAIGN_ASSET_TYPES, CAMPAIGN_PROPERTIES, type Campaign, READABLE_CAMPAIGN_PROPERTIES, UNREADABLE_CAMPAIGN_PROPERTIES } from '../data/campaigns.ts';
import { PORTAL_ID } from '../data/object-types.ts';
import type { Portal } from '../data/portal.ts';
import { badRequest, hubspotError, json, notFound, type Reply } from '../http/reply.ts';
import type { RequestContext, Router } from '../http/router.ts';
import { propertyJson } from './properties.ts';
import { decodeCursor, encodeCursor, listParam } from './records.ts';

const BASE = '/marketing/v3/campaigns';
const scopes = () => ['marketing.campaigns.read', 'marketing.campaigns.write'];
const iso = (ms: number) => new Date(ms).toISOString();
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** 403/404 when the account lacks a feature (bodies UNCONFIRMED). */
export function lacking(status: 403 | 404 | undefined, what: string): Reply | undefined {
  if (!status) return undefined;
  return status === 403
    ? hubspotError(403, 'FORBIDDEN', `The portal ${PORTAL_ID} does not have access to ${what}: it is not part of this account's subscription.`)
    : notFound();
}

function limitOf(ctx: RequestContext, dflt: number, max: number): number | Reply {
  const raw = ctx.query.get('limit');
  if (raw === null) return dflt;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) return badRequest(`limit must be a positive integer, got "${raw}"`);
  if (n > max) return hubspotError(400, 'VALIDATION_ERROR', `limit must be less than or equal to ${max}`, { subCategory: 'INVALID_LIMIT' });
  return n;
}

/** Requested property names, or a 400 naming the ones this API cannot read. */
function propertiesOf(ctx: RequestContext): string[] | Reply {
  const names = listParam(ctx.query, 'properties') ?? ['hs_name'];
  const bad = names.filter((n) => UNREADABLE_CAMPAIGN_PROPERTIES.some((p) => p.name === n));
  if (bad.length) return badRequest(`Properties cannot be read through the campaigns API: ${bad.join(', ')}`);
  return names.filter((n) => READABLE_CAMPAIGN_PROPERTIES.has(n));
}

function campaignJson(c: Campaign, names: string[]): Record<string, unknown> {
  const properties: Record<string, string | null> = {};
  for (const n of names) properties[n] = c.properties[n] ?? null;
  return { id: c.id, properties, createdAt: iso(c.createdAt), updatedAt: iso(c.updatedAt), businessUnits: c.businessUnits };
}

/** Deterministic metrics of one asset over a date range (keys per type UNCONFIRMED). */
function metricsOf(type: string, assetId: string, start: string, end: string): Record<string, number> {
  const days = Math.max(1, (Date.parse(end) - Date.parse(start)) / 86_400_000 + 1);
  const base = (Number(assetId) % 97) + 1;
  if (type === 'MARKETING_EMAIL') return { SENT: base * days, OPEN: Math.floor((base * days) / 3), CLICKS: Math.floor((base * days) / 9) };
  if (type === 'FORM') return { VIEWS: base * days, SUBMISSIONS: Math.floor((base * days) / 5) };
  return { VIEWS: base * days };
}

/** Both dates, neither, or a 400. */
function datesOf(ctx: RequestContext): { start: string; end: string } | undefined | Reply {
  const start = ctx.query.get('startDate');
  const end = ctx.query.get('endDate');
  if (start === null && end === null) return undefined;
  if ((start !== null && !DATE.test(start)) || (end !== null && !DATE.test(end))) return badRequest('startDate and endDate must be YYYY-MM-DD');
  // Metrics only when both dates are given [spec].
  return start !== null && end !== null ? { start, end } : undefined;
}

function assetPage(c: Campaign, type: string, start: number, limit: number, dates: { start: string; end: string } | undefined, link: string): Record<string, unknown> {
  const all = c.assets.get(type) ?? [];
  const results = all.slice(start, start + limit).map((a) => (dates ? { ...a, metrics: metricsOf(type, a.id, dates.start, dates.end) } : { ...a }));
  const out: Record<string, unknown> = { results };
  if (start + limit < all.length) {
    const after = encodeCursor(start + limit);
    out.paging = { next: { after, link: `${link}?after=${after}` } };
  }
  return out;
}

export function campaignRoutes(router: Router, portal: Portal): void {
  const ms = portal.marketingSettings;
  const find = (id: string | undefined) => ms.campaigns.find((c) => c.id === id);
  const lacks = () => lacking(portal.opts.accountLacks?.campaigns, 'marketing campaigns (Marketing Hub Professional)');
  const add = (method: string, pattern: string, name: string, handle: (c: RequestContext) => Reply) =>
    router.add({ method, pattern, name, scopes, handle: (c) => lacks() ?? handle(c) });

  // The campaign property definitions (the CRM object type 0-35), before the generic `:type` route.
  for (const base of portal.paths.properties)
    for (const type of ['campaign', 'campaigns', '0-35'])
      add('GET', `${base}/${type}`, 'campaigns.properties', () => json(200, { results: [...CAMPAIGN_PROPERTIES, ...UNREADABLE_CAMPAIGN_PROPERTIES].map((p, i) => propertyJson(p, i)) }));

  add('GET', BASE, 'campaigns.list', (ctx) => {
    const limit = limitOf(ctx, 50, ms.opts.campaignsMaxLimit);
    if (typeof limit !== 'number') return limit;
    const start = decodeCursor(ctx.query.get('after'));
    if (typeof start !== 'number') return start;
    const names = propertiesOf(ctx);
    if (!Array.isArray(names)) return names;
    const sort = ctx.query.get('sort');
    // Which sort keys HubSpot takes is UNCONFIRMED (campaignSort): it may sort, ignore the key, or refuse it.
    const how = portal.behaviour.campaignSort;
    if (sort && how === 'rejected') return badRequest('Unknown query parameter: sort');
    let all = [...ms.campaigns];
    const name = ctx.query.get('name');
    if (name) all = all.filter((c) => (c.properties.hs_name ?? '').toLowerCase().includes(name.toLowerCase()));
    if (sort && how === 'honoured') {
      const key = sort.replace(/^-/, '');
      const value = key === 'updatedAt' ? (c: Campaign) => c.updatedAt : key === 'createdAt' ? (c: Campaign) => c.createdAt : key === 'name' ? (c: Campaign) => c.properties.hs_name ?? '' : undefined;
      if (!value) return badRequest(`Cannot sort by ${key}: use createdAt, updatedAt or name (with - for descending)`);
      const dir = sort.startsWith('-') ? -1 : 1;
      all.sort((a, b) => (value(a) < value(b) ? -dir : value(a) > value(b) ? dir : a.id < b.id ? -1 : 1));
    }
    const out: Record<string, unknown> = { total: all.length, results: all.slice(start, start + limit).map((c) => campaignJson(c, names)) };
    if (start + limit < all.length) {
      const after = encodeCursor(start + limit);
      out.paging = { next: { after, link: `${ctx.origin}${ctx.path}?after=${after}` } };
    }
    return json(200, out);
  });

  add('POST', `${BASE}/batch/read`, 'campaigns.batch.read', (ctx) => {
    const inputs = ctx.body?.inputs;
    if (!Array.isArray(inputs)) return badRequest('Body must be {"inputs": [{"id": "<campaignGuid>"}]}');
    if (inputs.length > ms.opts.campaignBatchMax) return badRequest(`Batch read takes at most ${ms.opts.campaignBatchMax} inputs, got ${inputs.length}`);
    const names = propertiesOf(ctx);
    if (!Array.isArray(names)) return names;
    // Result order is not guaranteed [spec text]: answer in reverse.
    const found = inputs.map((i: { id?: string }) => find(i?.id)).filter((c): c is Campaign => !!c);
    return json(200, { status: 'COMPLETE', results: found.reverse().map((c) => campaignJson(c, names)), startedAt: iso(portal.nowMs()), completedAt: iso(portal.nowMs()) });
  });

  add('GET', `${BASE}/:campaignGuid`, 'campaigns.read', (ctx) => {
    const c = find(ctx.params.campaignGuid);
    if (!c) return notFound(`Campaign ${ctx.params.campaignGuid} was not found`);
    const names = propertiesOf(ctx);
    if (!Array.isArray(names)) return names;
    const dates = datesOf(ctx);
    if (dates && 'status' in dates) return dates;
    const assets: Record<string, unknown> = {};
    for (const type of c.assets.keys()) assets[type] = assetPage(c, type, 0, ms.opts.assetsInline, dates, `${ctx.origin}${BASE}/${c.id}/assets/${type}`);
    return json(200, { ...campaignJson(c, names), assets });
  });

  add('GET', `${BASE}/:campaignGuid/assets/:assetType`, 'campaigns.assets', (ctx) => {
    const c = find(ctx.params.campaignGuid);
    if (!c) return notFound(`Campaign ${ctx.params.campaignGuid} was not found`);
    const type = ctx.params.assetType!;
    if (!(CAMPAIGN_ASSET_TYPES as readonly string[]).includes(type)) return badRequest(`Unknown asset type ${type}`);
    const limit = limitOf(ctx, 10, ms.opts.assetsMaxLimit);
    if (typeof limit !== 'number') return limit;
    const start = decodeCursor(ctx.query.get('after'));
    if (typeof start !== 'number') return start;
    const dates = datesOf(ctx);
    if (dates && 'status' in dates) return dates;
    return json(200, assetPage(c, type, start, limit, dates, `${ctx.origin}${ctx.path}`));
  });

  add('GET', `${BASE}/:campaignGuid/budget/totals`, 'campaigns.budget', (ctx) => {
    const refused = lacking(portal.opts.accountLacks?.campaignBudget, 'campaign budgets');
    if (refused) return refused;
    const c = find(ctx.params.campaignGuid);
    if (!c) return notFound(`Campaign ${ctx.params.campaignGuid} was not found`);
    const sum = (items: { amount: number }[]) => items.reduce((s, x) => s + x.amount, 0);
    return json(200, {
      budgetItems: c.budgetItems.map((x) => ({ ...x })),
      spendItems: c.spendItems.map((x) => ({ ...x })),
      budgetTotal: sum(c.budgetItems),
      spendTotal: sum(c.spendItems),
      remainingBudget: sum(c.budgetItems) - sum(c.spendItems),
      currencyCode: c.properties.hs_currency_code,
    });
  });
}
