import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../src/index.ts';
import { call, small } from './helpers.ts';

let sim: Simulator;
beforeAll(async () => {
  sim = await small({ counts: { contacts: 1500, companies: 30 } });
});
afterAll(() => sim.close());

describe('associations', () => {
  it('v3 associations= caps at 100 per record and pages through the per-record endpoint', async () => {
    // Company index 0 holds ~15% of contacts: far more than 100 association rows.
    const r = await call(sim, '/crm/v3/objects/companies/200000001?associations=contacts');
    const a = r.body.associations.contacts;
    expect(a.results).toHaveLength(100);
    expect(a.paging.next.link).toContain('/crm/v3/objects/companies/200000001/associations/contacts?after=');
    const rest = [];
    let link: string | undefined = a.paging.next.link;
    while (link) {
      const page = await call(sim, link.replace(sim.url, ''));
      expect(page.status).toBe(200);
      rest.push(...page.body.results);
      link = page.body.paging?.next?.link;
    }
    const v4 = await call(sim, '/crm/v4/objects/companies/200000001/associations/contacts');
    const rows = v4.body.results.reduce((n: number, x: any) => n + x.associationTypes.length, 0);
    expect(100 + rest.length).toBe(rows);
    // Same target listed under several type strings (primary and unlabeled).
    expect(a.results[0].type).toBe('company_to_contact');
    expect(a.results[1]).toEqual({ id: a.results[0].id, type: 'company_to_contact_unlabeled' });
  });

  it('v4 batch read returns type ids, categories and labels; 207 for inputs without associations', async () => {
    const r = await call(sim, '/crm/v4/associations/contacts/companies/batch/read', { body: { inputs: [{ id: '100000001' }, { id: '100000002' }, { id: '42' }] } });
    expect([200, 207]).toContain(r.status);
    const first = r.body.results[0];
    expect(first.from).toEqual({ id: first.from.id });
    const types = first.to[0].associationTypes;
    expect(types).toContainEqual({ category: 'HUBSPOT_DEFINED', typeId: 1, label: 'Primary' });
    expect(types).toContainEqual({ category: 'HUBSPOT_DEFINED', typeId: 279, label: null });
    expect(typeof first.to[0].toObjectId).toBe('string');
    expect(r.status).toBe(207);
    expect(r.body.errors.some((e: any) => e.context.fromObjectId[0] === '42')).toBe(true);
  });

  it('labels endpoint under both paths', async () => {
    for (const path of ['/crm/v4/associations/contacts/companies/labels', '/crm/associations/v4/contacts/companies/labels']) {
      const r = await call(sim, path);
      expect(r.status).toBe(200);
      expect(r.body.results).toContainEqual({ category: 'USER_DEFINED', typeId: 1001, label: 'Billing contact' });
    }
  });

  it('labels under one path only when configured (associationLabelPaths), the other answering 404', async () => {
    for (const [associationLabelPaths, docs, spec] of [['docs', 200, 404], ['spec', 404, 200]] as const) {
      const one = await small({ counts: { contacts: 20, companies: 5 }, behaviour: { associationLabelPaths } });
      try {
        expect((await call(one, '/crm/v4/associations/contacts/companies/labels')).status).toBe(docs);
        expect((await call(one, '/crm/associations/v4/contacts/companies/labels')).status).toBe(spec);
        // Batch reads stay on both paths.
        for (const base of ['/crm/v4/associations', '/crm/associations/v4']) {
          expect((await call(one, `${base}/contacts/companies/batch/read`, { method: 'POST', body: { inputs: [{ id: '1' }] } })).status).not.toBe(404);
        }
      } finally {
        await one.close();
      }
    }
  });

  it('v4 put/delete and control re-association change associations without bumping last-modified', async () => {
    const before = (await call(sim, '/crm/v3/objects/deals/300000001?properties=hs_lastmodifieddate')).body.properties.hs_lastmodifieddate;
    const put = await call(sim, '/crm/v4/objects/deals/300000001/associations/companies/200000007', { method: 'PUT', body: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 341 }] });
    expect(put.status).toBe(201);
    let list = await call(sim, '/crm/v4/objects/deals/300000001/associations/companies');
    expect(list.body.results.map((x: any) => x.toObjectId)).toContain('200000007');
    await call(sim, '/crm/v4/objects/deals/300000001/associations/companies/200000007', { method: 'DELETE' });
    list = await call(sim, '/crm/v4/objects/deals/300000001/associations/companies');
    expect(list.body.results?.map((x: any) => x.toObjectId) ?? []).not.toContain('200000007');
    sim.control.associate('deals', '300000001', 'contacts', '100000099', 3);
    const v3 = await call(sim, '/crm/v3/associations/deals/contacts/batch/read', { body: { inputs: [{ id: '300000001' }] } });
    expect(v3.body.results[0].to).toContainEqual({ id: '100000099', type: 'deal_to_contact' });
    sim.control.unassociate('deals', '300000001', 'contacts', '100000099');
    const after = (await call(sim, '/crm/v3/objects/deals/300000001?properties=hs_lastmodifieddate')).body.properties.hs_lastmodifieddate;
    expect(after).toBe(before);
  });

  it('create with associations in the body', async () => {
    const r = await call(sim, '/crm/v3/objects/contacts', {
      body: { properties: { email: 'assoc.create@example.org' }, associations: [{ to: { id: '200000002' }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 279 }] }] },
    });
    expect(r.status).toBe(201);
    const read = await call(sim, `/crm/v3/objects/contacts/${r.body.id}?associations=companies`);
    expect(read.body.associations.companies.results).toEqual([{ id: '200000002', type: 'contact_to_company_unlabeled' }]);
  });
});
