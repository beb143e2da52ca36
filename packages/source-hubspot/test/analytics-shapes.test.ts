// Analytics reports in both shapes a HubSpot-compatible server may answer (API-FACTS §8,
// UNCONFIRMED): keyed by period start, or the documented `{offset, total, totals, breakdowns}`
// summary of the whole range. pipe must read the same rows from either.
import { type Simulator, startSimulator } from '@pipe/hubspot-sim';
import type { Row } from '@pipe/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeConfig, openHarness, runStream } from './harness.ts';
import { type SimProxy, startProxy } from './proxy.ts';

const portal = (analyticsShape: 'by-date' | 'totals') => startSimulator({ port: 0, seed: 41, counts: { contacts: 1 }, rateLimits: false, customProperties: 0, behaviour: { analyticsShape } });
let byDate: Simulator;
let totals: Simulator;
beforeAll(async () => {
  [byDate, totals] = await Promise.all([portal('by-date'), portal('totals')]);
});
afterAll(async () => {
  await Promise.all([byDate.close(), totals.close()]);
});

const BREAKDOWNS = ['totals', 'sources', 'geolocation'];
const get = async (sim: Simulator, path: string) => (await (await fetch(`${sim.url}${path}`, { headers: { authorization: `Bearer ${sim.token}` } })).json()) as Record<string, unknown>;

async function read(sim: Simulator, options: Record<string, unknown>, runs: Record<string, unknown>[] = [{}]) {
  const h = await openHarness(makeConfig(sim.url, sim.token, { tier: 'unlimited' }));
  sim.control.resetStats();
  for (const more of runs) await runStream(h, 'analytics', { options: { breakdowns: BREAKDOWNS, ...options, ...more } });
  const rows = [...h.tables.get('analytics')!.values()].sort((a, b) => key(a).localeCompare(key(b)));
  return { rows, state: h.states.get('analytics'), calls: sim.control.stats().byRoute['analytics.report'] ?? 0 };
}
const key = (r: Row) => [r.breakdown_type, r.period, r.period_start, r.breakdown].join('|');

describe('analytics in both answer shapes', () => {
  it('the simulator answers a multi-day daily request with one summary in the totals shape', async () => {
    const summary = await get(totals, '/analytics/v2/reports/sources/daily?start=20260501&end=20260503');
    expect(summary).toMatchObject({ offset: 0, total: 8, totals: { visits: expect.any(Number) } });
    expect(summary.breakdowns).toHaveLength(5); // paged: the rest comes with offset=5
    expect(Object.keys(await get(byDate, '/analytics/v2/reports/sources/daily?start=20260501&end=20260503'))).toEqual(['2026-05-01', '2026-05-02', '2026-05-03']);
  });

  it('daily: the same rows from both shapes, each as the by-date report has it', async () => {
    const options = { period: 'daily', start_date: '2026-05-01', end_date: '2026-05-10' };
    const [a, b] = [await read(byDate, options), await read(totals, options)];
    // The truth: what the by-date report says for each day.
    const truth: Row[] = [];
    for (const breakdown of BREAKDOWNS) {
      const report = await get(byDate, `/analytics/v2/reports/${breakdown}/daily?start=20260501&end=20260510`);
      for (const [day, entries] of Object.entries(report as Record<string, Record<string, unknown>[]>)) {
        for (const { breakdown: value, ...metrics } of entries) truth.push({ breakdown_type: breakdown, period: 'daily', period_start: day, breakdown: value as string, metrics });
      }
    }
    expect(truth).toHaveLength(10 * (1 + 8 + 6));
    const pick = (r: Row) => ({ breakdown_type: r.breakdown_type, period: r.period, period_start: r.period_start, breakdown: r.breakdown, metrics: r.metrics });
    expect(a.rows.map(pick)).toEqual([...truth].sort((x, y) => key(x).localeCompare(key(y))));
    expect(b.rows).toEqual(a.rows);
    expect(b.state).toEqual(a.state);
    // One call per breakdown; the summary shape: its first multi-day answer, then one per day and page.
    expect(a.calls).toBe(3);
    expect(b.calls).toBe(1 + 10 * (1 + 2 + 2));
  });

  it('weekly and monthly: the same rows from both shapes', async () => {
    for (const options of [
      { period: 'weekly', start_date: '2026-04-01', end_date: '2026-04-30' },
      { period: 'monthly', start_date: '2026-01-15', end_date: '2026-04-02' },
    ]) {
      const [a, b] = [await read(byDate, options), await read(totals, options)];
      expect(new Set(a.rows.map((r) => r.period_start)).size, options.period).toBe(options.period === 'weekly' ? 5 : 4);
      expect(b.rows, options.period).toEqual(a.rows);
    }
  });

  it('incremental: the next run starts at the latest period, the same in both shapes, one call per breakdown for one day', async () => {
    const runs = [{ end_date: '2026-05-05' }, { end_date: '2026-05-07' }, { end_date: '2026-05-07' }];
    const [a, b] = [await read(byDate, { start_date: '2026-05-01' }, runs), await read(totals, { start_date: '2026-05-01' }, runs)];
    expect(b.rows).toEqual(a.rows);
    expect(b.state).toEqual({ v: 1, next: { totals: '2026-05-07', sources: '2026-05-07', geolocation: '2026-05-07' } });
    expect(b.state).toEqual(a.state);
    const last = await read(totals, { start_date: '2026-05-07', end_date: '2026-05-07' });
    expect(last.calls).toBe(1 + 2 + 2); // a one-day range is read from its first answer (sources and geolocation page once)
  });
});

describe('summaries that do not add up', () => {
  let proxy: SimProxy;
  beforeAll(async () => {
    proxy = await startProxy(totals.url);
  });
  afterAll(() => proxy.close());

  it('fails the stream, naming the report, when the pages hold fewer breakdowns than `total` (an empty page, or the first one again)', async () => {
    let first = '';
    for (const later of [() => JSON.stringify({ ...JSON.parse(first), breakdowns: [] }), () => first]) {
      proxy.rules.rewrite = (_m, url, status, body) => {
        if (status !== 200) return undefined;
        if (!/offset=/.test(url)) first = body;
        return /offset=/.test(url) ? later() : undefined;
      };
      const h = await openHarness(makeConfig(proxy.url, totals.token, { tier: 'unlimited' }));
      const err = await runStream(h, 'analytics', { options: { breakdowns: ['sources'], start_date: '2026-05-01', end_date: '2026-05-01' } }).catch((e) => e);
      expect(err.message).toBe("analytics: HubSpot's sources report says it has 8 breakdowns, but asked page by page (by offset) it gave 5 different ones, so the report cannot be read whole");
      expect(h.tables.get('analytics')?.size ?? 0).toBe(0);
    }
  });

  it('retries, then rejects, a summary whose breakdowns are not a list of objects', async () => {
    proxy.rules.rewrite = (_m, _url, status, body) => (status === 200 ? JSON.stringify({ ...JSON.parse(body), breakdowns: 'none' }) : undefined);
    const h = await openHarness(makeConfig(proxy.url, totals.token, { tier: 'unlimited', retry_base_ms: 5 }));
    const err = await runStream(h, 'analytics', { options: { breakdowns: ['sources'], start_date: '2026-05-01', end_date: '2026-05-01' } }).catch((e) => e);
    expect(err.message).toMatch(/GET \/analytics\/v2\/reports\/sources\/daily has "breakdowns" that is not a list of objects; nothing from it was used$/);
  });
});
