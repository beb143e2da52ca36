import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../src/index.ts';
import { call, small } from './helpers.ts';

const LIMITED = 'pat-na1-fake-test-token';
let sim: Simulator;
beforeAll(async () => {
  sim = await small({ basePath: '/crm/objects/2026-03', tokens: { [LIMITED]: { scopes: ['crm.objects.contacts.read'] } } });
});
afterAll(() => sim.close());

describe('scopes', () => {
  it('403 MISSING_SCOPES with the required scopes, as HubSpot sends it', async () => {
    const ok = await call(sim, '/crm/v3/objects/contacts?limit=1', { token: LIMITED });
    expect(ok.status).toBe(200);
    const r = await call(sim, '/crm/v3/objects/deals?limit=1', { token: LIMITED });
    expect(r.status).toBe(403);
    expect(r.body.category).toBe('MISSING_SCOPES');
    expect(r.body.errors[0].context.requiredGranularScopes).toEqual(['crm.objects.deals.read']);
    expect(r.body.links.scopes).toContain('scopes');
    const write = await call(sim, '/crm/v3/objects/contacts', { token: LIMITED, body: { properties: { firstname: 'x' } } });
    expect(write.status).toBe(403);
  });
});

describe('base path', () => {
  it('serves the date-versioned paths and the v3 paths side by side', async () => {
    const dated = await call(sim, '/crm/objects/2026-03/contacts?limit=2');
    const v3 = await call(sim, '/crm/v3/objects/contacts?limit=2');
    expect(dated.status).toBe(200);
    expect(dated.body.results).toEqual(v3.body.results);
    expect(dated.body.paging.next.link).toContain('/crm/objects/2026-03/contacts?after=');
    const props = await call(sim, '/crm/properties/2026-03/contacts');
    expect(props.status).toBe(200);
  });
});
