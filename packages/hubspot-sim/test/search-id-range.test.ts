// Search by hs_object_id ranges (what a parallel full sync uses): the same answers as filtering
// every record, including OR groups, odd bounds, archived records and records search sees late.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../src/index.ts';
import { call, small } from './helpers.ts';

let sim: Simulator;
let ids: number[];
let withEmail: Set<number>;
beforeAll(async () => {
  sim = await small({ counts: { contacts: 3_000 } });
  const truth = sim.control.truth('contacts');
  ids = truth.map((r) => Number(r.id));
  withEmail = new Set(truth.filter((r) => r.properties.email != null && r.properties.email !== '').map((r) => Number(r.id)));
});
afterAll(() => sim.close());

const search = (body: unknown) => call(sim, '/crm/v3/objects/contacts/search', { body });
const f = (operator: string, value?: unknown, highValue?: unknown) => ({ propertyName: 'hs_object_id', operator, value, highValue });

/** Every id of a query, walking it the way the source does (GT cursor, offset 0). */
async function idsOf(filterGroups: unknown[], sorts = [{ propertyName: 'hs_object_id', direction: 'ASCENDING' }]): Promise<number[]> {
  const r = await search({ filterGroups, sorts, properties: ['hs_object_id'], limit: 200, after: undefined });
  expect(r.status).toBe(200);
  const out: number[] = r.body.results.map((x: { id: string }) => Number(x.id));
  let after = r.body.paging?.next?.after;
  while (after) {
    const next = await search({ filterGroups, sorts, properties: ['hs_object_id'], limit: 200, after });
    out.push(...next.body.results.map((x: { id: string }) => Number(x.id)));
    after = next.body.paging?.next?.after;
  }
  expect(out.length).toBe(r.body.total);
  return out;
}

describe('search on hs_object_id ranges', () => {
  it('matches a brute-force filter for GT/GTE/LT/LTE/EQ/BETWEEN, OR groups and odd bounds', async () => {
    const a = ids[100]!;
    const b = ids[900]!;
    const cases: [unknown[], (id: number) => boolean][] = [
      [[{ filters: [f('GT', String(a)), f('LTE', String(b))] }], (id) => id > a && id <= b],
      [[{ filters: [f('GTE', a), f('LT', b)] }], (id) => id >= a && id < b],
      [[{ filters: [f('GT', `${a}.5`), f('LTE', `${b}.5`)] }], (id) => id > a + 0.5 && id <= b + 0.5],
      [[{ filters: [f('EQ', String(a))] }], (id) => id === a],
      [[{ filters: [f('BETWEEN', String(a), String(a + 10))] }], (id) => id >= a && id <= a + 10],
      [[{ filters: [f('GT', String(b)), f('LTE', String(a))] }], () => false],
      [[{ filters: [f('LTE', String(a))] }, { filters: [f('GT', String(b))] }], (id) => id <= a || id > b],
      [[{ filters: [f('GT', String(a))] }, { filters: [{ propertyName: 'email', operator: 'HAS_PROPERTY' }] }], (id) => id > a || withEmail.has(id)],
      [[{ filters: [f('GT', '0'), f('LTE', '99999999999999')] }], () => true],
    ];
    for (const [groups, keep] of cases) {
      expect(await idsOf(groups), JSON.stringify(groups)).toEqual(ids.filter(keep));
    }
    // Descending on id, limit 1: the highest id.
    const top = await search({ sorts: [{ propertyName: 'hs_object_id', direction: 'DESCENDING' }], limit: 1 });
    expect(Number(top.body.results[0].id)).toBe(Math.max(...ids));
    expect(top.body.total).toBe(ids.length);
  });

  it('leaves out archived records and shows late ones late, inside a range too', async () => {
    const lo = ids[1_000]!;
    const hi = ids[1_200]!;
    const range = [{ filters: [f('GT', String(lo)), f('LTE', String(hi))] }];
    sim.control.archive('contacts', String(ids[1_050]));
    sim.control.setSearchLag(60_000);
    sim.control.update('contacts', String(ids[1_060]), { firstname: 'Late' });
    const created = Number(sim.control.create('contacts', { email: 'new@example.com' }));
    sim.control.setSearchLag(0);
    const now = await idsOf(range);
    expect(now).not.toContain(ids[1_050]);
    expect(now).toContain(ids[1_060]); // existed before: still found (its old version)
    const stale = await search({ filterGroups: [{ filters: [f('EQ', String(ids[1_060]))] }], properties: ['firstname'], limit: 1 });
    expect(stale.body.results[0].properties.firstname).not.toBe('Late');
    expect(await idsOf([{ filters: [f('GT', String(created - 1))] }])).toEqual([]);
    sim.control.advanceClock(61_000);
    expect(await idsOf([{ filters: [f('GT', String(created - 1))] }])).toEqual([created]);
  });
});
