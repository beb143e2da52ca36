// Associations: v3 per-record lists and batch read, v4 batch read/create/archive, per-object v4
// list/put/delete, and the labels endpoint (served under both documented paths).
import type { AssocEdge } from '../data/associations.ts';
import type { Portal } from '../data/portal.ts';
import type { ObjectStore } from '../data/store.ts';
import { badRequest, json, noContent, notFound, type Reply } from '../http/reply.ts';
import type { RequestContext, Router } from '../http/router.ts';
import { unknownType } from './objects.ts';
import { decodeCursor, encodeCursor } from './records.ts';

const V4_PAGE = 500;

interface Pair {
  from: ObjectStore;
  to: ObjectStore;
}

function pair(portal: Portal, fromKey: string, toKey: string): Pair | Reply {
  const f = portal.types.resolve(fromKey);
  const t = portal.types.resolve(toKey);
  if (!f) return unknownType(fromKey);
  if (!t) return unknownType(toKey);
  return { from: portal.stores.get(f.name)!, to: portal.stores.get(t.name)! };
}

const scopesOf = (portal: Portal, keys: string[], write = false) =>
  keys.flatMap((k) => {
    const t = portal.types.resolve(k);
    return t ? (write ? t.writeScopes : t.readScopes) : [];
  });

function v4Types(e: AssocEdge) {
  return e.types.map((t) => ({ category: t.category, typeId: t.typeId, label: t.label }));
}

function toId(portal: Portal, s: ObjectStore, index: number): string | number {
  return portal.behaviour.v4NumericIds ? Number(s.idOf(index)) : s.idOf(index);
}

function v4BatchRead(portal: Portal, ctx: RequestContext): Reply {
  const p = pair(portal, ctx.params.from!, ctx.params.to!);
  if ('status' in p) return p;
  const inputs = Array.isArray(ctx.body?.inputs) ? ctx.body.inputs : null;
  if (!inputs) return badRequest('Request body must contain "inputs": an array of {id, after?}.');
  const cap = portal.behaviour.associationBatchMaxInputs;
  if (inputs.length > cap) return badRequest(`Batch input limit exceeded: ${inputs.length} inputs; the limit is ${cap}.`);
  const startedAt = new Date().toISOString();
  const results = [];
  const errors = [];
  for (const input of inputs) {
    const id = String(input?.id ?? '');
    const i = p.from.indexOf(id);
    const edges = p.from.isLive(i) ? portal.associations.list(p.from.type.name, i, p.to.type.name) : [];
    if (edges.length === 0) {
      // Which of the two answers HubSpot gives is UNCONFIRMED (associationNoneAnswer).
      if (portal.behaviour.associationNoneAnswer === 'empty') results.push({ from: { id }, to: [] });
      else errors.push({ status: 'error', category: 'OBJECT_NOT_FOUND', message: `No ${p.to.type.name} is associated with ${p.from.type.singular} ${id}.`, context: { fromObjectId: [id] } });
      continue;
    }
    const start = decodeCursor(input.after);
    if (typeof start !== 'number') return start;
    const page = edges.slice(start, start + V4_PAGE);
    const row: Record<string, unknown> = { from: { id }, to: page.map((e) => ({ toObjectId: toId(portal, p.to, e.toIndex), associationTypes: v4Types(e) })) };
    if (start + V4_PAGE < edges.length) row.paging = { next: { after: encodeCursor(start + V4_PAGE) } };
    results.push(row);
  }
  const body: Record<string, unknown> = { status: 'COMPLETE', results, startedAt, completedAt: new Date().toISOString() };
  return errors.length ? json(207, { ...body, numErrors: errors.length, errors }) : json(200, body);
}

function v3BatchRead(portal: Portal, ctx: RequestContext): Reply {
  const p = pair(portal, ctx.params.from!, ctx.params.to!);
  if ('status' in p) return p;
  const inputs = Array.isArray(ctx.body?.inputs) ? ctx.body.inputs : null;
  if (!inputs) return badRequest('Request body must contain "inputs": an array of {id}.');
  const startedAt = new Date().toISOString();
  const results = [];
  const errors = [];
  for (const input of inputs) {
    const id = String(input?.id ?? '');
    const i = p.from.indexOf(id);
    const edges = p.from.isLive(i) ? portal.associations.list(p.from.type.name, i, p.to.type.name) : [];
    if (edges.length === 0) {
      errors.push({ status: 'error', category: 'OBJECT_NOT_FOUND', message: `No ${p.to.type.name} is associated with ${p.from.type.singular} ${id}.`, context: { fromObjectId: [id] } });
      continue;
    }
    // `after` in inputs is ignored, as in HubSpot's v3 (clients that rely on it loop forever).
    results.push({ from: { id }, to: edges.flatMap((e) => e.types.map((t) => ({ id: p.to.idOf(e.toIndex), type: t.v3Name }))) });
  }
  const body: Record<string, unknown> = { status: 'COMPLETE', results, startedAt, completedAt: new Date().toISOString() };
  return errors.length ? json(207, { ...body, numErrors: errors.length, errors }) : json(200, body);
}

