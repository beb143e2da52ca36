// Association tables: v4 batch read (no 100-per-record cap), refresh of changed records,
// association changes without a last-modified bump caught by the scheduled full re-read.
import { type Simulator, startSimulator } from '@pipe/hubspot-sim';
import type { Row } from '@pipe/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, makeConfig, openHarness, runStream } from './harness.ts';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 5, counts: { contacts: 900, companies: 30, deals: 40 }, rateLimits: false, customProperties: 0 });
});
afterAll(() => sim.close());

/** The current associations: per from_id, the rows with its latest refreshed_at (minus NONE rows). */
function current(h: Harness, stream: string): Row[] {
  const rows = [...h.tables.get(stream)!.values()];
  const latest = new Map<string, number>();
  for (const r of rows) latest.set(String(r.from_id), Math.max(latest.get(String(r.from_id)) ?? 0, (r.refreshed_at as Date).getTime()));
  return rows.filter((r) => (r.refreshed_at as Date).getTime() === latest.get(String(r.from_id)) && r.to_id !== '');
}

async function truthPairs(from: string, to: string, only?: Set<string>): Promise<string[]> {
  // Through the per-record endpoint (not the batch read the source uses), every page.
  const out: string[] = [];
  const one = async (id: string) => {
    let after = '';
    do {
      const res = await fetch(`${sim.url}/crm/v4/objects/${from}/${id}/associations/${to}?limit=500&after=${after}`, { headers: { authorization: `Bearer ${sim.token}` } });
      const body = (await res.json()) as { results: { toObjectId: string; associationTypes: { typeId: number }[] }[]; paging?: { next?: { after: string } } };
      for (const t of body.results) for (const a of t.associationTypes) out.push(`${id}>${t.toObjectId}#${a.typeId}`);
      after = body.paging?.next?.after ?? '';
    } while (after);
  };
  const ids = sim.control.truth(from).map((r) => r.id).filter((id) => !only || only.has(id));
  for (let i = 0; i < ids.length; i += 50) await Promise.all(ids.slice(i, i + 50).map(one));
  return out.sort();
}
const pairsOf = (rows: Row[]) => rows.map((r) => `${r.from_id}>${r.to_id}#${r.association_type_id}`).sort();

