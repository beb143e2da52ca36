// Further CRM object types (found at discovery, offered only where the portal has them), any
// association pair (the default set, custom ↔ custom, pairs chosen in the pipeline, labels from
// the labels endpoint) and property history of custom objects, against the simulator's truth.
import { type Simulator, startSimulator } from '@pipe/hubspot-sim';
import { ConfigError, PipeError, type Row } from '@pipe/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, makeConfig, openHarness, runStream } from './harness.ts';
import { type SimProxy, startProxy } from './proxy.ts';
import { expectMatchesTruth } from './truth.ts';

let sim: Simulator;
let proxy: SimProxy;
beforeAll(async () => {
  sim = await startSimulator({
    port: 0,
    seed: 25,
    furtherObjects: ['leads', 'goal_targets', 'commerce_subscriptions', 'courses'],
    absentObjects: { invoices: 403, listings: 404 },
    counts: { contacts: 120, companies: 90, deals: 30, tickets: 10, calls: 40, quotes: 12, line_items: 30, leads: 230, goal_targets: 12, commerce_subscriptions: 15, courses: 7 },
    customObjects: [{ name: 'cars', count: 30 }, { name: 'pets', count: 25 }],
    rateLimits: false,
    customProperties: 2,
    // Whatever HubSpot's cap is (1,000 or 100, API-FACTS-2 §11.4), pipe stays under the lower one.
    behaviour: { associationBatchMaxInputs: 100 },
  });
  // The portal renamed a label: rows must carry the labels endpoint's name, not a stale one.
  proxy = await startProxy(sim.url, {
    rewrite: (_m, url, status, body) => (status === 200 && /\/companies\/companies\/labels/.test(url) ? body.replace('"Parent Company"', '"Parent (renamed)"') : undefined),
  });
});
afterAll(async () => {
  await proxy.close();
  await sim.close();
});
const truthOf = (type: string) => [sim.control.truth(type), sim.control.truth(type, { archived: true })] as const;
const stats = () => sim.control.stats().byRoute;

describe('further object types', () => {
  it('the default selection offers the ones the portal has, typed, and leaves out the rest with one line', async () => {
    const h = await openHarness(makeConfig(sim.url, sim.token));
    const names = h.schemas.map((s) => s.name);
    expect(names).toEqual(expect.arrayContaining(['leads', 'goal_targets', 'commerce_subscriptions', 'courses']));
    for (const lacking of ['invoices', 'listings', 'orders', 'carts', 'appointments']) expect(names).not.toContain(lacking);
    expect(h.schemas.find((s) => s.name === 'leads')!.columns.map((c) => c.name)).toEqual(expect.arrayContaining(['id', 'hs_lead_name', 'hubspot_owner_id', 'updated_at']));
    const line = h.logs.filter((l) => /object types this portal does not offer/.test(l));
    expect(line).toHaveLength(1);
    expect(line[0]).toMatch(/invoices \(403\).*orders \(400\).*listings \(404\)/);
  });

  it('reads a further type in full past one page, then incrementally after changes', async () => {
    const h = await openHarness(makeConfig(sim.url, sim.token), { selected: { leads: {} } });
    await runStream(h, 'leads');
    expectMatchesTruth(h, 'leads', ...truthOf('leads'));
    expect(h.tables.get('leads')!.size).toBe(230);
    sim.control.advanceClock(60_000);
    const ids = sim.control.truth('leads').map((r) => r.id);
    sim.control.update('leads', ids[3]!, { hs_lead_name: 'Renamed lead' });
    sim.control.archive('leads', ids[4]!);
    const created = sim.control.create('leads', { hs_lead_name: 'New lead' });
    sim.control.advanceClock(1_000);
    const searches = stats()['objects.search'] ?? 0;
    const lists = stats()['objects.list'] ?? 0;
    await runStream(h, 'leads');
    expect((stats()['objects.search'] ?? 0) - searches).toBeGreaterThan(0);
    expect((stats()['objects.list'] ?? 0) - lists).toBe(1); // the archived list only
    expectMatchesTruth(h, 'leads', ...truthOf('leads'));
    expect(h.tables.get('leads')!.get(created)).toMatchObject({ hs_lead_name: 'New lead', archived: false });
  });

  it('reads types whose API path differs from the stream name (subscriptions, 0-410)', async () => {
    const h = await openHarness(makeConfig(sim.url, sim.token), { selected: { commerce_subscriptions: {}, courses: {}, goal_targets: {} } });
    for (const s of ['commerce_subscriptions', 'courses', 'goal_targets']) {
      await runStream(h, s);
      expectMatchesTruth(h, s, ...truthOf(s));
    }
  });

  it('selecting one further type asks for its properties only (metadata on demand)', async () => {
    sim.control.resetStats();
    await openHarness(makeConfig(sim.url, sim.token), { selected: { courses: {} } });
    expect(stats()['properties.list']).toBe(1);
    expect(stats()['schemas.list'] ?? 0).toBe(0);
  });

  it('a named type the portal lacks fails alone, naming the type and what enables it', async () => {
    const h = await openHarness(makeConfig(sim.url, sim.token), { selected: { invoices: {}, listings: {}, orders: {}, leads: {} } });
    const cases: [string, RegExp, RegExp][] = [
      ['invoices', /^this portal has no invoices \(object type 0-53\): HubSpot answers 403/, /commerce/],
      ['listings', /^this portal has no listings \(object type 0-420\): HubSpot answers 404/, /activated in the object library/],
      ['orders', /^this portal has no orders \(object type 0-123\): HubSpot answers 400: .*Unable to infer object type from: orders/, /remove orders from streams:, or set skip_unavailable/],
    ];
    for (const [stream, message, hint] of cases) {
      const err = await runStream(h, stream).catch((e) => e);
      expect(err, stream).toBeInstanceOf(PipeError);
      expect(err.message).toMatch(message);
      expect(err.hint).toMatch(hint);
    }
    await runStream(h, 'leads');
    expect(h.tables.get('leads')!.size).toBeGreaterThan(200);
    const skip = await openHarness(makeConfig(sim.url, sim.token, { skip_unavailable: true }), { selected: { invoices: {} } });
    expect((await runStream(skip, 'invoices')).batches).toHaveLength(0);
    expect(skip.logs.some((l) => /warn: skipping stream invoices: this portal has no invoices/.test(l))).toBe(true);
  });

  it('pipe plan estimates a further type and pipe check probes its scope', async () => {
    const h = await openHarness(makeConfig(sim.url, sim.token), { selected: { goal_targets: {}, invoices: {} } });
    const req = (name: string) => ({ schema: h.schemas.find((s) => s.name === name)!, options: {}, mode: 'incremental' as const, state: undefined });
    const plan = await h.conn.estimate!([req('goal_targets'), req('invoices')]);
    expect(plan.streams.find((s) => s.stream === 'goal_targets')).toMatchObject({ rows: 12, calls: 3 });
    expect(plan.streams.find((s) => s.stream === 'invoices')!.note).toMatch(/cannot run in this portal/);
    const check = await h.conn.check!([req('goal_targets'), req('invoices')]);
    expect(check.details.find((d) => d.label === 'stream goal_targets')).toMatchObject({ ok: true, value: 'scope granted (crm.objects.goals.read)' });
    expect(check.details.find((d) => d.label === 'stream invoices')).toMatchObject({ ok: false });
  });
});

