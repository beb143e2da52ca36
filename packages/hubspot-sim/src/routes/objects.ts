// CRM object collections: list, read, create, update, archive (one record at a time).
import type { Portal } from '../data/portal.ts';
import { mix } from '../data/random.ts';
import { ARCHIVED, LIVE, MERGED, type ObjectStore } from '../data/store.ts';
import { badRequest, hubspotError, json, noContent, notFound, type Reply } from '../http/reply.ts';
import type { RequestContext, Router } from '../http/router.ts';
import {
  attachAssociations,
  boolParam,
  decodeCursor,
  encodeCursor,
  invalidCursor,
  limitParam,
  listParam,
  propertiesParam,
  recordJson,
  responseProps,
} from './records.ts';
import { ListPageWriter } from './list-writer.ts';
import { problemsBody } from './validate.ts';
import { type WriteResult, createRecord, updateRecord } from './write-ops.ts';

export function unknownType(key: string): Reply {
  return badRequest(`Unable to infer object type from: ${key}`);
}

export function storeFor(portal: Portal, ctx: RequestContext): ObjectStore | undefined {
  const t = portal.types.resolve(ctx.params.type!);
  return t && portal.stores.get(t.name);
}

export const readScopes = (portal: Portal) => (ctx: RequestContext) => portal.types.resolve(ctx.params.type ?? '')?.readScopes ?? [];
export const writeScopes = (portal: Portal) => (ctx: RequestContext) => portal.types.resolve(ctx.params.type ?? '')?.writeScopes ?? [];

/** Finds a record for read/update by id or `idProperty`; follows merges when configured. */
export function locate(portal: Portal, s: ObjectStore, id: string, idProperty: string | null, archived: boolean): number {
  let i = idProperty && idProperty !== 'hs_object_id' ? s.findByUnique(idProperty, id) : s.indexOf(id);
  if (i < 0) return -1;
  if (s.status[i] === MERGED && portal.behaviour.readMergedReturnsPrimary && !archived) i = s.survivor(i);
  const st = s.status[i];
  if (archived) return st === ARCHIVED || (st === MERGED && portal.behaviour.mergedAppearArchived) ? i : -1;
  return st === LIVE ? i : -1;
}

export function writeFailure(r: WriteResult): Reply {
  if (r.ok) throw new Error('writeFailure called on success');
  if (r.kind === 'conflict') return hubspotError(409, 'CONFLICT', r.message);
  return badRequest(problemsBody(r.problems).message, { errors: problemsBody(r.problems).errors });
}

/** 'next-id' cursors: `after=X` starts at the first record with id ≥ X. */
function decodeIdCursor(s: ObjectStore, after: string | null): number | Reply {
  if (after == null || after === '') return 0;
  if (!/^\d{1,15}$/.test(after)) return invalidCursor(after);
  return s.firstIndexAtOrAbove(Number(after));
}

/** 'next-id' cursors in shuffled order: only an id this server handed out names a place in its order. */
function decodeShuffledIdCursor(s: ObjectStore, position: Uint32Array, after: string | null): number | Reply {
  if (after == null || after === '') return 0;
  const index = s.indexOf(after);
  return index < 0 ? invalidCursor(after) : position[index]!;
}

/** A store's records in 'shuffled' list order (a seeded permutation of its indexes), and each index's position in it. */
const shuffles = new WeakMap<ObjectStore, { size: number; order: Uint32Array; position: Uint32Array }>();
function shuffledOrder(s: ObjectStore, seed: number): { order: Uint32Array; position: Uint32Array } {
  const cached = shuffles.get(s);
  if (cached && cached.size === s.size) return cached;
  // Records created since keep the old order and follow it, as they would on a server listing by its own key.
  const order = new Uint32Array(s.size);
  const old = cached?.order ?? new Uint32Array(0);
  order.set(old);
  const fresh = Array.from({ length: s.size - old.length }, (_, k) => old.length + k);
  let x = (mix(seed >>> 0, s.size) | 0) || 1; // xorshift: the same portal lists in the same order every time
  for (let k = fresh.length - 1; k > 0; k--) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    const j = (x >>> 0) % (k + 1);
    [fresh[k], fresh[j]] = [fresh[j]!, fresh[k]!];
  }
  order.set(fresh, old.length);
  const position = new Uint32Array(s.size);
  for (let p = 0; p < order.length; p++) position[order[p]!] = p;
  const made = { size: s.size, order, position };
  shuffles.set(s, made);
  return made;
}