describe('association streams', () => {
  it('reads every association with type id, category and label, >100 on one record', async () => {
    const h = await openHarness(makeConfig(sim.url, sim.token));
    expect(h.schemas.find((s) => s.name === 'contacts_to_companies')?.primaryKey).toEqual(['from_id', 'to_id', 'association_type_id']);
    await runStream(h, 'contacts_to_companies');
    const rows = current(h, 'contacts_to_companies');
    const sample = new Set(sim.control.truth('contacts').slice(0, 150).map((r) => r.id));
    expect(new Set(rows.map((r) => r.from_id)).size).toBeGreaterThan(700);
    expect(pairsOf(rows.filter((r) => sample.has(String(r.from_id))))).toEqual(await truthPairs('contacts', 'companies', sample));
    expect(rows.some((r) => r.association_type_id === 1001 && r.label === 'Billing contact' && r.category === 'USER_DEFINED')).toBe(true);
    expect(rows.find((r) => r.association_type_id === 279)).toMatchObject({ category: 'HUBSPOT_DEFINED', label: null });
    // The reverse side: company 200000001 holds far more than 100 contacts, all read (no v3 cap).
    const h2 = await openHarness(makeConfig(sim.url, sim.token));
    await runStream(h2, 'deals_to_companies');
    expect(pairsOf(current(h2, 'deals_to_companies'))).toEqual(await truthPairs('deals', 'companies'));
  });

  it('reads labels from the spec path when the docs path answers 404', async () => {
    const spec = await startSimulator({ port: 0, seed: 5, counts: { contacts: 60, companies: 10 }, rateLimits: false, customProperties: 0, behaviour: { associationLabelPaths: 'spec' } });
    try {
      const h = await openHarness(makeConfig(spec.url, spec.token));
      await runStream(h, 'contacts_to_companies');
      const rows = [...h.tables.get('contacts_to_companies')!.values()];
      expect(rows.some((r) => r.association_type_id === 1001 && r.label === 'Billing contact' && r.category === 'USER_DEFINED')).toBe(true);
      expect(spec.control.stats().byRoute['associations.labels']).toBe(2); // the docs path's 404, then the spec's answer
    } finally {
      await spec.close();
    }
  });

  it('reads a pair without any associations as NONE rows, without failing', async () => {
    const h = await openHarness(makeConfig(sim.url, sim.token));
    await runStream(h, 'tickets_to_companies');
    const rows = [...h.tables.get('tickets_to_companies')!.values()];
    expect(rows.every((r) => r.category === 'NONE' && r.to_id === '')).toBe(true);
  });

  it('writes the NONE row also when the server answers a record without associations with an empty "to" list', async () => {
    // A per-input error in a 207 (the default above) or {from, to: []}: which one HubSpot sends is UNCONFIRMED.
    const empty = await startSimulator({ port: 0, seed: 5, counts: { contacts: 30, companies: 5, deals: 6, tickets: 4 }, rateLimits: false, customProperties: 0, behaviour: { associationNoneAnswer: 'empty' } });
    try {
      const h = await openHarness(makeConfig(empty.url, empty.token));
      await runStream(h, 'tickets_to_companies');
      const rows = [...h.tables.get('tickets_to_companies')!.values()];
      expect(rows.map((r) => `${r.from_id}:${r.category}:${r.to_id}`).sort()).toEqual(empty.control.truth('tickets').map((t) => `${t.id}:NONE:`).sort());

      // A deal that loses every company: its old rows stop being current.
      await runStream(h, 'deals_to_companies');
      const deal = [...h.tables.get('deals_to_companies')!.values()].find((r) => r.category !== 'NONE')!.from_id as string;
      empty.control.advanceClock(60_000);
      for (const c of empty.control.truth('companies')) empty.control.unassociate('deals', deal, 'companies', c.id);
      empty.control.update('deals', deal, { dealname: 'alone' });
      empty.control.advanceClock(1_000);
      await runStream(h, 'deals_to_companies');
      expect(current(h, 'deals_to_companies').filter((r) => r.from_id === deal)).toEqual([]);
      expect([...h.tables.get('deals_to_companies')!.values()].some((r) => r.from_id === deal && r.category === 'NONE')).toBe(true);
    } finally {
      await empty.close();
    }
  });

  it('refreshes changed records on incremental runs, and catches silent changes at the scheduled full re-read', async () => {
    const h = await openHarness(makeConfig(sim.url, sim.token));
    const options = { full_refresh_hours: 1 };
    await runStream(h, 'deals_to_companies', { options });
    const [d1, d2, d3] = sim.control.truth('deals').slice(1, 4).map((r) => r.id);
    const companies = sim.control.truth('companies').map((r) => r.id);
    sim.control.advanceClock(60_000);
    // d1: association added and the deal edited (search finds it); d2: association added silently.
    sim.control.associate('deals', d1!, 'companies', companies[7]!);
    sim.control.update('deals', d1!, { dealname: 'touched' });
    sim.control.associate('deals', d2!, 'companies', companies[8]!);
    // d3: every association removed, then edited.
    for (const c of companies) sim.control.unassociate('deals', d3!, 'companies', c);
    sim.control.update('deals', d3!, { dealname: 'alone' });
    sim.control.advanceClock(1_000);

    const calls = sim.control.stats().byRoute['associations.v4.batchRead'] ?? 0;
    await runStream(h, 'deals_to_companies', { options });
    expect((sim.control.stats().byRoute['associations.v4.batchRead'] ?? 0) - calls).toBe(1); // only changed records
    const now = pairsOf(current(h, 'deals_to_companies'));
    expect(now).toContain(`${d1}>${companies[7]}#341`);
    expect(now).not.toContain(`${d2}>${companies[8]}#341`); // no last-modified bump: not seen yet
    expect(current(h, 'deals_to_companies').filter((r) => r.from_id === d3)).toEqual([]);
    expect([...h.tables.get('deals_to_companies')!.values()].some((r) => r.from_id === d3 && r.category === 'NONE')).toBe(true);

    // The full re-read is due once full_refresh_hours passed (state time is wall-clock).
    const state = h.states.get('deals_to_companies') as { lastFull: number };
    h.states.set('deals_to_companies', { ...state, lastFull: state.lastFull - 3_600_000 });
    await runStream(h, 'deals_to_companies', { options });
    expect(pairsOf(current(h, 'deals_to_companies'))).toEqual(await truthPairs('deals', 'companies'));
  });
  it('follows v4 paging for a record with more than 500 associations', async () => {
    // Its own portal: the shared one's association overlay slows every call after many writes (simulator finding).
    const own = await startSimulator({ port: 0, seed: 6, counts: { contacts: 620, deals: 3 }, rateLimits: false, customProperties: 0 });
    try {
      const deal = own.control.truth('deals')[0]!.id;
      for (const c of own.control.truth('contacts').slice(0, 600)) own.control.associate('deals', deal, 'contacts', c.id);
      const h = await openHarness(makeConfig(own.url, own.token));
      await runStream(h, 'deals_to_contacts');
      const rows = current(h, 'deals_to_contacts').filter((r) => r.from_id === deal);
      expect(new Set(rows.map((r) => r.to_id)).size).toBeGreaterThanOrEqual(600);
      expect((own.control.stats().byRoute['associations.v4.batchRead'] ?? 0)).toBe(2); // second call: the record's next page
    } finally {
      await own.close();
    }
  });
});
