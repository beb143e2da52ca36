// Further CRM object types (API-FACTS-2 §6) and the further association kinds (§7): present only
// where the portal has them, absent ones answering 400/403/404; company parent/child both ways;
// custom ↔ custom; the v4 batch read cap.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Simulator, generatePortal, portalTruth } from '../src/index.ts';
import { call, small } from './helpers.ts';

let sim: Simulator;
beforeAll(async () => {
  sim = await small({
    furtherObjects: ['leads', 'goal_targets', 'commerce_payments', 'commerce_subscriptions', 'courses'],
    absentObjects: { invoices: 403, listings: 404 },
    counts: { contacts: 50, companies: 60, leads: 130 },
    customObjects: [{ name: 'cars', count: 20 }, { name: 'pets', count: 15 }],
    behaviour: { associationBatchMaxInputs: 100 },
  });
});
afterAll(() => sim.close());

describe('further object types', () => {
  it('serves the ones the portal has, by name, objectTypeId and HubSpot alias', async () => {
    const leads = await call(sim, '/crm/v3/objects/leads?limit=100&properties=hs_lead_name');
    expect(leads.status).toBe(200);
    expect(leads.body.results).toHaveLength(100);
    expect(leads.body.results[0].properties.hs_lead_name).toEqual(expect.any(String));
    expect((await call(sim, '/crm/v3/objects/0-136?limit=1')).body.results[0].id).toBe(leads.body.results[0].id);
    expect((await call(sim, '/crm/v3/objects/goals?limit=1')).status).toBe(200);
    expect((await call(sim, '/crm/v3/objects/payments?limit=1')).status).toBe(200);
    expect((await call(sim, '/crm/v3/objects/subscriptions?limit=1')).status).toBe(200);
    expect((await call(sim, '/crm/v3/objects/0-410?limit=1')).status).toBe(200);
    const props = await call(sim, '/crm/v3/properties/leads');
    expect(props.body.results.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['hs_lead_name', 'hs_lastmodifieddate', 'hs_object_id']));
    const search = await call(sim, '/crm/v3/objects/leads/search', { body: { filterGroups: [], properties: ['hs_lead_name'], limit: 1 } });
    expect(search.body.total).toBe(130);
  });

  it('answers a type the portal lacks as configured: 400 by default, 403 or 404 when set', async () => {
    const orders = await call(sim, '/crm/v3/objects/orders?limit=1');
    expect(orders.status).toBe(400);
    expect(orders.body.message).toBe('Unable to infer object type from: orders');
    expect((await call(sim, '/crm/v3/properties/orders')).status).toBe(400);
    expect((await call(sim, '/crm/v3/objects/invoices?limit=1')).status).toBe(403);
    expect((await call(sim, '/crm/v3/properties/0-420')).status).toBe(404);
  });

  it('the object library says which activatable types are switched on', async () => {
    const all = await call(sim, '/crm/v3/object-library/enablement');
    expect(all.body.enablementByObjectTypeId).toEqual({ '0-410': true, '0-420': false, '0-162': false, '0-421': false });
    expect((await call(sim, '/crm/v3/object-library/enablement/0-410')).body).toEqual({ enablement: true });
  });

  it('portal truth and the generator agree with what the simulator serves', () => {
    const truth = portalTruth({ furtherObjects: ['leads'], absentObjects: { invoices: 403 } });
    expect(truth.objects.leads).toEqual({ available: true });
    expect(truth.objects.invoices).toMatchObject({ available: false, status: 403 });
    expect(truth.objects.orders).toMatchObject({ available: false, status: 400 });
    const ports = Array.from({ length: 60 }, (_, i) => generatePortal(i + 1));
    const counts = ports.map((o) => (o.furtherObjects ?? []).length);
    expect(Math.min(...counts)).toBeLessThan(Math.max(...counts));
    const answers = new Set(ports.flatMap((o) => Object.entries(o.absentObjects ?? {}).filter(([n]) => n === 'leads' || n === 'orders').map(([, a]) => a)));
    expect([...answers].sort()).toEqual([400, 403, 404]);
    expect(generatePortal(9)).toEqual(generatePortal(9));
  });
});

describe('further association kinds', () => {
  it('company parent/child reads both ways: 14 to the parent, 13 to each child', async () => {
    const labels = await call(sim, '/crm/v4/associations/companies/companies/labels');
    expect(labels.body.results.map((r: { typeId: number }) => r.typeId).sort()).toEqual([13, 14]);
    const ids = (await call(sim, '/crm/v3/objects/companies?limit=100')).body.results.map((r: { id: string }) => r.id);
    const read = await call(sim, '/crm/v4/associations/companies/companies/batch/read', { body: { inputs: ids.map((id: string) => ({ id })) } });
    const edges: string[] = [];
    for (const r of read.body.results) for (const to of r.to) for (const t of to.associationTypes) edges.push(`${r.from.id}>${to.toObjectId}#${t.typeId}`);
    const parents = edges.filter((e) => e.endsWith('#14'));
    expect(parents.length).toBeGreaterThan(5);
    // Every child → parent edge has its parent → child twin.
    for (const e of parents) {
      const [from, rest] = e.split('>');
      expect(edges).toContain(`${rest!.split('#')[0]}>${from}#13`);
    }
  });

  it('engagements reach companies, deals and tickets; quotes reach line items, contacts and companies', async () => {
    for (const [from, to, id] of [['calls', 'companies', 182], ['notes', 'deals', 214], ['tasks', 'tickets', 230], ['quotes', 'line_items', 67], ['quotes', 'companies', 71]] as const) {
      const labels = await call(sim, `/crm/associations/v4/${from}/${to}/labels`);
      expect(labels.body.results, `${from}→${to}`).toEqual([{ category: 'HUBSPOT_DEFINED', typeId: id, label: null }]);
    }
  });

  it('custom ↔ custom kinds are USER_DEFINED, labelled, and in the schema', async () => {
    const labels = await call(sim, '/crm/v4/associations/cars/pets/labels');
    expect(labels.body.results).toEqual([
      { category: 'USER_DEFINED', typeId: 3000, label: null },
      { category: 'USER_DEFINED', typeId: 3100, label: 'Owner' },
    ]);
    const schemas = await call(sim, '/crm/v3/schemas');
    const cars = schemas.body.results.find((s: { name: string }) => s.name === 'cars');
    const pets = schemas.body.results.find((s: { name: string }) => s.name === 'pets');
    expect(cars.associations.map((a: { toObjectTypeId: string }) => a.toObjectTypeId)).toContain(pets.objectTypeId);
  });

  it('rejects a v4 batch read above the configured input cap', async () => {
    const inputs = Array.from({ length: 101 }, (_, i) => ({ id: String(i + 1) }));
    const r = await call(sim, '/crm/v4/associations/contacts/companies/batch/read', { body: { inputs } });
    expect(r.status).toBe(400);
    expect(r.body.message).toMatch(/limit is 100/);
  });
});
