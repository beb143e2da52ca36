// Batch endpoints (read/create/update/upsert/archive), merge and GDPR delete.
// Partial failures answer 207 with per-item errors, as HubSpot does.
import type { Portal } from '../data/portal.ts';
import { ARCHIVED, type ObjectStore } from '../data/store.ts';
import { badRequest, hubspotError, json, noContent, notFound, type Reply } from '../http/reply.ts';
import type { RequestContext, Router } from '../http/router.ts';
import { associateOnCreate, locate, readScopes, storeFor, unknownType, writeFailure, writeScopes, writtenJson } from './objects.ts';
import { boolParam, recordJson } from './records.ts';
import { problemsBody, validateProperties as problemsOf } from './validate.ts';
import { createRecord, updateRecord } from './write-ops.ts';

interface ItemError {
  status: 'error';
  category: string;
  message: string;
  context?: Record<string, string[]>;
  errors?: unknown[];
  objectWriteTraceId?: string;
}

function envelope(startedAt: string, results: unknown[], errors: ItemError[], okStatus: number): Reply {
  const body: Record<string, unknown> = { status: 'COMPLETE', results, startedAt, completedAt: new Date().toISOString() };
  if (errors.length === 0) return json(okStatus, body);
  return json(207, { ...body, numErrors: errors.length, errors });
}

function inputsOf(portal: Portal, ctx: RequestContext): unknown[] | Reply {
  const inputs = ctx.body?.inputs;
  if (!Array.isArray(inputs)) return badRequest('Request body must contain "inputs": an array.');
  const max = portal.behaviour.batchMaxInputs;
  if (inputs.length > max) return badRequest(`Batch input limit exceeded: ${inputs.length} inputs; the limit is ${max}.`);
  return inputs;
}

const notFoundError = (s: ObjectStore, ids: string[]): ItemError => ({
  status: 'error',
  category: 'OBJECT_NOT_FOUND',
  message: `Could not get some ${s.type.singular.toUpperCase()} objects, they may be deleted or not exist. Check that ids are valid.`,
  context: { ids },
});

function batchRead(portal: Portal, ctx: RequestContext): Reply {
  const s = storeFor(portal, ctx);
  if (!s) return unknownType(ctx.params.type!);
  const inputs = inputsOf(portal, ctx);
  if (!Array.isArray(inputs)) return inputs;
  const started = new Date().toISOString();
  const archived = boolParam(ctx.query, 'archived');
  const idProperty = typeof ctx.body.idProperty === 'string' ? ctx.body.idProperty : null;
  const results = [];
  const missing: string[] = [];
  const seen = new Set<number>();
  for (const input of inputs as { id?: unknown }[]) {
    const id = String(input?.id ?? '');
    const i = locate(portal, s, id, idProperty, archived);
    if (i < 0) missing.push(id);
    else if (!seen.has(i)) {
      seen.add(i);
      results.push(recordJson(portal, s, i, ctx.body.properties, ctx.body.propertiesWithHistory));
    }
  }
  return envelope(started, results, missing.length > 0 ? [notFoundError(s, missing)] : [], 200);
}

