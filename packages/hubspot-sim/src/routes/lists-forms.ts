// Lists v3 (search with offset paging, definitions, memberships by record id or join order, a
// record's lists) and forms v3 with the legacy submissions API (API-FACTS-2 §1, §2).
import { type ListsAndForms, type SimForm, type SimList, listsAndForms } from '../data/lists-forms.ts';
import type { Portal } from '../data/portal.ts';
import { badRequest, hubspotError, json, notFound, type Reply } from '../http/reply.ts';
import type { RequestContext, Router } from '../http/router.ts';
import { boolParam, decodeCursor, encodeCursor, invalidCursor, iso, limitParam, listParam } from './records.ts';

const LIST_SCOPES = ['crm.lists.read', 'crm.lists.write'];
const FORM_SCOPES = ['forms'];
/** `additionalProperties` every list search result carries unless listSearchProperties is 'requested' (empty ones are omitted). */
const DEFAULT_LIST_PROPS = ['hs_list_size', 'hs_last_record_added_at', 'hs_last_record_removed_at', 'hs_folder_name', 'hs_list_reference_count'];
const FORM_TYPES = ['hubspot', 'captured', 'flow', 'blog_comment'];

function listProps(w: ListsAndForms, l: SimList, names: string[]): Record<string, string> {
  const all: Record<string, string | undefined> = {
    hs_list_size: String(w.liveMembers(l).length),
    hs_last_record_added_at: l.lastAddedAt === undefined ? undefined : String(l.lastAddedAt),
    hs_last_record_removed_at: l.lastRemovedAt === undefined ? undefined : String(l.lastRemovedAt),
    hs_folder_name: l.folderName,
    hs_list_reference_count: String(l.referenceCount),
    hs_lastmodifieddate: String(l.updatedAt),
    hs_list_size_week_delta: '0',
    hs_object_type_id: l.objectTypeId,
  };
  const out: Record<string, string> = {};
  for (const k of names) if (all[k] !== undefined) out[k] = all[k]!;
  return out;
}

function listCore(l: SimList): Record<string, unknown> {
  return {
    listId: l.listId,
    listVersion: l.listVersion,
    name: l.name,
    objectTypeId: l.objectTypeId,
    processingType: l.processingType,
    processingStatus: 'COMPLETE',
    createdAt: iso(l.createdAt),
    updatedAt: iso(l.updatedAt),
    ...(l.filtersUpdatedAt === undefined ? {} : { filtersUpdatedAt: iso(l.filtersUpdatedAt) }),
    createdById: l.createdById,
    updatedById: l.updatedById,
  };
}

/** `PublicObjectList` of the definition endpoints: with `size`, filters on request. */
function listDefinition(w: ListsAndForms, l: SimList, includeFilters: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = { ...listCore(l), size: w.liveMembers(l).length };
  if (includeFilters && l.processingType !== 'MANUAL') {
    out.filterBranch = { filterBranchType: 'OR', filterBranchOperator: 'OR', filterBranches: [{ filterBranchType: 'AND', filterBranches: [], filters: [{ filterType: 'PROPERTY', property: 'lifecyclestage', operation: { operationType: 'ENUMERATION', operator: 'IS_ANY_OF', values: ['lead'] } }] }], filters: [] };
  }
  return out;
}