/** The current associations: per from_id, the rows with its latest refreshed_at (minus NONE rows). */
function current(h: Harness, stream: string): Row[] {
  const rows = [...h.tables.get(stream)!.values()];
  const latest = new Map<string, number>();
  for (const r of rows) latest.set(String(r.from_id), Math.max(latest.get(String(r.from_id)) ?? 0, (r.refreshed_at as Date).getTime()));
  return rows.filter((r) => (r.refreshed_at as Date).getTime() === latest.get(String(r.from_id)) && r.to_id !== '');
}
const pairsOf = (rows: Row[]) => rows.map((r) => `${r.from_id}>${r.to_id}#${r.association_type_id}`).sort();

/** Every association of every record, through the per-record v4 endpoint (not the batch read pipe uses). */
async function truthPairs(from: string, to: string): Promise<string[]> {
  const out: string[] = [];
  for (const { id } of sim.control.truth(from)) {
    let after = '';
    do {
      const res = await fetch(`${sim.url}/crm/v4/objects/${from}/${id}/associations/${to}?limit=500&after=${after}`, { headers: { authorization: `Bearer ${sim.token}` } });
      const body = (await res.json()) as { results: { toObjectId: string; associationTypes: { typeId: number }[] }[]; paging?: { next?: { after: string } } };
      for (const t of body.results) for (const a of t.associationTypes) out.push(`${id}>${t.toObjectId}#${a.typeId}`);
      after = body.paging?.next?.after ?? '';
    } while (after);
  }
  return out.sort();
}

