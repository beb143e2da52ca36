import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../src/index.ts';
import { call, small } from './helpers.ts';

let sim: Simulator;
beforeAll(async () => {
  sim = await small({ counts: { contacts: 12_000, companies: 40 } });
});
afterAll(() => sim.close());

const search = (body: unknown, type = 'contacts') => call(sim, `/crm/v3/objects/${type}/search`, { body });

describe('search', () => {
  it('returns total, default properties, numeric-offset paging and no rate-limit headers', async () => {
    const r = await search({ limit: 200 });
    expect(r.status).toBe(200);
    expect(r.body.total).toBe(12_000);
    expect(r.body.results).toHaveLength(200);
    expect(r.body.paging.next.after).toBe('200');
    expect(Object.keys(r.body.results[0].properties).sort()).toEqual(['createdate', 'email', 'firstname', 'hs_object_id', 'lastmodifieddate', 'lastname']);
    expect(r.headers.get('x-hubspot-ratelimit-remaining')).toBeNull();
    expect((await search({ limit: 201 })).status).toBe(400);
  });

  it('answers 400 past 10,000 results even though total is larger', async () => {
    const page = await search({ limit: 200, after: '9800' });
    expect(page.status).toBe(200);
    expect(page.body.paging.next.after).toBe('10000');
    const past = await search({ limit: 200, after: '10000' });
    expect(past.status).toBe(400);
    expect(past.body.category).toBe('VALIDATION_ERROR');
  });

  it('filters with GTE/LT on last-modified (ms strings) and sorts ascending with id tie-break', async () => {
    const since = Date.parse('2026-01-01T00:00:00Z');
    const r = await search({
      filterGroups: [{ filters: [{ propertyName: 'lastmodifieddate', operator: 'GTE', value: String(since) }] }],
      sorts: [{ propertyName: 'lastmodifieddate', direction: 'ASCENDING' }],
      properties: ['lastmodifieddate'],
      limit: 100,
    });
    const times = r.body.results.map((x: any) => Date.parse(x.properties.lastmodifieddate));
    expect(times.every((t: number) => t >= since)).toBe(true);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(r.body.total).toBeGreaterThan(100);
  });

  it('ORs groups and ANDs filters; IN, HAS_PROPERTY, CONTAINS_TOKEN and BETWEEN work', async () => {
    const ids = ['100000001', '100000005'];
    const r = await search({ filterGroups: [{ filters: [{ propertyName: 'hs_object_id', operator: 'IN', values: ids }] }] });
    expect(r.body.results.map((x: any) => x.id)).toEqual(ids);
    const between = await search({ filterGroups: [{ filters: [{ propertyName: 'hs_object_id', operator: 'BETWEEN', value: '100000010', highValue: '100000019' }] }] });
    expect(between.body.total).toBe(10);
    const or = await search({
      filterGroups: [{ filters: [{ propertyName: 'hs_object_id', operator: 'EQ', value: '100000003' }] }, { filters: [{ propertyName: 'hs_object_id', operator: 'EQ', value: '100000004' }] }],
    });
    expect(or.body.total).toBe(2);
    const named = await search({ filterGroups: [{ filters: [{ propertyName: 'email', operator: 'CONTAINS_TOKEN', value: '*@example.com' }, { propertyName: 'phone', operator: 'HAS_PROPERTY' }] }], properties: ['email', 'phone'] });
    expect(named.body.total).toBeGreaterThan(0);
    for (const x of named.body.results) {
      expect(x.properties.email.endsWith('@example.com')).toBe(true);
      expect(x.properties.phone).not.toBeNull();
    }
  });

  it('finds more than 10,000 records sharing one last-modified timestamp (ties)', async () => {
    const at = new Date('2026-05-01T00:00:00.000Z');
    sim.control.touchMany('contacts', { count: 10_500, at });
    const r = await search({ filterGroups: [{ filters: [{ propertyName: 'lastmodifieddate', operator: 'EQ', value: String(at.getTime()) }] }], limit: 1 });
    expect(r.body.total).toBe(10_500);
  });

  it('is eventually consistent and never shows archived records', async () => {
    sim.control.setSearchLag(5_000);
    const id = sim.control.create('contacts', { email: 'lag.test@example.org', firstname: 'Lag' });
    const q = { filterGroups: [{ filters: [{ propertyName: 'email', operator: 'EQ', value: 'lag.test@example.org' }] }] };
    expect((await search(q)).body.total).toBe(0);
    sim.control.advanceClock(5_001);
    expect((await search(q)).body.results[0].id).toBe(id);
    sim.control.setSearchLag(0);
    sim.control.archive('contacts', id);
    sim.control.advanceClock(1);
    expect((await search(q)).body.total).toBe(0);
    const archived = await call(sim, `/crm/v3/objects/contacts/${id}?archived=true`);
    expect(archived.body.archived).toBe(true);
  });

  it('rejects too many filter groups', async () => {
    const g = { filters: [{ propertyName: 'email', operator: 'HAS_PROPERTY' }] };
    expect((await search({ filterGroups: [g, g, g, g, g, g] })).status).toBe(400);
  });
});