function recordPair(portal: Portal, ctx: RequestContext): { p: Pair; i: number } | Reply {
  const p = pair(portal, ctx.params.type!, ctx.params.toType!);
  if ('status' in p) return p;
  const i = p.from.indexOf(ctx.params.id!);
  if (!p.from.isLive(i)) return notFound();
  return { p, i };
}

function pageParams(ctx: RequestContext, dflt: number): { start: number; limit: number } | Reply {
  const start = decodeCursor(ctx.query.get('after'));
  if (typeof start !== 'number') return start;
  const limit = Math.min(V4_PAGE, Number(ctx.query.get('limit') ?? dflt) || dflt);
  return { start, limit };
}

/** v3 `GET …/objects/{t}/{id}/associations/{toType}`: where the 100-per-record paging links point. */
function v3RecordList(portal: Portal, ctx: RequestContext): Reply {
  const r = recordPair(portal, ctx);
  if ('status' in r) return r;
  const pg = pageParams(ctx, V4_PAGE);
  if ('status' in pg) return pg;
  const rows = portal.associations.list(r.p.from.type.name, r.i, r.p.to.type.name).flatMap((e) => e.types.map((t) => ({ id: r.p.to.idOf(e.toIndex), type: t.v3Name })));
  const out: Record<string, unknown> = { results: rows.slice(pg.start, pg.start + pg.limit) };
  if (pg.start + pg.limit < rows.length) {
    const after = encodeCursor(pg.start + pg.limit);
    out.paging = { next: { after, link: `${ctx.origin}${ctx.path}?after=${after}` } };
  }
  return json(200, out);
}

function v4RecordList(portal: Portal, ctx: RequestContext): Reply {
  const r = recordPair(portal, ctx);
  if ('status' in r) return r;
  const pg = pageParams(ctx, V4_PAGE);
  if ('status' in pg) return pg;
  const edges = portal.associations.list(r.p.from.type.name, r.i, r.p.to.type.name);
  const out: Record<string, unknown> = {
    results: edges.slice(pg.start, pg.start + pg.limit).map((e) => ({ toObjectId: toId(portal, r.p.to, e.toIndex), associationTypes: v4Types(e) })),
  };
  if (pg.start + pg.limit < edges.length) out.paging = { next: { after: encodeCursor(pg.start + pg.limit) } };
  return json(200, out);
}

function v4Put(portal: Portal, ctx: RequestContext, useDefault: boolean): Reply {
  const r = recordPair(portal, ctx);
  if ('status' in r) return r;
  const j = r.p.to.indexOf(ctx.params.toId!);
  if (!r.p.to.isLive(j)) return notFound(`${r.p.to.type.singular} ${ctx.params.toId} does not exist`);
  const specs: { associationTypeId?: unknown }[] = useDefault ? [{}] : Array.isArray(ctx.body) ? ctx.body : [];
  if (specs.length === 0) return badRequest('Body must be an array of {associationCategory, associationTypeId}.');
  try {
    for (const sp of specs) portal.associations.associate(r.p.from.type.name, r.i, r.p.to.type.name, j, sp.associationTypeId === undefined ? undefined : Number(sp.associationTypeId));
  } catch (err) {
    return badRequest((err as Error).message);
  }
  const edge = portal.associations.list(r.p.from.type.name, r.i, r.p.to.type.name).find((e) => e.toIndex === j);
  return json(useDefault ? 200 : 201, {
    fromObjectTypeId: r.p.from.type.objectTypeId,
    fromObjectId: Number(ctx.params.id),
    toObjectTypeId: r.p.to.type.objectTypeId,
    toObjectId: Number(ctx.params.toId),
    labels: (edge?.types ?? []).map((t) => t.label).filter((l): l is string => !!l),
  });
}

function v4Delete(portal: Portal, ctx: RequestContext): Reply {
  const r = recordPair(portal, ctx);
  if ('status' in r) return r;
  portal.associations.unassociate(r.p.from.type.name, r.i, r.p.to.type.name, r.p.to.indexOf(ctx.params.toId!));
  return noContent();
}

function labels(portal: Portal, ctx: RequestContext): Reply {
  const p = pair(portal, ctx.params.from!, ctx.params.to!);
  if ('status' in p) return p;
  return json(200, { results: portal.associations.definitions(p.from.type.name, p.to.type.name).map((d) => ({ category: d.category, typeId: d.typeId, label: d.label })) });
}

