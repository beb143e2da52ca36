// Lists v3 and forms as API-FACTS-2 §1–§2 describe them: paging, limits, orders, errors, scopes,
// and what membership changes move (and do not move).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Simulator, generatePortal, portalTruth, startSimulator } from '../src/index.ts';
import { call, listAll, small } from './helpers.ts';

let sim: Simulator;
beforeAll(async () => {
  sim = await small();
});
afterAll(() => sim.close());

const search = (body: Record<string, unknown>) => call(sim, '/crm/v3/lists/search', { body: { offset: 0, additionalProperties: [], ...body } });

/** Every membership page of a list, following the cursor the way it is asked for. */
async function members(listId: string, q = 'limit=250', dir: 'after' | 'before' = 'after'): Promise<{ recordId: string; membershipTimestamp: string }[]> {
  const out = [];
  let cursor: string | undefined;
  do {
    const r = await call(sim, `/crm/v3/lists/${listId}/memberships${q.startsWith('/') ? q : `?${q}`}${cursor ? `&${dir}=${cursor}` : ''}`);
    expect(r.status, r.text).toBe(200);
    out.push(...r.body.results);
    cursor = dir === 'after' ? r.body.paging?.next?.after : r.body.paging?.prev?.before;
  } while (cursor);
  return out;
}