function searchLists(portal: Portal, w: ListsAndForms, ctx: RequestContext): Reply {
  const b = ctx.body;
  if (b === undefined || typeof b !== 'object' || b === null || Array.isArray(b)) return badRequest('Invalid input JSON: the body must be a ListSearchRequest object.');
  const max = 500;
  let count = b.count ?? 20;
  if (!Number.isInteger(count) || count < 1) return badRequest(`count must be a positive integer, got ${JSON.stringify(b.count)}`);
  if (count > max) {
    if (portal.opts.listsSearchOverLimit === 'error') return badRequest(`count must be at most ${max}, got ${count}`);
    count = max;
  }
  const offset = b.offset ?? 0;
  if (!Number.isInteger(offset) || offset < 0) return badRequest(`offset must be a non-negative integer, got ${JSON.stringify(b.offset)}`);
  const query = typeof b.query === 'string' ? b.query.toLowerCase() : '';
  const types: string[] | undefined = Array.isArray(b.processingTypes) && b.processingTypes.length ? b.processingTypes : undefined;
  const ids: string[] | undefined = Array.isArray(b.listIds) && b.listIds.length ? b.listIds.map(String) : undefined;
  const extra: string[] = Array.isArray(b.additionalProperties) ? b.additionalProperties.map(String) : [];
  const all = w.lists.filter(
    (l) =>
      !l.deleted &&
      (!query || l.name.toLowerCase().includes(query)) &&
      (!types || types.includes(l.processingType)) &&
      (!ids || ids.includes(l.listId)) &&
      (!b.objectTypeId || l.objectTypeId === b.objectTypeId),
  );
  const page = all.slice(offset, offset + count);
  const next = offset + page.length;
  // The defaults always, or only what was asked (listSearchProperties; UNCONFIRMED).
  const names = portal.behaviour.listSearchProperties === 'requested' ? extra : [...DEFAULT_LIST_PROPS, ...extra];
  return json(200, { lists: page.map((l) => ({ ...listCore(l), additionalProperties: listProps(w, l, names) })), offset: next, hasMore: next < all.length, total: all.length });
}

/** Keyset cursors: `after`/`before` name the sort key of the last item served. */
const key = (order: 'id' | 'join', m: { id: string; at: number }) => (order === 'id' ? m.id.padStart(20, '0') : `${String(m.at).padStart(15, '0')}:${m.id.padStart(20, '0')}`);
const enc = (k: string) => Buffer.from(`k${k}`).toString('base64url');
function dec(raw: string | null): string | undefined | Reply {
  if (raw === null || raw === '') return undefined;
  const s = Buffer.from(raw, 'base64url').toString();
  return s.startsWith('k') ? s.slice(1) : invalidCursor(raw);
}

function memberships(portal: Portal, w: ListsAndForms, ctx: RequestContext, order: 'id' | 'join'): Reply {
  const l = w.list(ctx.params.listId!);
  if (!l) return notFound(`List ${ctx.params.listId} does not exist.`);
  const limit = limitParam(ctx, 100, 250, portal.opts.listMembershipsOverLimit ?? 'error');
  if (typeof limit !== 'number') return limit;
  const after = dec(ctx.query.get('after'));
  const before = dec(ctx.query.get('before'));
  if (typeof after === 'object') return after;
  if (typeof before === 'object') return before;
  const members = w.liveMembers(l).map((m) => ({ ...m, k: key(order, m) }));
  members.sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
  // `after` wins when both are sent; only `before` pages backwards (descending).
  const descending = after === undefined && before !== undefined;
  const pool = descending ? members.filter((m) => m.k < before!).reverse() : members.filter((m) => after === undefined || m.k > after);
  const page = pool.slice(0, limit);
  const out: Record<string, unknown> = { results: page.map((m) => ({ recordId: m.id, membershipTimestamp: iso(m.at) })), total: members.length };
  const paging: Record<string, unknown> = {};
  if (pool.length > limit) {
    const k = enc(page.at(-1)!.k);
    paging[descending ? 'prev' : 'next'] = descending ? { before: k } : { after: k, link: `${ctx.origin}${ctx.path}?after=${k}` };
  }
  if (Object.keys(paging).length) out.paging = paging;
  return json(200, out);
}

