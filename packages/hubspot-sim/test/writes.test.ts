import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../src/index.ts';
import { call, listAll, small } from './helpers.ts';

let sim: Simulator;
beforeAll(async () => {
  sim = await small();
});
afterAll(() => sim.close());

const C = '/crm/v3/objects/contacts';

describe('single writes', () => {
  it('creates (201), rejects a duplicate email with 409, unknown properties and bad options with 400', async () => {
    const created = await call(sim, C, { body: { properties: { email: 'new.person@example.org', firstname: 'Nova', lifecyclestage: 'lead' } } });
    expect(created.status).toBe(201);
    expect(created.body.properties.email).toBe('new.person@example.org');
    const dup = await call(sim, C, { body: { properties: { email: 'NEW.person@example.org' } } });
    expect(dup.status).toBe(409);
    expect(dup.body.category).toBe('CONFLICT');
    expect(dup.body.message).toBe(`Contact already exists. Existing ID: ${created.body.id}`);
    const generated = (await call(sim, `${C}/100000002?properties=email`)).body.properties.email;
    expect((await call(sim, C, { body: { properties: { email: generated } } })).status).toBe(409);
    const unknown = await call(sim, C, { body: { properties: { no_such_prop: 'x' } } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toContain('PROPERTY_DOESNT_EXIST');
    const badOption = await call(sim, C, { body: { properties: { lifecyclestage: 'Lead!' } } });
    expect(badOption.status).toBe(400);
    expect(badOption.body.errors[0].code).toBe('INVALID_OPTION');
  });

  it('every write bumps last-modified; association changes do not', async () => {
    const before = (await call(sim, `${C}/100000020?properties=lastmodifieddate,jobtitle`)).body;
    sim.control.associate('contacts', '100000020', 'companies', '200000003');
    const afterAssoc = (await call(sim, `${C}/100000020?properties=lastmodifieddate&associations=companies`)).body;
    expect(afterAssoc.properties.lastmodifieddate).toBe(before.properties.lastmodifieddate);
    expect(afterAssoc.associations.companies.results.map((r: any) => r.id)).toContain('200000003');
    sim.control.advanceClock(1000);
    const patched = await call(sim, `${C}/100000020`, { method: 'PATCH', body: { properties: { jobtitle: 'Chief Tester' } } });
    expect(patched.status).toBe(200);
    expect(Date.parse(patched.body.properties.lastmodifieddate)).toBeGreaterThan(Date.parse(before.properties.lastmodifieddate));
    expect(patched.body.updatedAt).toBe(patched.body.properties.lastmodifieddate);
  });

  it('archived records appear only with archived=true', async () => {
    expect((await call(sim, `${C}/100000030`, { method: 'DELETE' })).status).toBe(204);
    expect((await call(sim, `${C}/100000030`)).status).toBe(404);
    const live = await listAll(sim, `${C}?limit=100`);
    expect(live.some((r) => r.id === '100000030')).toBe(false);
    const archived = await listAll(sim, `${C}?limit=100&archived=true`);
    expect(archived.map((r) => r.id)).toContain('100000030');
    expect(archived.find((r) => r.id === '100000030').archivedAt).toBeTruthy();
  });

  it('merge leaves hs_merged_object_ids on the survivor; GDPR delete vanishes entirely', async () => {
    const m = await call(sim, `${C}/merge`, { body: { primaryObjectId: '100000040', objectIdToMerge: '100000041' } });
    expect(m.status).toBe(200);
    const survivor = await call(sim, `${C}/100000040?properties=hs_merged_object_ids`);
    expect(survivor.body.properties.hs_merged_object_ids).toBe('100000041');
    const live = await listAll(sim, `${C}?limit=100`);
    expect(live.some((r) => r.id === '100000041')).toBe(false);
    expect((await call(sim, `${C}/100000041`)).body.id).toBe('100000040');
    expect((await call(sim, `${C}/gdpr-delete`, { body: { objectId: '100000050' } })).status).toBe(204);
    expect((await call(sim, `${C}/100000050`)).status).toBe(404);
    const archived = await listAll(sim, `${C}?limit=100&archived=true`);
    expect(archived.some((r) => r.id === '100000050')).toBe(false);
    expect(sim.control.truth('contacts').some((r) => r.id === '100000050')).toBe(false);
  });
});

describe('batch', () => {
  it('batch read answers 207 with OBJECT_NOT_FOUND for missing ids', async () => {
    const r = await call(sim, `${C}/batch/read`, { body: { inputs: [{ id: '100000001' }, { id: '1' }], properties: ['email'] } });
    expect(r.status).toBe(207);
    expect(r.body.results).toHaveLength(1);
    expect(r.body.numErrors).toBe(1);
    expect(r.body.errors[0]).toMatchObject({ category: 'OBJECT_NOT_FOUND', context: { ids: ['1'] } });
    const ok = await call(sim, `${C}/batch/read`, { body: { inputs: [{ id: '100000001' }], properties: ['email'] } });
    expect(ok.status).toBe(200);
    expect(ok.body.status).toBe('COMPLETE');
    const tooMany = await call(sim, `${C}/batch/read`, { body: { inputs: Array.from({ length: 101 }, (_, i) => ({ id: String(100000001 + i) })) } });
    expect(tooMany.status).toBe(400);
  });

  it('batch create: 201, or 207 per item with objectWriteTraceId, or 400 for the whole batch without it', async () => {
    const good = await call(sim, `${C}/batch/create`, { body: { inputs: [{ properties: { email: 'b1@example.org' } }, { properties: { email: 'b2@example.org' } }] } });
    expect(good.status).toBe(201);
    expect(good.body.results).toHaveLength(2);
    const whole = await call(sim, `${C}/batch/create`, { body: { inputs: [{ properties: { email: 'b3@example.org' } }, { properties: { nope: '1' } }] } });
    expect(whole.status).toBe(400);
    const partial = await call(sim, `${C}/batch/create`, {
      body: { inputs: [{ properties: { email: 'b3@example.org' }, objectWriteTraceId: 't1' }, { properties: { nope: '1' }, objectWriteTraceId: 't2' }] },
    });
    expect(partial.status).toBe(207);
    expect(partial.body.results[0].objectWriteTraceId).toBe('t1');
    expect(partial.body.errors[0].objectWriteTraceId).toBe('t2');
  });

  it('batch update, upsert by email (new flag) and archive', async () => {
    const upd = await call(sim, `${C}/batch/update`, { body: { inputs: [{ id: '100000060', properties: { firstname: 'Batchy' } }, { id: '5', properties: { firstname: 'x' } }] } });
    expect(upd.status).toBe(207);
    expect(upd.body.results[0].properties.firstname).toBe('Batchy');
    const up = await call(sim, `${C}/batch/upsert`, {
      body: { inputs: [{ id: 'b1@example.org', idProperty: 'email', properties: { firstname: 'Again' } }, { id: 'fresh@example.org', idProperty: 'email', properties: { firstname: 'Fresh' } }] },
    });
    expect(up.status).toBe(200);
    expect(up.body.results.map((r: any) => r.new)).toEqual([false, true]);
    const arch = await call(sim, `${C}/batch/archive`, { body: { inputs: [{ id: '100000061' }] } });
    expect(arch.status).toBe(204);
    expect((await call(sim, `${C}/100000061`)).status).toBe(404);
    // An archived contact's email is free again: upserting it creates a new record.
    const archivedEmail = (await call(sim, `${C}/100000061?archived=true&properties=email`)).body.properties.email;
    const again = await call(sim, `${C}/batch/upsert`, { body: { inputs: [{ id: archivedEmail, idProperty: 'email', properties: { firstname: 'Reborn' } }] } });
    expect(again.body.results[0].new).toBe(true);
    expect(again.body.results[0].id).not.toBe('100000061');
  });
});