function v4BatchWrite(portal: Portal, ctx: RequestContext, op: 'create' | 'archive'): Reply {
  const p = pair(portal, ctx.params.from!, ctx.params.to!);
  if ('status' in p) return p;
  const inputs = Array.isArray(ctx.body?.inputs) ? ctx.body.inputs : null;
  if (!inputs) return badRequest('Request body must contain "inputs".');
  const results = [];
  for (const input of inputs) {
    const i = p.from.indexOf(String(input?.from?.id ?? ''));
    if (op === 'archive') {
      for (const to of input?.to ?? []) portal.associations.unassociate(p.from.type.name, i, p.to.type.name, p.to.indexOf(String(to?.id ?? '')));
      continue;
    }
    const j = p.to.indexOf(String(input?.to?.id ?? ''));
    if (!p.from.isLive(i) || !p.to.isLive(j)) return badRequest(`Cannot associate ${input?.from?.id} with ${input?.to?.id}: one of them does not exist.`);
    try {
      for (const t of input.types ?? [{}]) portal.associations.associate(p.from.type.name, i, p.to.type.name, j, t.associationTypeId === undefined ? undefined : Number(t.associationTypeId));
    } catch (err) {
      return badRequest((err as Error).message);
    }
    results.push({ fromObjectTypeId: p.from.type.objectTypeId, fromObjectId: Number(input.from.id), toObjectTypeId: p.to.type.objectTypeId, toObjectId: Number(input.to.id), labels: [] });
  }
  if (op === 'archive') return noContent();
  return json(201, { status: 'COMPLETE', results, startedAt: new Date().toISOString(), completedAt: new Date().toISOString() });
}

export function associationRoutes(router: Router, portal: Portal): void {
  const P = portal.paths;
  const fromTo = (c: RequestContext) => scopesOf(portal, [c.params.from!]);
  const rec = (c: RequestContext) => scopesOf(portal, [c.params.type!]);
  const recW = (c: RequestContext) => scopesOf(portal, [c.params.type!], true);
  for (const base of P.associationsV4) {
    router.add({ method: 'POST', pattern: `${base}/:from/:to/batch/read`, name: 'associations.v4.batchRead', scopes: fromTo, handle: (c) => v4BatchRead(portal, c) });
    router.add({ method: 'POST', pattern: `${base}/:from/:to/batch/create`, name: 'associations.v4.batchCreate', scopes: (c) => scopesOf(portal, [c.params.from!], true), handle: (c) => v4BatchWrite(portal, c, 'create') });
    router.add({ method: 'POST', pattern: `${base}/:from/:to/batch/archive`, name: 'associations.v4.batchArchive', scopes: (c) => scopesOf(portal, [c.params.from!], true), handle: (c) => v4BatchWrite(portal, c, 'archive') });
    // Which of the two numeric-version paths serves labels is UNCONFIRMED (associationLabelPaths).
    const alias = base === '/crm/v4/associations' ? 'docs' : base === '/crm/associations/v4' ? 'spec' : undefined;
    const served = () => !alias || portal.behaviour.associationLabelPaths === 'both' || portal.behaviour.associationLabelPaths === alias;
    router.add({ method: 'GET', pattern: `${base}/:from/:to/labels`, name: 'associations.labels', scopes: fromTo, handle: (c) => (served() ? labels(portal, c) : notFound()) });
  }
  for (const base of P.associationsV3) {
    router.add({ method: 'POST', pattern: `${base}/:from/:to/batch/read`, name: 'associations.v3.batchRead', scopes: fromTo, handle: (c) => v3BatchRead(portal, c) });
  }
  for (const base of P.objectsV4) {
    router.add({ method: 'GET', pattern: `${base}/:type/:id/associations/:toType`, name: 'associations.v4.list', scopes: rec, handle: (c) => v4RecordList(portal, c) });
    router.add({ method: 'PUT', pattern: `${base}/:type/:id/associations/default/:toType/:toId`, name: 'associations.v4.putDefault', scopes: recW, handle: (c) => v4Put(portal, c, true) });
    router.add({ method: 'PUT', pattern: `${base}/:type/:id/associations/:toType/:toId`, name: 'associations.v4.put', scopes: recW, handle: (c) => v4Put(portal, c, false) });
    router.add({ method: 'DELETE', pattern: `${base}/:type/:id/associations/:toType/:toId`, name: 'associations.v4.delete', scopes: recW, handle: (c) => v4Delete(portal, c) });
  }
  for (const base of P.objects) {
    router.add({ method: 'GET', pattern: `${base}/:type/:id/associations/:toType`, name: 'associations.v3.list', scopes: rec, handle: (c) => v3RecordList(portal, c) });
  }
}