function batchCreate(portal: Portal, ctx: RequestContext): Reply {
  const s = storeFor(portal, ctx);
  if (!s) return unknownType(ctx.params.type!);
  const inputs = inputsOf(portal, ctx) as any[];
  if (!Array.isArray(inputs)) return inputs;
  const started = new Date().toISOString();
  // Without an objectWriteTraceId on every input, one bad input fails the whole batch (nothing written).
  const traced = inputs.length > 0 && inputs.every((x) => typeof x?.objectWriteTraceId === 'string');
  const results = [];
  const errors: ItemError[] = [];
  if (!traced) {
    const dry = inputs.map((x) => dryRun(s, x?.properties ?? {}));
    const bad = dry.find((r) => r);
    if (bad) return bad;
    const emails = inputs.map((x) => x?.properties?.email).filter(Boolean).map((e: string) => e.toLowerCase());
    if (new Set(emails).size !== emails.length) return hubspotError(409, 'CONFLICT', 'Duplicate email addresses in one batch.');
  }
  for (const input of inputs) {
    const r = createRecord(portal, s, input?.properties ?? {});
    if (!r.ok) {
      const reply = writeFailure(r).body as any;
      errors.push({ status: 'error', category: reply.category, message: reply.message, errors: reply.errors, objectWriteTraceId: input.objectWriteTraceId });
      continue;
    }
    const linkProblem = associateOnCreate(portal, s, r.index, input.associations);
    if (linkProblem) errors.push({ status: 'error', category: 'VALIDATION_ERROR', message: (linkProblem.body as any).message, objectWriteTraceId: input.objectWriteTraceId });
    const rec: any = writtenJson(portal, s, r.index, input.properties ?? {});
    if (input.objectWriteTraceId) rec.objectWriteTraceId = input.objectWriteTraceId;
    results.push(rec);
  }
  return envelope(started, results, errors, 201);
}

/** Validation without writing: the reply a create would fail with, or undefined. */
function dryRun(s: ObjectStore, props: unknown): Reply | undefined {
  const { problems } = problemsOf(s, props);
  if (problems.length > 0) return badRequest(problemsBody(problems).message, { errors: problemsBody(problems).errors });
  const email = (props as Record<string, unknown>)?.email;
  if (s.type.name === 'contacts' && typeof email === 'string') {
    const other = s.findByUnique('email', email);
    if (other >= 0) return hubspotError(409, 'CONFLICT', `Contact already exists. Existing ID: ${s.idOf(other)}`);
  }
  return undefined;
}

function batchUpdate(portal: Portal, ctx: RequestContext): Reply {
  const s = storeFor(portal, ctx);
  if (!s) return unknownType(ctx.params.type!);
  const inputs = inputsOf(portal, ctx) as any[];
  if (!Array.isArray(inputs)) return inputs;
  const started = new Date().toISOString();
  const ids = inputs.map((x) => String(x?.id ?? ''));
  if (new Set(ids).size !== ids.length) return badRequest('Duplicate IDs found in batch input: each id may appear once per batch.');
  for (const x of inputs) {
    const bad = problemsOf(s, x?.properties ?? {}).problems;
    if (bad.length > 0) return badRequest(problemsBody(bad).message, { errors: problemsBody(bad).errors });
  }
  const results = [];
  const missing: string[] = [];
  const errors: ItemError[] = [];
  for (const x of inputs) {
    const i = locate(portal, s, String(x.id), typeof x.idProperty === 'string' ? x.idProperty : null, false);
    if (i < 0) {
      missing.push(String(x.id));
      continue;
    }
    const r = updateRecord(portal, s, i, x.properties ?? {});
    if (!r.ok) {
      const reply = writeFailure(r).body as any;
      errors.push({ status: 'error', category: reply.category, message: reply.message, context: { ids: [String(x.id)] } });
      continue;
    }
    results.push(writtenJson(portal, s, i, x.properties ?? {}));
  }
  if (missing.length > 0) errors.push(notFoundError(s, missing));
  return envelope(started, results, errors, 200);
}

