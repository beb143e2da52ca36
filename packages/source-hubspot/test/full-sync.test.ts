// First run lists every record once with the right types; resume from any checkpoint loses nothing.
import { type Simulator, startSimulator } from '@pipe/hubspot-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { archivedRows, liveRows, makeConfig, openHarness, runStream } from './harness.ts';
import { expectMatchesTruth } from './truth.ts';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 1, counts: { contacts: 500, companies: 120 }, rateLimits: false, customProperties: 10 });
});
afterAll(() => sim.close());

describe('full sync against the simulator', () => {
  it('lands every contact exactly once, typed from the properties API', async () => {
    const h = await openHarness(makeConfig(sim.url, sim.token));
    const { batches } = await runStream(h, 'contacts');
    const ids = batches.flatMap((b) => b.rows.filter((r) => r.merged_into == null).map((r) => r.id));
    const live = sim.control.truth('contacts');
    const archived = sim.control.truth('contacts', { archived: true });
    expect(new Set(ids).size).toBe(ids.length); // nothing twice
    expect(liveRows(h, 'contacts')).toHaveLength(live.length);
    expect(archivedRows(h, 'contacts')).toHaveLength(archived.length);
    expectMatchesTruth(h, 'contacts', live, archived);
    expect(h.states.get('contacts')).toMatchObject({ v: 1, phase: 'idle' });
  });

  it('resumes from every checkpoint without losing a record', async () => {
    const h = await openHarness(makeConfig(sim.url, sim.token));
    for (let i = 0; i < 40; i++) {
      await runStream(h, 'companies', { stopAfter: 1 });
      if ((h.states.get('companies') as { phase?: string })?.phase === 'idle') break;
    }
    expect(h.states.get('companies')).toMatchObject({ phase: 'idle' });
    expectMatchesTruth(h, 'companies', sim.control.truth('companies'), sim.control.truth('companies', { archived: true }));
  });

  it('works under a dated API base path, and warns about property names HubSpot does not have', async () => {
    const dated = await startSimulator({ port: 0, seed: 2, counts: { deals: 150 }, rateLimits: false, basePath: '/crm/objects/2026-03' });
    try {
      const h = await openHarness(makeConfig(dated.url, dated.token, { base_path: '/crm/objects/2026-03' }));
      await runStream(h, 'deals', { options: { properties: ['dealname', 'amount', 'no_such_property'] } });
      expect(h.logs.some((l) => /warn: deals: HubSpot has no deals properties named no_such_property/.test(l))).toBe(true);
      const row = h.tables.get('deals')!.values().next().value!;
      expect(Object.keys(row)).toEqual(expect.arrayContaining(['id', 'dealname', 'amount', 'updated_at', '_rejected']));
      expect(row).not.toHaveProperty('dealstage');
      expect(liveRows(h, 'deals')).toHaveLength(dated.control.truth('deals').length);
      const bad = await openHarness(makeConfig(dated.url, dated.token, { base_path: '/crm/v9' })).catch((e) => e);
      expect(String(bad.message)).toMatch(/404/);
    } finally {
      await dated.close();
    }
  });

  it('discover types columns from the properties API, and the properties stream describes them', async () => {
    const h = await openHarness(makeConfig(sim.url, sim.token));
    const cols = new Map(h.schemas.find((s) => s.name === 'contacts')!.columns.map((c) => [c.name, c.type]));
    expect(cols.get('id')).toBe('string');
    expect(cols.get('createdate')).toBe('timestamp');
    expect(cols.get('custom_number_1')).toBe('number');
    expect(cols.get('custom_bool_1')).toBe('boolean');
    expect(cols.get('custom_date_1')).toBe('date');
    expect(cols.get('custom_multi_1')).toBe('string[]');
    expect(cols.get('custom_select_1')).toBe('string');
    expect(cols.get('_rejected')).toBe('json');
    await runStream(h, 'properties', { mode: 'full', options: { objects: ['contacts', 'companies'] } });
    const rows = [...h.tables.get('properties')!.values()];
    expect(new Set(rows.map((r) => r.object_type))).toEqual(new Set(['contacts', 'companies']));
    const multi = rows.find((r) => r.object_type === 'contacts' && r.name === 'custom_multi_1')!;
    expect(multi).toMatchObject({ type: 'enumeration', field_type: 'checkbox', column_type: 'string[]', group_name: 'custom_properties' });
    expect((multi.options as unknown[]).length).toBeGreaterThan(1);
    expect(rows.filter((r) => r.object_type === 'contacts').length).toBe(cols.size - 8); // every property, none of pipe's columns
  });

  it("discover narrows a selected stream's columns to its properties / exclude_properties, as read fills them", async () => {
    const h = await openHarness(makeConfig(sim.url, sim.token));
    const all = h.schemas.find((s) => s.name === 'contacts')!.columns.map((c) => c.name);
    const selected = await h.conn.discover({ contacts: { properties: ['email', 'custom_number_1', 'no_such_property'] }, deals: { exclude_properties: ['amount'] } });
    const contacts = selected.find((s) => s.name === 'contacts')!;
    const system = all.slice(0, 8); // id … _rejected: pipe's own columns come first
    expect(contacts.columns.map((c) => c.name)).toEqual([...system, 'email', 'custom_number_1']);
    const deals = selected.find((s) => s.name === 'deals')!.columns.map((c) => c.name);
    expect(deals).not.toContain('amount');
    expect(deals).toContain('dealname');
    // Metadata on demand: a stream the pipeline does not name is listed with pipe's columns only, untyped.
    expect(selected.find((s) => s.name === 'companies')!.columns.map((c) => c.name)).toEqual(system);
    // The rows read with those options carry exactly those columns.
    h.schemas = selected;
    await runStream(h, 'contacts', { options: { properties: ['email', 'custom_number_1'] } });
    const row = h.tables.get('contacts')!.values().next().value!;
    expect(Object.keys(row).sort()).toEqual(contacts.columns.map((c) => c.name).sort());
  });
});