function formJson(f: SimForm): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: f.id,
    name: f.name,
    formType: f.formType,
    createdAt: iso(f.createdAt),
    updatedAt: iso(f.updatedAt),
    archived: f.archived,
    ...(f.archivedAt === undefined ? {} : { archivedAt: iso(f.archivedAt) }),
    fieldGroups: [
      {
        groupType: 'default_group',
        richTextType: 'text',
        fields: f.fields.map((x) => ({ objectTypeId: '0-1', name: x.name, label: x.label, fieldType: x.fieldType, required: x.required, hidden: false, dependentFields: [] })),
      },
    ],
    configuration: { language: f.language, cloneable: true, editable: true, archivable: true, recaptchaEnabled: false, notifyContactOwner: false, notifyRecipients: [], createNewContactForNewEmail: false, prePopulateKnownValues: true, postSubmitAction: { type: 'thank_you', value: 'Thanks!' }, embedType: 'V3' },
    displayOptions: { renderRawHtml: false, theme: 'default_style', submitButtonText: 'Submit' },
    legalConsentOptions: { type: 'none' },
  };
  // Non-hubspot forms may lack nested blocks (UNCONFIRMED): captured forms come without display options.
  if (f.formType === 'captured') delete out.displayOptions;
  return out;
}

function listForms(w: ListsAndForms, ctx: RequestContext): Reply {
  const limit = limitParam(ctx, 20, 500, 'error');
  if (typeof limit !== 'number') return limit;
  const start = decodeCursor(ctx.query.get('after'));
  if (typeof start !== 'number') return start;
  const asked = listParam(ctx.query, 'formTypes') ?? ['hubspot'];
  const bad = asked.find((t) => t !== 'all' && !FORM_TYPES.includes(t));
  if (bad) return badRequest(`formTypes: unknown form type "${bad}"; known: ${[...FORM_TYPES, 'all'].join(', ')}`);
  const types = asked.includes('all') ? FORM_TYPES : asked;
  const archived = boolParam(ctx.query, 'archived');
  const all = w.forms.filter((f) => f.archived === archived && types.includes(f.formType));
  const out: Record<string, unknown> = { results: all.slice(start, start + limit).map(formJson) };
  if (start + limit < all.length) {
    const after = encodeCursor(start + limit);
    out.paging = { next: { after, link: `${ctx.origin}${ctx.path}?after=${after}` } };
  }
  return json(200, out);
}

function submissions(portal: Portal, w: ListsAndForms, ctx: RequestContext): Reply {
  const f = w.form(ctx.params.formGuid!);
  // A server may treat an archived form as unknown here (archivedFormSubmissions; UNCONFIRMED).
  if (!f || (f.archived && portal.behaviour.archivedFormSubmissions === 404)) return notFound(`Form ${ctx.params.formGuid} was not found.`);
  if (f.formType === 'blog_comment') return hubspotError(400, 'VALIDATION_ERROR', `Form ${f.id} is of type BLOG_COMMENT; submissions can only be read for hubspot, captured and flow forms.`, { subCategory: 'FORM_TYPE_NOT_ALLOWED' });
  const raw = ctx.query.get('limit');
  const limit = raw === null ? 20 : Number(raw);
  // The error text is UNCONFIRMED; the maximum (50) is documented.
  if (!Number.isInteger(limit) || limit < 1 || limit > 50) return badRequest(`limit must be between 1 and 50, got ${raw}`);
  const start = decodeCursor(ctx.query.get('after'));
  if (typeof start !== 'number') return start;
  const page = f.submissions.slice(start, start + limit);
  const out: Record<string, unknown> = { results: page.map((s) => ({ conversionId: s.conversionId, submittedAt: s.submittedAt, values: s.values, pageUrl: s.pageUrl })) };
  if (start + limit < f.submissions.length) {
    const after = encodeCursor(start + limit);
    out.paging = { next: { after, link: `${ctx.origin}${ctx.path}?after=${after}` } };
  }
  return json(200, out);
}

/** The lists a record is in (`RecordListMembership`). */
function recordLists(w: ListsAndForms, objectTypeId: string, recordId: string): Record<string, unknown>[] {
  return w.lists.flatMap((l) => {
    if (l.deleted || l.objectTypeId !== objectTypeId) return [];
    const m = w.liveMembers(l).find((x) => x.id === recordId);
    return m ? [{ listId: l.listId, listVersion: l.listVersion, firstAddedTimestamp: iso(m.at), lastAddedTimestamp: iso(m.at), isPublicList: true }] : [];
  });
}