describe('association pairs', () => {
  it('the default set has every engagement to contacts, companies, deals and tickets, quotes, company parent/child and custom ↔ custom', async () => {
    const h = await openHarness(makeConfig(sim.url, sim.token));
    const names = new Set(h.schemas.map((s) => s.name));
    for (const e of ['calls', 'emails', 'meetings', 'notes', 'tasks']) for (const to of ['contacts', 'companies', 'deals', 'tickets']) expect(names, `${e}_to_${to}`).toContain(`${e}_to_${to}`);
    for (const to of ['deals', 'line_items', 'contacts', 'companies']) expect(names).toContain(`quotes_to_${to}`);
    expect(names).toContain('companies_to_companies');
    expect(names).toContain('cars_to_pets');
    expect(names).not.toContain('pets_to_cars'); // one direction per pair
    expect(h.schemas.find((s) => s.name === 'calls_to_deals')!.columns.map((c) => c.name)).toEqual(['from_id', 'to_id', 'association_type_id', 'category', 'label', 'refreshed_at']);
  });

  it('reads company parent/child exactly, with labels from the labels endpoint', async () => {
    const h = await openHarness(makeConfig(proxy.url, sim.token));
    await runStream(h, 'companies_to_companies');
    const rows = current(h, 'companies_to_companies');
    expect(pairsOf(rows)).toEqual(await truthPairs('companies', 'companies'));
    expect(rows.find((r) => r.association_type_id === 14)).toMatchObject({ label: 'Parent (renamed)', category: 'HUBSPOT_DEFINED' });
    expect(rows.find((r) => r.association_type_id === 13)).toMatchObject({ label: 'Child Company' });
  });

  it('reads custom ↔ custom and a quote pair exactly; batches stay within the input cap', async () => {
    const h = await openHarness(makeConfig(sim.url, sim.token));
    await runStream(h, 'cars_to_pets');
    expect(pairsOf(current(h, 'cars_to_pets'))).toEqual(await truthPairs('cars', 'pets'));
    expect(current(h, 'cars_to_pets').some((r) => r.label === 'Owner' && r.category === 'USER_DEFINED')).toBe(true);
    await runStream(h, 'quotes_to_line_items');
    expect(pairsOf(current(h, 'quotes_to_line_items'))).toEqual(await truthPairs('quotes', 'line_items'));
    // 120 contacts: two batch reads under a cap of 100 inputs.
    await runStream(h, 'contacts_to_companies');
    expect(pairsOf(current(h, 'contacts_to_companies'))).toEqual(await truthPairs('contacts', 'companies'));
  });

  it('a pair chosen in the pipeline becomes a table, full then incremental', async () => {
    const cars = sim.control.truth('cars').map((r) => r.id);
    const deals = sim.control.truth('deals').map((r) => r.id);
    sim.control.associate('cars', cars[0]!, 'deals', deals[0]!);
    sim.control.associate('cars', cars[1]!, 'deals', deals[1]!);
    const config = makeConfig(sim.url, sim.token, { associations: [['cars', 'deals'], ['calls', 'deals']] });
    const h = await openHarness(config, { selected: { cars_to_deals: {}, calls_to_deals: {} } });
    expect(h.schemas.find((s) => s.name === 'cars_to_deals')!.primaryKey).toEqual(['from_id', 'to_id', 'association_type_id']);
    await runStream(h, 'cars_to_deals');
    expect(pairsOf(current(h, 'cars_to_deals'))).toEqual(await truthPairs('cars', 'deals'));
    expect(pairsOf(current(h, 'cars_to_deals'))).toHaveLength(2);
    sim.control.advanceClock(60_000);
    sim.control.associate('cars', cars[2]!, 'deals', deals[2]!);
    sim.control.update('cars', cars[2]!, { name: 'touched' });
    sim.control.advanceClock(1_000);
    await runStream(h, 'cars_to_deals');
    expect(pairsOf(current(h, 'cars_to_deals'))).toEqual(await truthPairs('cars', 'deals'));
    await runStream(h, 'calls_to_deals');
    expect(pairsOf(current(h, 'calls_to_deals'))).toEqual(await truthPairs('calls', 'deals'));
  });

  it('a pair naming no object of the account fails that table alone, saying which name', async () => {
    const h = await openHarness(makeConfig(sim.url, sim.token, { associations: [['carz', 'deals']] }), { selected: { carz_to_deals: {}, contacts: {} } });
    const err = await runStream(h, 'carz_to_deals').catch((e) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.message).toMatch(/associations: \[carz, deals\] names "carz"/);
    expect(err.hint).toMatch(/cars/);
  });
});

describe('property history of custom objects', () => {
  it('reads all history of a custom object, then only new changes', async () => {
    const h = await openHarness(makeConfig(sim.url, sim.token), { selected: { property_history: {} } });
    const options = { objects: ['pets'], properties: ['name'] };
    await runStream(h, 'property_history', { options });
    const table = h.tables.get('property_history')!;
    const pets = sim.control.truth('pets');
    const rows = [...table.values()];
    expect(rows.every((r) => r.object_type === 'pets' && r.property === 'name')).toBe(true);
    expect(new Set(rows.map((r) => r.object_id))).toEqual(new Set(pets.filter((p) => p.properties.name != null).map((p) => p.id)));
    for (const p of pets) {
      const newest = rows.filter((r) => r.object_id === p.id).sort((a, b) => (b.timestamp as Date).getTime() - (a.timestamp as Date).getTime())[0];
      if (p.properties.name != null) expect(newest?.value, p.id).toBe(p.properties.name);
    }
    sim.control.advanceClock(10 * 60_000);
    sim.control.update('pets', pets[2]!.id, { name: 'Rex II' });
    sim.control.advanceClock(1_000);
    const { batches } = await runStream(h, 'property_history', { options });
    expect(batches.flatMap((b) => b.rows).find((r) => r.value === 'Rex II')).toMatchObject({ object_type: 'pets', object_id: pets[2]!.id, property: 'name' });
  });

  it('an object name that is no object stream fails with the names to use', async () => {
    const h = await openHarness(makeConfig(sim.url, sim.token), { selected: { property_history: {} } });
    const err = await runStream(h, 'property_history', { options: { objects: ['petz'] } }).catch((e) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.hint).toMatch(/pets/);
  });
});