describe('lists', () => {
  it('search pages by offset (the next start position) with hasMore and total; string additionalProperties', async () => {
    const first = await search({ count: 4 });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ offset: 4, hasMore: true, total: 9 });
    const l = first.body.lists[0];
    expect(typeof l.listId).toBe('string');
    expect(l).not.toHaveProperty('size');
    expect(l.additionalProperties.hs_list_size).toMatch(/^\d+$/);
    expect(l.additionalProperties).not.toHaveProperty('hs_lastmodifieddate');
    const last = await search({ count: 4, offset: 8, additionalProperties: ['hs_lastmodifieddate'] });
    expect(last.body).toMatchObject({ offset: 9, hasMore: false, total: 9 });
    expect(last.body.lists[0].additionalProperties.hs_lastmodifieddate).toMatch(/^\d+$/);
    const types = new Set((await search({ count: 100 })).body.lists.map((x: { processingType: string }) => x.processingType));
    expect([...types].sort()).toEqual(['DYNAMIC', 'MANUAL', 'SNAPSHOT']);
    expect((await search({ count: 100, processingTypes: ['DYNAMIC'] })).body.lists.every((x: { processingType: string }) => x.processingType === 'DYNAMIC')).toBe(true);
  });

  it('clamps count above 500 (or refuses it when so configured)', async () => {
    const many = await startSimulator({ port: 0, rateLimits: false, counts: { contacts: 20 }, lists: 520 });
    const strict = await startSimulator({ port: 0, rateLimits: false, counts: { contacts: 20 }, lists: 3, listsSearchOverLimit: 'error' });
    try {
      const r = await call(many, '/crm/v3/lists/search', { body: { count: 1000, offset: 0, additionalProperties: [] } });
      expect(r.body.lists).toHaveLength(500);
      expect(r.body).toMatchObject({ offset: 500, hasMore: true, total: 520 });
      expect((await call(strict, '/crm/v3/lists/search', { body: { count: 501, offset: 0, additionalProperties: [] } })).status).toBe(400);
    } finally {
      await Promise.all([many.close(), strict.close()]);
    }
  });

  it('GET by id has size; GET without listIds is empty; unknown ids and v1 paths are 404', async () => {
    const truth = sim.control.listsTruth();
    const one = await call(sim, `/crm/v3/lists/${truth[0]!.listId}?includeFilters=true`);
    expect(one.body.list.size).toBe(truth[0]!.size);
    expect((await call(sim, '/crm/v3/lists')).body).toEqual({ lists: [] });
    expect((await call(sim, `/crm/v3/lists?listIds=${truth[1]!.listId}&listIds=${truth[2]!.listId}`)).body.lists).toHaveLength(2);
    expect((await call(sim, '/crm/v3/lists/999999')).status).toBe(404);
    expect((await call(sim, '/contacts/v1/lists/all/contacts/all')).status).toBe(404);
    expect((await call(sim, '/contacts/v1/lists')).status).toBe(404);
  });

  it('memberships: by record id ascending, 250 a page at most, descending with only `before`; join order by time', async () => {
    const big = sim.control.listsTruth()[0]!;
    expect(big.size).toBeGreaterThan(250);
    expect((await call(sim, `/crm/v3/lists/${big.listId}/memberships?limit=251`)).status).toBe(400);
    const page = await call(sim, `/crm/v3/lists/${big.listId}/memberships?limit=250`);
    expect(page.body.results).toHaveLength(250);
    const asc = await members(big.listId);
    expect(asc.map((m) => m.recordId)).toEqual(Object.keys(big.members).sort((a, b) => Number(a) - Number(b)));
    expect(Object.fromEntries(asc.map((m) => [m.recordId, m.membershipTimestamp]))).toEqual(big.members);
    const lastPage = await call(sim, `/crm/v3/lists/${big.listId}/memberships?limit=250&after=${page.body.paging.next.after}`);
    expect(lastPage.body.paging).toBeUndefined();
    const desc = await call(sim, `/crm/v3/lists/${big.listId}/memberships?limit=5&before=${page.body.paging.next.after}`);
    expect(desc.body.results.map((m: { recordId: string }) => m.recordId)).toEqual(asc.slice(244, 249).reverse().map((m) => m.recordId));
    const joined = await members(big.listId, '/join-order?limit=100');
    const times = joined.map((m) => Date.parse(m.membershipTimestamp));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(joined).toHaveLength(big.size);
  });

  it('membership changes move size and last added/removed, not updatedAt nor the record', async () => {
    const s = await small();
    try {
      const list = s.control.listsTruth().find((l) => l.processingType === 'DYNAMIC' && l.objectTypeId === '0-1')!;
      const props = async () => (await call(s, '/crm/v3/lists/search', { body: { offset: 0, count: 100, listIds: [list.listId], additionalProperties: [] } })).body.lists[0];
      const before = await props();
      const leaver = Object.keys(list.members)[0]!;
      const joiner = s.control.truth('contacts').find((c) => !(c.id in list.members))!;
      const contactBefore = s.control.truth('contacts').find((c) => c.id === joiner.id)!;
      s.control.advanceClock(60_000);
      s.control.listAdd(list.listId, [joiner.id]);
      s.control.listRemove(list.listId, [leaver]);
      const after = await props();
      expect(after.updatedAt).toBe(before.updatedAt);
      expect(after.additionalProperties.hs_list_size).toBe(before.additionalProperties.hs_list_size);
      for (const k of ['hs_last_record_added_at', 'hs_last_record_removed_at']) {
        expect(Number(after.additionalProperties[k]), k).toBeGreaterThan(Number(before.additionalProperties[k] ?? 0));
        expect(Number(after.additionalProperties[k]), k).toBeLessThanOrEqual(s.control.now().getTime());
      }
      expect(s.control.truth('contacts').find((c) => c.id === joiner.id)!.updatedAt).toBe(contactBefore.updatedAt);
      const ids = (await call(s, `/crm/v3/lists/${list.listId}/memberships?limit=250`)).body.results.map((m: { recordId: string }) => m.recordId);
      expect(ids).toContain(joiner.id);
      expect(ids).not.toContain(leaver);
      const mine = await call(s, `/crm/v3/lists/records/0-1/${joiner.id}/memberships`);
      expect(mine.body.results.map((m: { listId: string }) => m.listId)).toContain(list.listId);
      const batch = await call(s, '/crm/v3/lists/records/memberships/batch/read', { body: { inputs: [{ objectTypeId: '0-1', recordId: joiner.id }, { objectTypeId: '0-1', recordId: leaver }] } });
      expect(batch.body.results[0].recordListMemberships.map((m: { listId: string }) => m.listId)).toContain(list.listId);
      expect(batch.body.results[1].recordListMemberships.map((m: { listId: string }) => m.listId)).not.toContain(list.listId);
      expect((await call(s, '/crm/v3/lists/records/memberships/batch/read', { body: { inputs: Array.from({ length: 101 }, () => ({ objectTypeId: '0-1', recordId: '1' })) } })).status).toBe(400);
      // An archived record leaves every list.
      s.control.archive('contacts', joiner.id);
      expect(s.control.listsTruth().find((l) => l.listId === list.listId)!.members).not.toHaveProperty(joiner.id);
      s.control.listDelete(list.listId);
      expect((await call(s, `/crm/v3/lists/${list.listId}/memberships`)).status).toBe(404);
    } finally {
      await s.close();
    }
  });

  it('needs crm.lists.read', async () => {
    const s = await startSimulator({ port: 0, rateLimits: false, counts: { contacts: 10 }, tokenScopes: ['crm.objects.contacts.read', 'forms'] });
    try {
      const r = await call(s, '/crm/v3/lists/search', { body: { offset: 0, additionalProperties: [] } });
      expect(r.status).toBe(403);
      expect(r.body.category).toBe('MISSING_SCOPES');
      expect((await call(s, '/marketing/v3/forms')).status).toBe(200);
    } finally {
      await s.close();
    }
  });
});

