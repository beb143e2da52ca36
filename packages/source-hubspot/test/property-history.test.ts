// Property history: opt-in per object; the first run reads all history, later runs only the
// changes of modified records since the watermark (nothing re-appended).
import { type Simulator, startSimulator } from '@pipe/hubspot-sim';
import { ConfigError } from '@pipe/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeConfig, openHarness, runStream } from './harness.ts';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 41, counts: { contacts: 10, deals: 120 }, rateLimits: false, customProperties: 0 });
});
afterAll(() => sim.close());

describe('property history', () => {
  it('is opt-in: without objects it says what to add', async () => {
    const h = await openHarness(makeConfig(sim.url, sim.token), { selected: { property_history: {} } });
    const err = await runStream(h, 'property_history').catch((e) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.hint).toMatch(/objects: \[deals\]/);
  });

  it('warns about property names no listed object has, and skips an object left with none, before any call', async () => {
    const h = await openHarness(makeConfig(sim.url, sim.token), { selected: { property_history: {} } });
    const listsBefore = sim.control.stats().byRoute['objects.list'] ?? 0;
    // dealname is a deal property; contacts have none of these, and emial is nobody's.
    await runStream(h, 'property_history', { options: { objects: ['contacts', 'deals'], properties: ['dealname', 'emial'] } });
    expect(h.logs.some((l) => /warn: property_history: none of contacts, deals has properties named emial; ignoring them/.test(l))).toBe(true);
    expect(h.logs.some((l) => /warn: property_history: skipping contacts: none of its properties is left to read after `properties` and `exclude_properties`/.test(l))).toBe(true);
    const rows = [...h.tables.get('property_history')!.values()];
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.object_type === 'deals' && r.property === 'dealname')).toBe(true);
    // Only the deals' id walk: 120 deals are two list pages; contacts cost none.
    expect((sim.control.stats().byRoute['objects.list'] ?? 0) - listsBefore).toBe(2);
  });

  it('reads all history once, then only new changes', async () => {
    const h = await openHarness(makeConfig(sim.url, sim.token), { selected: { property_history: {} } });
    const options = { objects: ['deals'], properties: ['dealname', 'amount'] };
    await runStream(h, 'property_history', { options });
    const table = h.tables.get('property_history')!;
    const deals = sim.control.truth('deals');
    const withName = deals.filter((d) => d.properties.dealname != null).length;
    expect([...table.values()].filter((r) => r.property === 'dealname')).toHaveLength(withName);
    expect([...table.values()][0]).toMatchObject({ object_type: 'deals', source_type: 'CRM_UI' });
    expect(sim.control.stats().byRoute['objects.batch.read'] ?? 0).toBeGreaterThanOrEqual(Math.ceil(deals.length / 50));

    sim.control.advanceClock(10 * 60_000);
    const changed = deals[5]!.id;
    sim.control.update('deals', changed, { dealname: 'Second name' });
    sim.control.advanceClock(1_000);
    const key = (r: Record<string, unknown>) => `${r.object_id}/${r.property}/${(r.timestamp as Date).getTime()}`;
    const before = new Set([...table.values()].map(key));
    const { batches } = await runStream(h, 'property_history', { options });
    const fresh = batches.flatMap((b) => b.rows);
    // New rows only for the changed deal; others only re-read inside the lookback (same keys, merged).
    expect(new Set(fresh.filter((r) => !before.has(key(r))).map((r) => r.object_id))).toEqual(new Set([changed]));
    expect(fresh.length).toBeLessThan(10);
    expect(fresh.find((r) => r.object_id === changed && r.property === 'dealname')).toMatchObject({ value: 'Second name' });
    // Old entries of other records were not read again.
    sim.control.advanceClock(10 * 60_000);
    const again = await runStream(h, 'property_history', { options });
    expect(again.batches.flatMap((b) => b.rows).filter((r) => !before.has(key(r)) && r.object_id !== changed)).toHaveLength(0);
  });
});
