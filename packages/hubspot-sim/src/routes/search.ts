// POST …/objects/{type}/search: total, ≤200 per page, numeric-offset `after`, HTTP 400 past 10,000.
import type { Portal } from '../data/portal.ts';
import { type Filter, OPERATORS, type SearchQuery, type SearchResult, runSearch } from '../data/search-engine.ts';
import { badRequest, json, notFound, type Reply } from '../http/reply.ts';
import type { RequestContext, Router } from '../http/router.ts';
import { readScopes, storeFor, unknownType } from './objects.ts';
import { iso, responseProps } from './records.ts';

/** A few recent result sets, so paging one query does not re-scan and re-sort every time. */
class ResultCache {
  private readonly entries = new Map<string, SearchResult>();
  get(key: string): SearchResult | undefined {
    return this.entries.get(key);
  }
  set(key: string, hits: SearchResult): void {
    if (this.entries.size >= 4) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, hits);
  }
}

function parseRequest(portal: Portal, body: any): SearchQuery | Reply {
  const b = portal.behaviour;
  const groups: { filters: Filter[] }[] = Array.isArray(body?.filterGroups) ? body.filterGroups : [];
  if (groups.length > b.searchMaxGroups) return badRequest(`Too many filter groups: ${groups.length} (max ${b.searchMaxGroups}).`);
  let total = 0;
  for (const g of groups) {
    const filters = Array.isArray(g?.filters) ? g.filters : [];
    if (filters.length > b.searchMaxFiltersPerGroup) return badRequest(`Too many filters in a group: ${filters.length} (max ${b.searchMaxFiltersPerGroup}).`);
    total += filters.length;
    for (const f of filters) {
      if (!OPERATORS.has(f?.operator)) return badRequest(`Unknown filter operator ${JSON.stringify(f?.operator)}; use one of ${[...OPERATORS].join(', ')}.`);
      if (typeof f.propertyName !== 'string') return badRequest('Every filter needs a propertyName.');
    }
  }
  if (total > b.searchMaxFilters) return badRequest(`Too many filters: ${total} (max ${b.searchMaxFilters}).`);
  if (typeof body?.query === 'string' && body.query.length > 3000) return badRequest('query is longer than 3000 characters.');
  const q: SearchQuery = { filterGroups: groups.map((g) => ({ filters: g.filters ?? [] })) };
  if (typeof body?.query === 'string') q.query = body.query;
  // The spec types sorts as string[] while docs send objects: accept both. Only the first one counts.
  const first = Array.isArray(body?.sorts) ? body.sorts[0] : undefined;
  if (typeof first === 'string') q.sort = first.startsWith('-') ? { propertyName: first.slice(1), direction: 'DESCENDING' } : { propertyName: first, direction: 'ASCENDING' };
  else if (first?.propertyName) q.sort = { propertyName: first.propertyName, direction: first.direction === 'DESCENDING' ? 'DESCENDING' : 'ASCENDING' };
  return q;
}

function search(portal: Portal, cache: ResultCache, ctx: RequestContext): Reply {
  const s = storeFor(portal, ctx);
  if (!s) return unknownType(ctx.params.type!);
  // An object type without search (searchlessObjects): the route does not exist for it.
  if (portal.behaviour.searchlessObjects.includes(s.type.name)) return notFound(`No search for ${s.type.name}.`);
  const body = ctx.body ?? {};
  const b = portal.behaviour;
  const limit = body.limit === undefined ? 10 : Number(body.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > b.searchMaxLimit) return badRequest(`limit must be an integer between 1 and ${b.searchMaxLimit}, got ${JSON.stringify(body.limit)}`);
  const offset = body.after === undefined || body.after === null || body.after === '' ? 0 : Number(body.after);
  if (!Number.isInteger(offset) || offset < 0) return badRequest(`Invalid "after" ${JSON.stringify(body.after)}: pass back paging.next.after.`);
  if (offset >= b.searchMaxResults) {
    return badRequest(`Search can page through at most ${b.searchMaxResults} results; after=${offset} is past that. Narrow the query (for example by a time window or hs_object_id) instead of paging further.`);
  }
  const q = parseRequest(portal, body);
  if ('status' in q) return q;
  const now = portal.nowMs();
  const key = `${s.type.name}|${s.version}|${JSON.stringify(q)}`;
  let hits = s.searchLag.size === 0 ? cache.get(key) : undefined;
  if (!hits) {
    hits = runSearch(s, q, now);
    if (s.searchLag.size === 0) cache.set(key, hits);
  }
  const names = responseProps(portal, s.type, Array.isArray(body.properties) ? body.properties.map(String) : undefined);
  const total = hits.order.length;
  const end = Math.min(offset + limit, total, b.searchMaxResults);
  const results = [];
  for (let k = offset; k < end; k++) {
    const index = hits.order[k]!;
    const snap = hits.snaps.get(index);
    const props = s.read(index, names, snap);
    if (!b.nullForMissing) for (const n of Object.keys(props)) if (props[n] === null) delete props[n];
    results.push({
      id: s.idOf(index),
      properties: props,
      createdAt: iso(s.created[index]!),
      updatedAt: iso(snap ? snap.modified : s.modified[index]!),
      archived: false,
    });
  }
  const out: Record<string, unknown> = { total, results };
  // Like HubSpot, offer the next page while `total` says there is more, even past the 10,000 cap.
  if (offset + limit < total) out.paging = { next: { after: String(offset + limit) } };
  return json(200, out);
}

export function searchRoutes(router: Router, portal: Portal, base: string): void {
  const cache = new ResultCache();
  router.add({ method: 'POST', pattern: `${base}/:type/search`, name: 'objects.search', search: true, scopes: readScopes(portal), handle: (c) => search(portal, cache, c) });
}
