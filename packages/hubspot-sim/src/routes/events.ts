// Event occurrences (API-FACTS-2 §10): the event types list, and occurrences filtered by object
// type / object id / event type / time window with cursor paging. UNCONFIRMED behaviours are
// behaviour options: whether `objectType` alone lists the whole portal (`eventsPortalWide`), the
// largest `limit` (`eventsMaxLimit`). `occurredAfter`/`occurredBefore` are exclusive and the
// default order is newest first (both UNCONFIRMED); `sort` takes ASCENDING/DESCENDING and
// occurredAt/-occurredAt. An account without the feature answers 403 (`accountLacks.events`).
import { EVENT_TYPES, type EventOccurrence, eventLogOf } from '../data/event-occurrences.ts';
import type { Portal } from '../data/portal.ts';
import type { ObjectStore } from '../data/store.ts';
import { badRequest, json, type Reply } from '../http/reply.ts';
import type { RequestContext, Router } from '../http/router.ts';
import { decodeCursor, encodeCursor, limitParam } from './records.ts';

const SORTS: Record<string, 1 | -1> = { ASCENDING: 1, occurredAt: 1, DESCENDING: -1, '-occurredAt': -1 };

function storeOf(portal: Portal, key: string): ObjectStore | undefined {
  const k = key.toLowerCase();
  for (const s of portal.stores.values()) if (s.type.singular === k || s.type.name === k || s.type.objectTypeId === k) return s;
  return undefined;
}

function time(ctx: RequestContext, name: string): number | undefined | Reply {
  const raw = ctx.query.get(name);
  if (raw === null) return undefined;
  const ms = Date.parse(raw);
  return Number.isNaN(ms) ? badRequest(`${name} must be an ISO 8601 date-time, got "${raw}"`) : ms;
}

const isReply = (v: unknown): v is Reply => typeof v === 'object' && v !== null;

function list(portal: Portal, ctx: RequestContext): Reply {
  const q = ctx.query;
  const typeKey = q.get('objectType');
  if (!typeKey) return badRequest('objectType is required (a singular object type such as contact).');
  const s = storeOf(portal, typeKey);
  if (!s) return badRequest(`Unknown object type "${typeKey}".`);
  const objectId = q.get('objectId');
  if (objectId !== null && !/^\d+$/.test(objectId)) return badRequest(`objectId must be an integer, got "${objectId}"`);
  if (objectId === null && !portal.behaviour.eventsPortalWide) return badRequest('objectId is required: event occurrences are read one object at a time.');
  const limit = limitParam(ctx, 10, portal.behaviour.eventsMaxLimit, 'error');
  if (typeof limit !== 'number') return limit;
  const sortRaw = q.get('sort') ?? 'DESCENDING';
  const dir = SORTS[sortRaw];
  if (!dir) return badRequest(`sort must be one of ${Object.keys(SORTS).join(', ')}, got "${sortRaw}"`);
  const after = time(ctx, 'occurredAfter');
  if (isReply(after)) return after;
  const before = time(ctx, 'occurredBefore');
  if (isReply(before)) return before;
  const start = decodeCursor(q.get('after'));
  if (typeof start !== 'number') return start;
  const eventType = q.get('eventType');
  const now = portal.nowMs();
  const hits = eventLogOf(portal)
    .of(s.type.name)
    .filter(
      (e) =>
        e.atMs <= now &&
        (objectId === null || e.objectId === objectId) &&
        (!eventType || e.eventType === eventType) &&
        (after === undefined || e.atMs > after) &&
        (before === undefined || e.atMs < before),
    );
  if (dir === -1) hits.reverse();
  const page = hits.slice(start, start + limit).map(({ atMs, ...e }) => e);
  const out: { results: Omit<EventOccurrence, 'atMs'>[]; paging?: unknown } = { results: page };
  if (start + limit < hits.length) {
    const next = encodeCursor(start + limit);
    const params = new URLSearchParams(q);
    params.set('after', next);
    out.paging = { next: { after: next, link: `${ctx.origin}${ctx.path}?${params}` } };
  }
  return json(200, out);
}

export function eventRoutes(router: Router, portal: Portal): void {
  // The spec lists only the generic `oauth` scope: any valid token.
  const none = () => [];
  for (const base of ['/events/v3/events', '/events/event-occurrences/2026-03']) {
    router.add({ method: 'GET', pattern: `${base}/event-types`, name: 'events.types', scopes: none, handle: () => json(200, { eventTypes: EVENT_TYPES }) });
    router.add({ method: 'GET', pattern: base, name: 'events.list', scopes: none, handle: (c) => list(portal, c) });
  }
}
