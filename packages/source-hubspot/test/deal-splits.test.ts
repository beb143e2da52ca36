// Deal splits against the simulator's truth: every split of every deal (more deals than one batch
// read), again after splits change and a deal is added, the calls a run makes and `pipe plan`
// says, a malformed page, the dated base path, and accounts without Sales Hub Enterprise
// (the stream fails alone when named, is skipped in the default selection or with skip_unavailable).
import { MalformedPageError } from '@pipe/hubspot-api';
import { type Simulator, startSimulator } from '@pipe/hubspot-sim';
import { MissingScopesError, type Row } from '@pipe/sdk';
import { testSource } from '@pipe/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openHubSpot } from '../src/index.ts';
import { type Harness, makeConfig, openHarness, runStream } from './harness.ts';
import { type SimProxy, startProxy } from './proxy.ts';

const DEALS = 230;
let sim: Simulator;
let proxy: SimProxy;
beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 25, counts: { contacts: 10, deals: DEALS }, rateLimits: false, customProperties: 0 });
  proxy = await startProxy(sim.url);
});
afterAll(async () => {
  await proxy.close();
  await sim.close();
});

const config = (url = sim.url, extra = {}) => makeConfig(url, sim.token, { tier: 'unlimited', ...extra });
const rows = (h: Harness) => [...(h.tables.get('deal_splits')?.values() ?? [])];
const key = (r: Row) => `${r.deal_id}|${r.id}|${r.owner_id}|${r.percentage}|${(r.created_at as Date).toISOString()}|${(r.updated_at as Date).toISOString()}`;
const truth = (s: Simulator) =>
  s.control.dealSplits
    .truth()
    .map((t) => `${t.dealId}|${t.id}|${t.ownerId}|${Number(t.percentage)}|${t.createdAt}|${t.updatedAt}`)
    .sort();
const calls = (s: Simulator, route: string) => s.control.stats().byRoute[route] ?? 0;

describe('deal_splits', () => {
  it('reads every split of every deal, past one batch; after changes and a new deal the next run equals the truth again', async () => {
    const h = await openHarness(config(), { selected: { deal_splits: {} } });
    const schema = h.schemas.find((s) => s.name === 'deal_splits')!;
    expect(schema.primaryKey).toEqual(['deal_id', 'id']);
    expect(schema.syncModes).toEqual(['full']);
    sim.control.resetStats();
    await runStream(h, 'deal_splits', { mode: 'full' });
    const want = truth(sim);
    expect(want.length).toBeGreaterThan(100);
    expect(rows(h).map(key).sort()).toEqual(want);
    // 230 deals: 3 pages of ids, 3 batch reads of at most 100 deals (the simulator refuses more).
    expect(calls(sim, 'deal_splits.read')).toBe(Math.ceil(DEALS / 100));
    expect(calls(sim, 'objects.list')).toBe(Math.ceil(DEALS / 100));
    const one = rows(h)[0]!;
    expect(typeof one.percentage).toBe('number');
    expect((one.properties as Record<string, string>).hs_deal_split_percentage).toBe(String(one.percentage));
    // Per deal the shares sum to 1.
    const sums = new Map<string, number>();
    for (const r of rows(h)) sums.set(r.deal_id as string, (sums.get(r.deal_id as string) ?? 0) + Math.round((r.percentage as number) * 100));
    expect([...sums.values()].every((s) => s === 100)).toBe(true);

    // A deal's splits replaced, another's removed, a new deal (seeded splits or none).
    const dealsWith = [...sums.keys()];
    const [o1, o2, o3] = sim.control.dealSplits.ownerIds();
    sim.control.dealSplits.replace(dealsWith[0]!, [
      { ownerId: o1!, percentage: 0.2 },
      { ownerId: o2!, percentage: 0.3 },
      { ownerId: o3!, percentage: 0.5 },
    ]);
    sim.control.dealSplits.replace(dealsWith[1]!, []);
    const created = sim.control.create('deals', { dealname: 'New split deal' });
    sim.control.dealSplits.replace(created, [
      { ownerId: o2!, percentage: 0.6 },
      { ownerId: o3!, percentage: 0.4 },
    ]);
    const first = rows(h)[0]!.read_at as Date;
    sim.control.advanceClock(60_000);
    // The sink's replace mode (full each run): the table is what this run read.
    const again = await openHarness(config(), { selected: { deal_splits: {} }, now: () => sim.control.now().getTime() });
    await runStream(again, 'deal_splits', { mode: 'full' });
    expect(rows(again).map(key).sort()).toEqual(truth(sim));
    expect(rows(again).filter((r) => r.deal_id === dealsWith[1])).toEqual([]);
    expect(rows(again).filter((r) => r.deal_id === created)).toHaveLength(2);
    // Merged into the first run's table instead, the removed splits stay with the older read_at.
    await runStream(h, 'deal_splits', { mode: 'full' });
    const latest = Math.max(...rows(h).map((r) => (r.read_at as Date).getTime()));
    expect(latest).toBeGreaterThan(first.getTime());
    expect(rows(h).filter((r) => (r.read_at as Date).getTime() === latest).map(key).sort()).toEqual(truth(sim));
    expect(rows(h).some((r) => r.deal_id === dealsWith[1])).toBe(true);
  });

  it('pipe plan: the deals id walk plus one batch read per 100 deals', async () => {
    const h = await openHarness(config(), { selected: { deal_splits: {} } });
    const schema = h.schemas.find((s) => s.name === 'deal_splits')!;
    const est = await h.conn.estimate!([{ schema, options: {}, mode: 'full', state: undefined }]);
    const n = sim.control.truth('deals').length;
    expect(est.streams.find((s) => s.stream === 'deal_splits')!.calls).toBe(2 * Math.ceil(n / 100));
  });

  it('reads through /deal-splits/{release}/batch/read with a dated base path', async () => {
    const dated = await startSimulator({ port: 0, seed: 4, counts: { deals: 30 }, rateLimits: false, basePath: '/crm/objects/2026-03' });
    try {
      const h = await openHarness(makeConfig(dated.url, dated.token, { base_path: '/crm/objects/2026-03', tier: 'unlimited' }), { selected: { deal_splits: {} } });
      await runStream(h, 'deal_splits', { mode: 'full' });
      expect(rows(h).map(key).sort()).toEqual(truth(dated));
      expect(rows(h).length).toBeGreaterThan(0);
    } finally {
      await dated.close();
    }
  });

  it('retries a malformed 200 and then fails the stream, never a short success', async () => {
    const route = /^POST \/crm\/v3\/objects\/deals\/splits\/batch\/read/;
    const wrongShapes = [JSON.stringify({ status: 'ok' }), JSON.stringify({ results: [{ id: '1', splits: {} }] })];
    for (const wrong of wrongShapes) {
      let left = 1;
      proxy.rules.rewrite = (m, url, status) => (status === 200 && route.test(`${m} ${url}`) && left-- > 0 ? wrong : undefined);
      const retried = await openHarness(config(proxy.url, { retry_base_ms: 5 }), { selected: { deal_splits: {} } });
      await runStream(retried, 'deal_splits', { mode: 'full' });
      expect(rows(retried).map(key).sort()).toEqual(truth(sim));
      expect(retried.ctx.metrics.snapshot().deal_splits?.malformed_pages).toBe(1);

      proxy.rules.rewrite = (m, url, status) => (status === 200 && route.test(`${m} ${url}`) ? wrong : undefined);
      const h = await openHarness(config(proxy.url, { retry_base_ms: 5 }), { selected: { deal_splits: {} } });
      const err = await runStream(h, 'deal_splits', { mode: 'full' }).catch((e) => e);
      expect(err).toBeInstanceOf(MalformedPageError);
      expect(err.message).toMatch(/splits\/batch\/read.*nothing from it was used/);
    }
    proxy.rules.rewrite = undefined;
  });
});

