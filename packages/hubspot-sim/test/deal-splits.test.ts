// Deal splits over HTTP (API-FACTS-2 §6): batch read by deal id at every path spelling, splits that
// sum to 1.0 with the deal's owner among them, the batch limit, unknown deals (207), accounts
// without Sales Hub Enterprise, and generated portals whose truth says which serve them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SimOptions, type Simulator, describePortal, generatePortal, portalTruth, startSimulator } from '../src/index.ts';
import { call, listAll, small } from './helpers.ts';

let sim: Simulator;
beforeAll(async () => {
  sim = await small();
});
afterAll(() => sim.close());

const READ = '/crm/v3/objects/deals/splits/batch/read';
const body = (ids: string[]) => ({ inputs: ids.map((id) => ({ id })) });

describe('deal splits batch read', () => {
  it('answers every deal, splits summing to 1.0 with the deal owner among them, some deals without', async () => {
    const deals = await listAll(sim, '/crm/v3/objects/deals?limit=100&properties=hubspot_owner_id');
    expect(deals).toHaveLength(60);
    const res = await call(sim, READ, { body: body(deals.map((d) => d.id)) });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('COMPLETE');
    expect(res.body.results.map((r: { id: string }) => r.id)).toEqual(deals.map((d) => d.id));
    const withSplits = res.body.results.filter((r: { splits: unknown[] }) => r.splits.length > 0);
    expect(withSplits.length).toBeGreaterThan(5);
    expect(withSplits.length).toBeLessThan(55);
    const ownerOf = new Map(deals.map((d) => [d.id, d.properties.hubspot_owner_id]));
    for (const r of withSplits) {
      const cents = r.splits.map((s: any) => Math.round(Number(s.properties.hs_deal_split_percentage) * 100));
      expect(cents.reduce((a: number, b: number) => a + b, 0), r.id).toBe(100);
      expect(cents.every((c: number) => c >= 10)).toBe(true);
      const owners = r.splits.map((s: any) => s.properties.hubspot_owner_id);
      expect(new Set(owners).size).toBe(owners.length);
      const active = new Set(sim.control.dealSplits.ownerIds());
      if (active.has(ownerOf.get(r.id))) expect(owners).toContain(ownerOf.get(r.id));
      for (const s of r.splits) {
        expect(s.id).toMatch(/^\d+$/);
        expect(Date.parse(s.createdAt)).toBeLessThanOrEqual(Date.parse(s.updatedAt));
        expect(s.archived).toBe(false);
      }
    }
    // The truth is what the API serves.
    const served = res.body.results.flatMap((r: any) => r.splits.map((s: any) => `${r.id}|${s.id}|${s.properties.hubspot_owner_id}|${s.properties.hs_deal_split_percentage}`));
    expect(served.sort()).toEqual(sim.control.dealSplits.truth().map((t) => `${t.dealId}|${t.id}|${t.ownerId}|${t.percentage}`).sort());
  });

  it('is served at /crm/objects/v3/… (the spec) and /deal-splits/2026-03/… too, with the same answer', async () => {
    const ids = (await listAll(sim, '/crm/v3/objects/deals?limit=5')).slice(0, 5).map((d) => d.id);
    const a = await call(sim, READ, { body: body(ids) });
    for (const path of ['/crm/objects/v3/deals/splits/batch/read', '/deal-splits/2026-03/batch/read']) {
      const b = await call(sim, path, { body: body(ids) });
      expect(b.status, path).toBe(200);
      expect(b.body.results).toEqual(a.body.results);
    }
  });

  it('refuses more than 100 inputs and a body without inputs; unknown deals come back as a 207 error', async () => {
    const many = Array.from({ length: 101 }, (_, i) => String(i + 1));
    const over = await call(sim, READ, { body: body(many) });
    expect(over.status).toBe(400);
    expect(over.body.message).toMatch(/limit is 100/);
    expect((await call(sim, READ, { body: {} })).status).toBe(400);
    const id = (await listAll(sim, '/crm/v3/objects/deals?limit=1'))[0].id;
    const partial = await call(sim, READ, { body: body([id, '999999999999']) });
    expect(partial.status).toBe(207);
    expect(partial.body.results.map((r: { id: string }) => r.id)).toEqual([id]);
    expect(partial.body.errors[0].category).toBe('OBJECT_NOT_FOUND');
    expect(partial.body.errors[0].context.ids).toEqual(['999999999999']);
  });

  it('follows the control plane: replaced and removed splits, new deals', async () => {
    const [d1, d2] = (await listAll(sim, '/crm/v3/objects/deals?limit=2')).map((d) => d.id);
    const [o1, o2] = sim.control.dealSplits.ownerIds();
    const ids = sim.control.dealSplits.replace(d1, [
      { ownerId: o1!, percentage: 0.25 },
      { ownerId: o2!, percentage: 0.75 },
    ]);
    sim.control.dealSplits.replace(d2, []);
    expect(() => sim.control.dealSplits.replace(d1, [{ ownerId: o1!, percentage: 0.5 }])).toThrow(/sum to 0.5/);
    const created = sim.control.create('deals', { dealname: 'Split me' });
    const res = await call(sim, READ, { body: body([d1, d2, created]) });
    expect(res.body.results[0].splits.map((s: any) => [s.id, s.properties.hs_deal_split_percentage])).toEqual([
      [ids[0], '0.25'],
      [ids[1], '0.75'],
    ]);
    expect(res.body.results[1].splits).toEqual([]);
    expect(res.body.results[2].id).toBe(created);
  });

  it('needs crm.dealsplits.read_write', async () => {
    const other = await small({ tokens: { 'pat-na1-fake-deals-only': { scopes: ['crm.objects.deals.read'] } } });
    try {
      const res = await call(other, READ, { body: body(['1']), token: 'pat-na1-fake-deals-only' });
      expect(res.status).toBe(403);
      expect(res.body.category).toBe('MISSING_SCOPES');
    } finally {
      await other.close();
    }
  });

  it.each([
    ['missing_scopes', 403, 'MISSING_SCOPES'],
    [403, 403, 'FORBIDDEN'],
    [404, 404, 'OBJECT_NOT_FOUND'],
  ] as const)('an account without Sales Hub Enterprise (%s) answers %i %s', async (lacks, status, category) => {
    const other = await small({ accountLacks: { dealSplits: lacks } });
    try {
      const res = await call(other, '/crm/objects/v3/deals/splits/batch/read', { body: body(['1']) });
      expect(res.status).toBe(status);
      expect(res.body.category).toBe(category);
      if (lacks === 'missing_scopes') expect(res.body.errors[0].context.requiredGranularScopes).toEqual(['crm.dealsplits.read_write']);
    } finally {
      await other.close();
    }
  });

  it("omits deals without splits when configured so (HubSpot's answer is UNCONFIRMED), and takes another batch limit", async () => {
    const other = await small({ dealSplits: { withoutSplits: 'omit', batchMax: 10 } });
    try {
      const ids = (await listAll(other, '/crm/v3/objects/deals?limit=100')).slice(0, 10).map((d) => d.id);
      const res = await call(other, READ, { body: body(ids) });
      expect(res.status).toBe(200);
      expect(res.body.results.length).toBeLessThan(10);
      expect(res.body.results.every((r: any) => r.splits.length > 0)).toBe(true);
      expect((await call(other, READ, { body: body([...ids, '1']) })).status).toBe(400);
    } finally {
      await other.close();
    }
  });
});

