import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../src/index.ts';
import { call, listAll, small } from './helpers.ts';

let sim: Simulator;
beforeAll(async () => {
  sim = await small();
});
afterAll(() => sim.close());

const TYPES = ['contacts', 'companies', 'deals', 'tickets', 'products', 'line_items', 'quotes', 'calls', 'emails', 'meetings', 'notes', 'tasks', 'cars'];

describe('every object type', () => {
  it.each(TYPES)('%s: list, read, search, batch read, create, update and archive work; the last-modified property is right', async (type) => {
    const lastModified = type === 'contacts' ? 'lastmodifieddate' : 'hs_lastmodifieddate';
    const props = (await call(sim, `/crm/v3/properties/${type}`)).body.results as any[];
    expect(props.map((p) => p.name)).toContain(lastModified);
    expect(props.map((p) => p.name)).not.toContain(type === 'contacts' ? 'hs_lastmodifieddate' : 'lastmodifieddate');
    const list = await call(sim, `/crm/v3/objects/${type}?limit=5`);
    expect(list.status).toBe(200);
    const first = list.body.results[0];
    expect(first.properties[lastModified]).toBe(first.updatedAt);
    expect((await call(sim, `/crm/v3/objects/${type}/${first.id}`)).body.id).toBe(first.id);
    const found = await call(sim, `/crm/v3/objects/${type}/search`, { body: { filterGroups: [{ filters: [{ propertyName: 'hs_object_id', operator: 'EQ', value: first.id }] }] } });
    expect(found.body.total).toBe(1);
    const batch = await call(sim, `/crm/v3/objects/${type}/batch/read`, { body: { inputs: [{ id: first.id }], properties: [lastModified] } });
    expect(batch.body.results[0].id).toBe(first.id);
    const created = await call(sim, `/crm/v3/objects/${type}`, { body: { properties: { custom_text_1: `new ${type} ✨` } } });
    expect(created.status).toBe(201);
    const updated = await call(sim, `/crm/v3/objects/${type}/${created.body.id}`, { method: 'PATCH', body: { properties: { custom_bool_1: 'true' } } });
    expect(updated.body.properties.custom_bool_1).toBe('true');
    expect((await call(sim, `/crm/v3/objects/${type}/${created.body.id}`, { method: 'DELETE' })).status).toBe(204);
  });
});

describe('realistic data', () => {
  it('holds unicode, emoji, long text, HTML, nulls and junk numbers', async () => {
    const names = ['firstname', 'lastname', 'company', 'custom_notes_1', 'custom_number_1', 'custom_text_1', 'phone'];
    const rows = await listAll(sim, `/crm/v3/objects/contacts?limit=100&properties=${names.join(',')}`);
    const values = rows.flatMap((r) => Object.values(r.properties)) as (string | null)[];
    expect(values.some((v) => v === null)).toBe(true);
    expect(values.some((v) => v !== null && /[^ -~\s]/.test(v))).toBe(true);
    expect(values.some((v) => v !== null && /\p{Extended_Pictographic}/u.test(v))).toBe(true);
    expect(values.some((v) => v !== null && v.length > 1000)).toBe(true);
    expect(rows.some((r) => r.properties.custom_number_1 !== null && !Number.isFinite(Number(r.properties.custom_number_1)))).toBe(true);
    const notes = await call(sim, '/crm/v3/objects/notes?limit=1&properties=hs_note_body');
    expect(notes.body.results[0].properties.hs_note_body).toMatch(/^<p>/);
  });
});
