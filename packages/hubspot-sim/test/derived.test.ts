// Derived properties change without a write (API-FACTS-2 §8): `recompute` changes the value that
// list, read, batch read and search return, and leaves last-modified, updatedAt and search order alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../src/index.ts';
import { call, small } from './helpers.ts';

let sim: Simulator;
beforeAll(async () => {
  sim = await small({ calculatedProperties: 5, searchLagMs: 0 });
});
afterAll(() => sim.close());

describe('recompute (derived values without a last-modified bump)', () => {
  it('changes a rollup everywhere it is read; lastmodifieddate and updatedAt stay', async () => {
    const id = sim.control.truth('contacts')[3]!.id;
    const props = 'derived_rollup_1,lastmodifieddate';
    const before = await call(sim, `/crm/v3/objects/contacts/${id}?properties=${props}`);
    sim.control.advanceClock(60_000);
    sim.control.recompute('contacts', id, { derived_rollup_1: '2030-01-02T03:04:05.000Z' });
    const one = await call(sim, `/crm/v3/objects/contacts/${id}?properties=${props}`);
    expect(one.body.properties.derived_rollup_1).toBe('2030-01-02T03:04:05.000Z');
    expect(one.body.properties.lastmodifieddate).toBe(before.body.properties.lastmodifieddate);
    expect(one.body.updatedAt).toBe(before.body.updatedAt);
    const batch = await call(sim, '/crm/v3/objects/contacts/batch/read', { body: { inputs: [{ id }], properties: ['derived_rollup_1'] } });
    expect(batch.body.results[0].properties.derived_rollup_1).toBe('2030-01-02T03:04:05.000Z');
    // Search from the old last-modified on does not see it as changed.
    const since = Date.parse(before.body.properties.lastmodifieddate) + 1;
    const found = await call(sim, '/crm/v3/objects/contacts/search', {
      body: { filterGroups: [{ filters: [{ propertyName: 'lastmodifieddate', operator: 'GTE', value: String(since) }] }], properties: ['derived_rollup_1'], limit: 200 },
    });
    expect(found.body.results.map((r: { id: string }) => r.id)).not.toContain(id);
    expect(sim.control.truth('contacts').find((r) => r.id === id)!.properties.derived_rollup_1).toBe('2030-01-02T03:04:05.000Z');
  });

  it('refuses properties that are not derived, and unknown ones, over HTTP too', async () => {
    const id = sim.control.truth('contacts')[4]!.id;
    expect(() => sim.control.recompute('contacts', id, { firstname: 'X' })).toThrow(/not derived/);
    const r = await fetch(`${sim.url}/_sim/control/recompute`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ args: ['contacts', id, { nope: '1' }] }) });
    expect(r.status).toBe(400);
    expect(((await r.json()) as { message: string }).message).toContain('no property "nope"');
    const ok = await fetch(`${sim.url}/_sim/control/recompute`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ args: ['contacts', id, { derived_score_1: '99' }] }) });
    expect(ok.status).toBe(200);
    expect(sim.control.truth('contacts').find((r) => r.id === id)!.properties.derived_score_1).toBe('99');
  });
});