describe('generated portals', () => {
  it('vary deal splits, and on 25 of them the endpoint answers as the truth says', async () => {
    const ports = Array.from({ length: 200 }, (_, i) => generatePortal(i + 1));
    expect(new Set(ports.map((o) => o.accountLacks?.dealSplits)).size).toBe(4);
    const avail = ports.map((o) => portalTruth(o).streams.deal_splits!.available);
    expect(avail.filter(Boolean).length).toBeGreaterThan(60);
    expect(avail.filter((a) => !a).length).toBeGreaterThan(40);
    for (let seed = 1; seed <= 25; seed++) {
      const opts: SimOptions = { ...generatePortal(seed), counts: { contacts: 3, deals: 3 }, rateLimits: false, latencyMs: 0 };
      const t = portalTruth(opts).streams.deal_splits!;
      const other = await startSimulator({ port: 0, ...opts });
      try {
        const deals = await call(other, '/crm/v3/objects/deals?limit=1');
        const res = deals.status === 200 ? await call(other, READ, { body: body([deals.body.results[0].id]) }) : deals;
        expect(res.status, `seed ${seed}: ${res.text.slice(0, 200)}\n${describePortal(opts)}`).toBe(t.available ? 200 : t.status);
        if (!t.available && t.reason.includes('MISSING_SCOPES')) expect(res.body.category).toBe('MISSING_SCOPES');
      } finally {
        await other.close();
      }
    }
  });
});