describe('forms', () => {
  it('lists hubspot forms by default, every type with formTypes=all, archived ones with archived=true', async () => {
    const truth = sim.control.formsTruth();
    const byDefault = await listAll(sim, '/marketing/v3/forms?limit=2');
    expect(byDefault.map((f) => f.id).sort()).toEqual(truth.filter((f) => f.formType === 'hubspot' && !f.archived).map((f) => f.id).sort());
    const all = await listAll(sim, '/marketing/v3/forms?limit=3&formTypes=all');
    expect(new Set(all.map((f) => f.formType))).toEqual(new Set(['hubspot', 'captured', 'flow', 'blog_comment']));
    const archived = await listAll(sim, '/marketing/v3/forms?formTypes=all&archived=true');
    expect(archived.map((f) => f.id)).toEqual(truth.filter((f) => f.archived).map((f) => f.id));
    expect(all.length + archived.length).toBe(truth.length);
    expect((await call(sim, '/marketing/v3/forms?formTypes=popup')).status).toBe(400);
  });

  it('submissions: newest first, 50 a page at most, integer submittedAt; blog comments 400, unknown form 404', async () => {
    const form = sim.control.formsTruth()[0]!;
    expect(form.submissions.length).toBeGreaterThan(50);
    expect((await call(sim, `/form-integrations/v1/submissions/forms/${form.id}?limit=51`)).status).toBe(400);
    const got = await listAll(sim, `/form-integrations/v1/submissions/forms/${form.id}?limit=50`);
    expect(got.map((s) => s.conversionId)).toEqual(form.submissions.map((s) => s.conversionId));
    expect(typeof got[0].submittedAt).toBe('number');
    const times = got.map((s) => s.submittedAt as number);
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const blog = sim.control.formsTruth().find((f) => f.formType === 'blog_comment')!;
    const refused = await call(sim, `/form-integrations/v1/submissions/forms/${blog.id}`);
    expect(refused.status).toBe(400);
    expect(refused.body.subCategory).toBe('FORM_TYPE_NOT_ALLOWED');
    expect((await call(sim, '/form-integrations/v1/submissions/forms/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    const id = sim.control.formSubmit(form.id, { email: 'new@example.com' });
    expect((await call(sim, `/form-integrations/v1/submissions/forms/${form.id}?limit=1`)).body.results[0].conversionId).toBe(id);
  });

  it('UNCONFIRMED answers: submissions of archived forms 404 (archivedFormSubmissions), list search only the properties asked (listSearchProperties)', async () => {
    const other = await small({ behaviour: { archivedFormSubmissions: 404, listSearchProperties: 'requested' } });
    try {
      const forms = other.control.formsTruth().filter((f) => f.formType !== 'blog_comment');
      const status = async (f: { id: string }) => (await call(other, `/form-integrations/v1/submissions/forms/${f.id}`)).status;
      expect(await status(forms.find((f) => f.archived)!)).toBe(404);
      expect(await status(forms.find((f) => !f.archived)!)).toBe(200);
      const props = async (additionalProperties: string[]) => (await call(other, '/crm/v3/lists/search', { body: { offset: 0, additionalProperties } })).body.lists[0].additionalProperties;
      expect(await props([])).toEqual({});
      expect(Object.keys(await props(['hs_list_size', 'hs_lastmodifieddate'])).sort()).toEqual(['hs_lastmodifieddate', 'hs_list_size']);
    } finally {
      await other.close();
    }
  });
});

it('generated portals vary the lists and forms scopes and counts (none included), and the truth says so', () => {
  const portals = Array.from({ length: 200 }, (_, i) => generatePortal(i + 1));
  expect(new Set(portals.map((o) => o.lists))).toEqual(new Set([0, 2, 9]));
  expect(new Set(portals.map((o) => o.forms))).toEqual(new Set([0, 3, 8]));
  const truths = portals.map((o) => portalTruth(o).streams);
  for (const s of ['lists', 'list_memberships', 'forms', 'form_submissions']) {
    expect(truths.filter((t) => t[s]!.available).length, s).toBeGreaterThan(100);
    expect(truths.filter((t) => !t[s]!.available).length, s).toBeGreaterThan(0); // one scope group among many: rarely dropped
  }
});