function batchUpsert(portal: Portal, ctx: RequestContext): Reply {
  const s = storeFor(portal, ctx);
  if (!s) return unknownType(ctx.params.type!);
  const inputs = inputsOf(portal, ctx) as any[];
  if (!Array.isArray(inputs)) return inputs;
  const started = new Date().toISOString();
  const results = [];
  const errors: ItemError[] = [];
  for (const x of inputs) {
    const idProperty = typeof x?.idProperty === 'string' ? x.idProperty : 'hs_object_id';
    const unique = idProperty === 'hs_object_id' || (idProperty === 'email' && s.type.name === 'contacts') || s.property(idProperty)?.hasUniqueValue;
    if (!unique) return badRequest(`idProperty "${idProperty}" is not a unique property of ${s.type.name}; use a property with hasUniqueValue=true${s.type.name === 'contacts' ? ' or email' : ''}.`);
    const existing = s.findByUnique(idProperty, String(x.id ?? ''));
    const live = existing >= 0 && s.status[existing] !== ARCHIVED ? existing : -1;
    const props = { ...(x.properties ?? {}) };
    if (live < 0 && idProperty !== 'hs_object_id') props[idProperty] ??= String(x.id);
    const r = live >= 0 ? updateRecord(portal, s, live, props) : idProperty === 'hs_object_id' ? null : createRecord(portal, s, props);
    if (!r) {
      errors.push(notFoundError(s, [String(x.id)]));
      continue;
    }
    if (!r.ok) {
      const reply = writeFailure(r).body as any;
      errors.push({ status: 'error', category: reply.category, message: reply.message, context: { ids: [String(x.id)] } });
      continue;
    }
    results.push({ ...(writtenJson(portal, s, r.index, props) as object), new: live < 0 });
  }
  return envelope(started, results, errors, 200);
}

function batchArchive(portal: Portal, ctx: RequestContext): Reply {
  const s = storeFor(portal, ctx);
  if (!s) return unknownType(ctx.params.type!);
  const inputs = inputsOf(portal, ctx) as any[];
  if (!Array.isArray(inputs)) return inputs;
  for (const x of inputs) {
    const i = s.indexOf(String(x?.id ?? ''));
    if (s.isLive(i)) s.archive(i, portal.nowMs(), portal.searchLagMs);
  }
  return noContent();
}

function merge(portal: Portal, ctx: RequestContext): Reply {
  const s = storeFor(portal, ctx);
  if (!s) return unknownType(ctx.params.type!);
  const primary = s.indexOf(String(ctx.body?.primaryObjectId ?? ''));
  const other = s.indexOf(String(ctx.body?.objectIdToMerge ?? ''));
  if (!s.isLive(primary) || !s.isLive(other)) return notFound(`Merge needs two existing ${s.type.name}: primaryObjectId and objectIdToMerge.`);
  if (primary === other) return badRequest('Cannot merge a record into itself.');
  portal.associations.moveAll(s.type.name, other, primary);
  s.merge(primary, other, portal.nowMs(), portal.searchLagMs);
  const names = [...s.type.defaultProps, 'hs_merged_object_ids', s.type.createdProp, s.type.lastModifiedProp, 'hs_object_id'];
  return json(200, recordJson(portal, s, primary, names));
}

function gdprDelete(portal: Portal, ctx: RequestContext): Reply {
  const s = portal.stores.get('contacts')!;
  const idProperty = typeof ctx.body?.idProperty === 'string' ? ctx.body.idProperty : null;
  const i = locate(portal, s, String(ctx.body?.objectId ?? ''), idProperty, false);
  if (i < 0) return notFound();
  s.gdprDelete(i, portal.nowMs(), portal.searchLagMs);
  return noContent();
}

export function batchRoutes(router: Router, portal: Portal, base: string): void {
  const r = readScopes(portal);
  const w = writeScopes(portal);
  const add = (op: string, scopes: typeof r, handle: (p: Portal, c: RequestContext) => Reply) =>
    router.add({ method: 'POST', pattern: `${base}/:type/batch/${op}`, name: `objects.batch.${op}`, scopes, handle: (c) => handle(portal, c) });
  add('read', r, batchRead);
  add('create', w, batchCreate);
  add('update', w, batchUpdate);
  add('upsert', w, batchUpsert);
  add('archive', w, batchArchive);
  router.add({ method: 'POST', pattern: `${base}/contacts/gdpr-delete`, name: 'objects.gdprDelete', scopes: () => ['crm.objects.contacts.write'], handle: (c) => gdprDelete(portal, c) });
  router.add({ method: 'POST', pattern: `${base}/:type/merge`, name: 'objects.merge', scopes: w, handle: (c) => merge(portal, c) });
}