export function listsFormsRoutes(router: Router, portal: Portal): void {
  const w = () => listsAndForms(portal);
  const lists = () => LIST_SCOPES;
  const forms = () => FORM_SCOPES;
  const base = '/crm/v3/lists';
  router.add({ method: 'POST', pattern: `${base}/search`, name: 'lists.search', scopes: lists, handle: (c) => searchLists(portal, w(), c) });
  router.add({
    method: 'GET',
    pattern: base,
    name: 'lists.read',
    scopes: lists,
    // Without listIds this endpoint answers an empty array: it cannot enumerate lists.
    handle: (c) => {
      const ids = c.query.getAll('listIds');
      const found = ids.map((id) => w().list(id)).filter((l): l is SimList => !!l);
      return json(200, { lists: found.map((l) => listDefinition(w(), l, boolParam(c.query, 'includeFilters'))) });
    },
  });
  router.add({
    method: 'GET',
    pattern: `${base}/records/:objectTypeId/:recordId/memberships`,
    name: 'lists.record',
    scopes: lists,
    handle: (c) => {
      const results = recordLists(w(), c.params.objectTypeId!, c.params.recordId!);
      return json(200, { results, total: results.length });
    },
  });
  router.add({
    method: 'POST',
    pattern: `${base}/records/memberships/batch/read`,
    name: 'lists.record',
    scopes: lists,
    // The maximum number of inputs is UNCONFIRMED; the batch default (100) applies.
    handle: (c) => {
      const inputs = c.body?.inputs;
      if (!Array.isArray(inputs)) return badRequest('inputs must be a list of {objectTypeId, recordId}');
      if (inputs.length > portal.behaviour.batchMaxInputs) return badRequest(`Too many inputs: at most ${portal.behaviour.batchMaxInputs}, got ${inputs.length}`);
      const at = iso(portal.nowMs());
      const results = inputs.map((i: { objectTypeId?: string; recordId?: string }) => ({
        objectTypeId: i.objectTypeId,
        recordId: String(i.recordId),
        recordListMemberships: recordLists(w(), String(i.objectTypeId), String(i.recordId)),
      }));
      return json(200, { status: 'COMPLETE', results, startedAt: at, completedAt: at });
    },
  });
  router.add({ method: 'GET', pattern: `${base}/:listId/memberships`, name: 'lists.memberships', scopes: lists, handle: (c) => memberships(portal, w(), c, 'id') });
  router.add({ method: 'GET', pattern: `${base}/:listId/memberships/join-order`, name: 'lists.memberships', scopes: lists, handle: (c) => memberships(portal, w(), c, 'join') });
  router.add({
    method: 'GET',
    pattern: `${base}/:listId`,
    name: 'lists.read',
    scopes: lists,
    handle: (c) => {
      const l = w().list(c.params.listId!);
      return l ? json(200, { list: listDefinition(w(), l, boolParam(c.query, 'includeFilters')) }) : notFound(`List ${c.params.listId} does not exist.`);
    },
  });
  router.add({ method: 'GET', pattern: '/marketing/v3/forms', name: 'forms.list', scopes: forms, handle: (c) => listForms(w(), c) });
  router.add({
    method: 'GET',
    pattern: '/marketing/v3/forms/:formId',
    name: 'forms.read',
    scopes: forms,
    handle: (c) => {
      const f = w().form(c.params.formId!);
      return f ? json(200, formJson(f)) : notFound(`Form ${c.params.formId} was not found.`);
    },
  });
  router.add({ method: 'GET', pattern: '/form-integrations/v1/submissions/forms/:formGuid', name: 'forms.submissions', scopes: () => [...FORM_SCOPES, 'forms-uploaded-files'], handle: (c) => submissions(portal, w(), c) });
}
