import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../src/index.ts';
import { call, listAll, small } from './helpers.ts';

let sim: Simulator;
beforeAll(async () => {
  sim = await small();
});
afterAll(() => sim.close());

describe('list and read', () => {
  it("pages with the next record's id as cursor (the default) and omits paging on the last page", async () => {
    const all = await listAll(sim, '/crm/v3/objects/contacts?limit=100');
    expect(all).toHaveLength(300);
    expect(new Set(all.map((r) => r.id)).size).toBe(300);
    const first = await call(sim, '/crm/v3/objects/contacts?limit=100');
    expect(first.body.paging.next.after).toBe(all[100].id);
    expect(first.body.paging.next.link).toContain(`/crm/v3/objects/contacts?after=${all[100].id}`);
    // A cursor a client builds starts at the first record with an id at or above it.
    const seeded = await call(sim, `/crm/v3/objects/contacts?limit=3&after=${Number(all[150].id)}`);
    expect(seeded.body.results.map((r: { id: string }) => r.id)).toEqual(all.slice(150, 153).map((r) => r.id));
    expect((await call(sim, '/crm/v3/objects/contacts?limit=3&after=1')).body.results[0].id).toBe(all[0].id);
    expect((await call(sim, '/crm/v3/objects/contacts?after=abc')).status).toBe(400);
    const empty = await call(sim, '/crm/v3/objects/contacts?archived=true');
    expect(empty.body).toEqual({ results: [] });
  });

  it('spaces ids by idStride: list, read, search by id range and cursors all agree', async () => {
    const sparse = await small({ idStride: 50 });
    try {
      const all = await listAll(sparse, '/crm/v3/objects/contacts?limit=100');
      expect(all).toHaveLength(300);
      const ids = all.map((r) => Number(r.id));
      for (let i = 1; i < ids.length; i++) expect(ids[i]! - ids[i - 1]!).toBe(50);
      expect((await call(sparse, `/crm/v3/objects/contacts/${ids[7]}`)).body.id).toBe(String(ids[7]));
      expect((await call(sparse, `/crm/v3/objects/contacts/${ids[7]! + 1}`)).status).toBe(404);
      // A built cursor between two ids starts at the next one.
      const seeded = await call(sparse, `/crm/v3/objects/contacts?limit=2&after=${ids[10]! + 1}`);
      expect(seeded.body.results.map((r: { id: string }) => Number(r.id))).toEqual([ids[11], ids[12]]);
      const found = await call(sparse, '/crm/v3/objects/contacts/search', {
        method: 'POST',
        body: {
          filterGroups: [{ filters: [{ propertyName: 'hs_object_id', operator: 'GT', value: String(ids[20]! - 1) }, { propertyName: 'hs_object_id', operator: 'LTE', value: String(ids[24]! + 49) }] }],
          sorts: [{ propertyName: 'hs_object_id', direction: 'ASCENDING' }],
          limit: 100,
        },
      });
      expect(found.body.results.map((r: { id: string }) => Number(r.id))).toEqual(ids.slice(20, 25));
    } finally {
      await sparse.close();
    }
  });

  it("pages with opaque cursors when configured, and refuses a cursor the client built", async () => {
    const opaque = await small({ behaviour: { listCursor: 'opaque' } });
    try {
      const all = await listAll(opaque, '/crm/v3/objects/contacts?limit=100');
      expect(all).toHaveLength(300);
      const first = await call(opaque, '/crm/v3/objects/contacts?limit=100');
      expect(first.body.paging.next.after).not.toMatch(/^\d+$/);
      const built = await call(opaque, `/crm/v3/objects/contacts?limit=3&after=${all[150].id}`);
      expect(built.status).toBe(400);
      expect(built.body.message).toContain('pass back paging.next.after unchanged');
    } finally {
      await opaque.close();
    }
  });

  it('lists in a fixed order unrelated to ids when configured, with either cursor kind', async () => {
    for (const listCursor of ['next-id', 'opaque'] as const) {
      const shuffled = await small({ behaviour: { listOrder: 'shuffled', listCursor } });
      try {
        const all = await listAll(shuffled, '/crm/v3/objects/contacts?limit=100');
        const ids = all.map((r) => Number(r.id));
        // Every record once, not in id order, and the same order on the next walk.
        expect(new Set(ids).size).toBe(300);
        expect(ids.filter((id, i) => i > 0 && id < ids[i - 1]!).length).toBeGreaterThan(100);
        expect((await listAll(shuffled, '/crm/v3/objects/contacts?limit=37')).map((r) => Number(r.id))).toEqual(ids);
        const first = await call(shuffled, '/crm/v3/objects/contacts?limit=100');
        if (listCursor === 'next-id') {
          expect(first.body.paging.next.after).toBe(all[100].id);
          // An id this server handed out names its place in the order; any other number does not.
          const seeded = await call(shuffled, `/crm/v3/objects/contacts?limit=3&after=${all[150].id}`);
          expect(seeded.body.results.map((r: { id: string }) => r.id)).toEqual(all.slice(150, 153).map((r) => r.id));
          expect((await call(shuffled, `/crm/v3/objects/contacts?limit=3&after=${Math.max(...ids) + 1}`)).status).toBe(400);
        } else {
          expect(first.body.paging.next.after).not.toMatch(/^\d+$/);
        }
      } finally {
        await shuffled.close();
      }
    }
  });

  it('returns default properties when none are requested, contacts with lastmodifieddate', async () => {
    const r = await call(sim, '/crm/v3/objects/contacts?limit=1');
    expect(Object.keys(r.body.results[0].properties).sort()).toEqual(['createdate', 'email', 'firstname', 'hs_object_id', 'lastmodifieddate', 'lastname']);
    const d = await call(sim, '/crm/v3/objects/deals?limit=1');
    expect(Object.keys(d.body.results[0].properties).sort()).toEqual(
      ['amount', 'closedate', 'createdate', 'dealname', 'dealstage', 'hs_lastmodifieddate', 'hs_object_id', 'pipeline'].sort(),
    );
  });

  it('silently drops unknown requested properties and accepts both list forms', async () => {
    const a = await call(sim, '/crm/v3/objects/contacts?limit=2&properties=email,nope,phone');
    const b = await call(sim, '/crm/v3/objects/contacts?limit=2&properties=email&properties=nope&properties=phone');
    expect(a.body.results).toEqual(b.body.results);
    // HubSpot adds the system properties to whatever was requested.
    expect(Object.keys(a.body.results[0].properties).sort()).toEqual(['createdate', 'email', 'hs_object_id', 'lastmodifieddate', 'phone']);
    const bare = await small({ behaviour: { alwaysIncludeSystemProps: false } });
    try {
      const r = await call(bare, '/crm/v3/objects/contacts?limit=1&properties=email,nope,phone');
      expect(Object.keys(r.body.results[0].properties).sort()).toEqual(['email', 'phone']);
    } finally {
      await bare.close();
    }
  });

  it('every value is a string or null and matches the type the properties API declares', async () => {
    const props = (await call(sim, '/crm/v3/properties/companies')).body.results as any[];
    const names = props.map((p) => p.name);
    const rows = await listAll(sim, `/crm/v3/objects/companies?limit=100&properties=${names.join(',')}`);
    const seen = new Set<string>();
    for (const row of rows) {
      for (const p of props) {
        const v = row.properties[p.name];
        expect(v === null || typeof v === 'string').toBe(true);
        if (v === null) continue;
        seen.add(p.type);
        if (p.type === 'bool') expect(['true', 'false']).toContain(v);
        if (p.type === 'datetime') expect(v).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
        if (p.type === 'date') expect(v).toMatch(/^(\d{4}-\d{2}-\d{2}|\d+)$/);
        if (p.type === 'enumeration' && !p.externalOptions && p.options.length > 0) {
          const allowed = new Set(p.options.map((o: any) => o.value));
          for (const part of v.split(';')) expect(allowed.has(part)).toBe(true);
        }
        if (p.type === 'number' && !p.name.startsWith('custom_')) expect(Number.isFinite(Number(v))).toBe(true);
      }
    }
    expect([...seen].sort()).toEqual(['bool', 'date', 'datetime', 'enumeration', 'number', 'phone_number', 'string']);
    const dates = rows.map((r) => r.properties.custom_date_1).filter(Boolean);
    expect(dates.some((d: string) => /^\d{4}-/.test(d))).toBe(true);
    expect(dates.some((d: string) => /^\d{13}$/.test(d))).toBe(true);
    expect(rows.some((r) => r.properties.custom_multi_1?.includes(';'))).toBe(true);
  });

  it('is deterministic from the seed', async () => {
    const a = await call(sim, '/crm/v3/objects/contacts/100000042?properties=email,custom_text_1,custom_number_1');
    const b = await call(sim, '/crm/v3/objects/contacts/100000042?properties=email,custom_text_1,custom_number_1');
    expect(a.body).toEqual(b.body);
    expect(a.body.id).toBe('100000042');
  });

  it('reads one record, by id or by idProperty=email, and 404s with a HubSpot body', async () => {
    const one = await call(sim, '/crm/v3/objects/contacts/100000010?properties=email');
    expect(one.status).toBe(200);
    const byEmail = await call(sim, `/crm/v3/objects/contacts/${encodeURIComponent(one.body.properties.email)}?idProperty=email`);
    expect(byEmail.body.id).toBe('100000010');
    const missing = await call(sim, '/crm/v3/objects/contacts/999');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ status: 'error', category: 'OBJECT_NOT_FOUND' });
    expect(missing.body.correlationId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('accepts objectTypeIds, singular names and custom objects by name, id or fully qualified name', async () => {
    const a = await call(sim, '/crm/v3/objects/0-1?limit=1');
    expect(a.body.results[0].id).toBe('100000001');
    const schemasProps = await call(sim, '/crm/v3/properties/cars');
    expect(schemasProps.status).toBe(200);
    const byName = await call(sim, '/crm/v3/objects/cars?limit=3');
    expect(byName.body.results).toHaveLength(3);
    const withHs = Object.keys(byName.body.results[0].properties);
    expect(withHs).toContain('hs_lastmodifieddate');
  });

  it('caps list limit at 100 (400 above) and history pages at 50', async () => {
    expect((await call(sim, '/crm/v3/objects/contacts?limit=101')).status).toBe(400);
    const h = await call(sim, '/crm/v3/objects/contacts?limit=50&propertiesWithHistory=email');
    expect(h.body.results).toHaveLength(50);
    expect(h.body.results[0].propertiesWithHistory.email[0]).toHaveProperty('timestamp');
  });
});

describe('auth', () => {
  it('401 without or with an unknown token, with HubSpot body and headers', async () => {
    for (const token of [null, 'pat-na1-fake-unknown-1111-111111111111']) {
      const r = await call(sim, '/crm/v3/objects/contacts', { token });
      expect(r.status).toBe(401);
      expect(r.body.category).toBe('INVALID_AUTHENTICATION');
      expect(r.headers.get('x-hubspot-auth-failure')).toBe('401 Unauthorized');
    }
  });
});