describe('an account without deal splits (Sales Hub Enterprise)', () => {
  it.each(['missing_scopes', 403, 404] as const)('answering %s: a named stream fails alone saying so; the default selection and skip_unavailable skip it', async (lacks) => {
    const other = await startSimulator({ port: 0, seed: 5, counts: { contacts: 5, deals: 12 }, rateLimits: false, customProperties: 0, accountLacks: { dealSplits: lacks } });
    try {
      const cfg = makeConfig(other.url, other.token, { tier: 'unlimited' });
      const named = await openHarness(cfg, { selected: { deal_splits: {}, deals: {} } });
      const err = await runStream(named, 'deal_splits', { mode: 'full' }).catch((e) => e);
      expect(err.message).toMatch(/Sales Hub Enterprise/);
      if (lacks === 'missing_scopes') {
        expect(err).toBeInstanceOf(MissingScopesError);
        expect(err.scopes).toEqual(['crm.dealsplits.read_write']);
      } else {
        expect(err.message).toMatch(new RegExp(`this portal has no deal splits \\(a Sales Hub Enterprise feature\\): HubSpot answered ${lacks} to POST`));
      }
      expect(err.message).not.toContain(other.token);
      // Fails alone: deals still read.
      await runStream(named, 'deals', { mode: 'full' });
      expect(named.tables.get('deals')!.size).toBe(12);

      for (const h of [await openHarness(cfg), await openHarness({ ...cfg, skip_unavailable: true }, { selected: { deal_splits: {} } })]) {
        const { batches } = await runStream(h, 'deal_splits', { mode: 'full' });
        expect(batches.flatMap((b) => b.rows)).toEqual([]);
        expect(h.logs.join('\n')).toMatch(/skipping stream deal_splits.*Sales Hub Enterprise/);
      }

      const check = await named.conn.check!([{ schema: named.schemas.find((s) => s.name === 'deal_splits')!, options: {}, mode: 'full', state: undefined }]);
      const line = check.details.find((d) => d.label === 'stream deal_splits')!;
      expect(line.ok).toBe(false);
      expect(line.value).toMatch(lacks === 'missing_scopes' ? /missing scope: needs crm.dealsplits.read_write/ : /cannot run in this portal/);
    } finally {
      await other.close();
    }
  });

  it('pipe check passes where the account has them', async () => {
    const h = await openHarness(config(), { selected: { deal_splits: {} } });
    const check = await h.conn.check!([{ schema: h.schemas.find((s) => s.name === 'deal_splits')!, options: {}, mode: 'full', state: undefined }]);
    expect(check.details.find((d) => d.label === 'stream deal_splits')).toMatchObject({ ok: true });
    expect(check.details.find((d) => d.label === 'scopes to grant')!.value).toMatch(/crm\.dealsplits\.read_write \[CRM; Sales Hub Enterprise\]/);
  });
});

testSource(
  'hubspot deal_splits',
  {
    async open(ctx) {
      const s = await startSimulator({ port: 0, seed: 31, counts: { contacts: 5, deals: 140 }, rateLimits: false, customProperties: 0 });
      const conn = openHubSpot(makeConfig(s.url, s.token, { tier: 'unlimited' }), ctx);
      return { connection: { ...conn, discover: () => conn.discover({ deal_splits: {} }) }, teardown: () => s.close() };
    },
    streams: [{ name: 'deal_splits' }],
  },
  { resumePoints: 2 },
);