function list(portal: Portal, ctx: RequestContext): Reply {
  const s = storeFor(portal, ctx);
  if (!s) return unknownType(ctx.params.type!);
  const history = listParam(ctx.query, 'propertiesWithHistory');
  const b = portal.behaviour;
  const limit = limitParam(ctx, 10, history ? Math.min(50, b.listMaxLimit) : b.listMaxLimit, b.listOverLimit);
  if (typeof limit !== 'number') return limit;
  const idCursor = b.listCursor === 'next-id';
  // Positions in list order: the index itself, or its place in the shuffled order.
  const shuffled = b.listOrder === 'shuffled' ? shuffledOrder(s, portal.seed) : undefined;
  const at = shuffled ? (p: number) => shuffled.order[p]! : (p: number) => p;
  const cursor = ctx.query.get('after');
  const start = !idCursor ? decodeCursor(cursor) : shuffled ? decodeShuffledIdCursor(s, shuffled.position, cursor) : decodeIdCursor(s, cursor);
  if (typeof start !== 'number') return start;
  const archived = boolParam(ctx.query, 'archived');
  const names = propertiesParam(portal, ctx.query);
  const assoc = listParam(ctx.query, 'associations');
  const want = (st: number) => (archived ? st === ARCHIVED || (st === MERGED && b.mergedAppearArchived) : st === LIVE);
  const status = s.status;
  const page: number[] = [];
  let i = start;
  for (; i < s.size && page.length < limit; i++) if (want(status[at(i)]!)) page.push(at(i));
  // Only promise a next page when one exists: HubSpot omits `paging` on the last page.
  let more = false;
  for (let j = i; j < s.size && !more; j++) more = want(status[at(j)]!);
  const after = more ? (idCursor ? s.idOf(at(i)) : encodeCursor(i)) : undefined;
  const next = after ? { after, link: `${ctx.origin}${ctx.path}?after=${after}` } : undefined;
  if (!assoc && !history) {
    // Hot path: straight to bytes.
    const w = new ListPageWriter(portal, s, responseProps(portal, s.type, names));
    for (const index of page) w.record(index);
    return { status: 200, ...w.finish(next) };
  }
  const results = page.map((index) => {
    const rec = recordJson(portal, s, index, names, history);
    attachAssociations(portal, s, index, rec, assoc, ctx.origin);
    return rec;
  });
  return json(200, next ? { results, paging: { next } } : { results });
}

function read(portal: Portal, ctx: RequestContext): Reply {
  const s = storeFor(portal, ctx);
  if (!s) return unknownType(ctx.params.type!);
  const i = locate(portal, s, ctx.params.id!, ctx.query.get('idProperty'), boolParam(ctx.query, 'archived'));
  if (i < 0) return notFound();
  const rec = recordJson(portal, s, i, propertiesParam(portal, ctx.query), listParam(ctx.query, 'propertiesWithHistory'));
  attachAssociations(portal, s, i, rec, listParam(ctx.query, 'associations'), ctx.origin);
  return json(200, rec);
}

/** What create/update return: the written properties plus the system ones. */
export function writtenJson(portal: Portal, s: ObjectStore, index: number, written: object): object {
  const names = [...Object.keys(written), s.type.createdProp, s.type.lastModifiedProp, 'hs_object_id'];
  return recordJson(portal, s, index, names);
}

function create(portal: Portal, ctx: RequestContext): Reply {
  const s = storeFor(portal, ctx);
  if (!s) return unknownType(ctx.params.type!);
  const body = ctx.body ?? {};
  const r = createRecord(portal, s, body.properties ?? {});
  if (!r.ok) return writeFailure(r);
  const linkProblem = associateOnCreate(portal, s, r.index, body.associations);
  if (linkProblem) return linkProblem;
  return json(201, writtenJson(portal, s, r.index, body.properties ?? {}));
}

/** `associations: [{to:{id}, types:[{associationCategory, associationTypeId}]}]` on create. */
export function associateOnCreate(portal: Portal, s: ObjectStore, index: number, assocs: unknown): Reply | undefined {
  if (!Array.isArray(assocs)) return undefined;
  for (const a of assocs) {
    for (const t of a?.types ?? []) {
      const typeId = Number(t.associationTypeId);
      const toType = portal.associations.partners(s.type.name).find((p) => portal.associations.definitions(s.type.name, p).some((d) => d.typeId === typeId));
      if (!toType) return badRequest(`associationTypeId ${t.associationTypeId} is not a valid association type from ${s.type.name}`);
      const to = portal.stores.get(toType)!;
      const ti = to.indexOf(String(a.to?.id));
      if (!to.isLive(ti)) return badRequest(`Cannot associate: ${toType} ${a.to?.id} does not exist`);
      portal.associations.associate(s.type.name, index, toType, ti, typeId);
    }
  }
  return undefined;
}

function update(portal: Portal, ctx: RequestContext): Reply {
  const s = storeFor(portal, ctx);
  if (!s) return unknownType(ctx.params.type!);
  const i = locate(portal, s, ctx.params.id!, ctx.query.get('idProperty'), false);
  if (i < 0) return notFound();
  const props = ctx.body?.properties ?? {};
  const r = updateRecord(portal, s, i, props);
  if (!r.ok) return writeFailure(r);
  return json(200, writtenJson(portal, s, i, props));
}

function archive(portal: Portal, ctx: RequestContext): Reply {
  const s = storeFor(portal, ctx);
  if (!s) return unknownType(ctx.params.type!);
  const i = s.indexOf(ctx.params.id!);
  if (s.isLive(i)) s.archive(i, portal.nowMs(), portal.searchLagMs);
  return noContent();
}

export function objectRoutes(router: Router, portal: Portal, base: string): void {
  const r = readScopes(portal);
  const w = writeScopes(portal);
  router.add({ method: 'GET', pattern: `${base}/:type`, name: 'objects.list', scopes: r, handle: (c) => list(portal, c) });
  router.add({ method: 'POST', pattern: `${base}/:type`, name: 'objects.create', scopes: w, handle: (c) => create(portal, c) });
  router.add({ method: 'GET', pattern: `${base}/:type/:id`, name: 'objects.read', scopes: r, handle: (c) => read(portal, c) });
  router.add({ method: 'PATCH', pattern: `${base}/:type/:id`, name: 'objects.update', scopes: w, handle: (c) => update(portal, c) });
  router.add({ method: 'DELETE', pattern: `${base}/:type/:id`, name: 'objects.archive', scopes: w, handle: (c) => archive(portal, c) });
}
