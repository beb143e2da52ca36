// Calculated, rollup and score properties stay fresh: HubSpot recomputes them without moving
// last-modified (API-FACTS-2 §8), so an incremental run misses the change; the first run after
// calculated_refresh_hours re-reads the synced records (batch reads of 100) and carries it.
// The clock is injected: no sleeping.
import { type Simulator, startSimulator } from '@pipe/hubspot-sim';
import type { StreamRequest } from '@pipe/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, makeConfig, openHarness, runStream } from './harness.ts';
import { type SimProxy, startProxy } from './proxy.ts';
import { expectMatchesTruth } from './truth.ts';

const HOUR = 3_600_000;
let sim: Simulator;
let proxy: SimProxy;
let now = 0;
beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 41, counts: { contacts: 250, companies: 12 }, rateLimits: false, customProperties: 0, calculatedProperties: 5, searchLagMs: 0 });
  proxy = await startProxy(sim.url);
  now = sim.control.now().getTime();
});
afterAll(async () => {
  await proxy.close();
  await sim.close();
});

const advance = (ms: number) => {
  now += ms;
  sim.control.advanceClock(ms);
};
const metric = (h: Harness, name: string) => h.ctx.metrics.snapshot().contacts?.[name] ?? 0;
const row = (h: Harness, id: string) => h.tables.get('contacts')!.get(id)!;
/** A fresh connection per run, as each `pipe run` opens one; tables and state carry over. */
async function run(prev: Harness | undefined, opts: { options?: Record<string, unknown>; url?: string; stopWhen?: (state: Record<string, unknown>) => boolean } = {}): Promise<Harness> {
  const h = await openHarness(makeConfig(opts.url ?? sim.url, sim.token), { selected: { contacts: opts.options ?? {} }, now: () => now });
  if (prev) {
    h.tables = prev.tables;
    h.states = prev.states;
  }
  if (!opts.stopWhen) {
    await runStream(h, 'contacts', { options: opts.options });
    return h;
  }
  // A crash right after the first commit whose state satisfies `stopWhen`.
  const schema = h.schemas.find((s) => s.name === 'contacts')!;
  const table = h.tables.get('contacts') ?? new Map();
  h.tables.set('contacts', table);
  for await (const b of h.conn.read({ schema, options: opts.options ?? {}, mode: 'incremental', state: h.states.get('contacts') })) {
    for (const r of b.rows) table.set(String(r.id), r);
    if (b.checkpoint === undefined) continue;
    h.states.set('contacts', JSON.parse(JSON.stringify(b.checkpoint)));
    if (opts.stopWhen(b.checkpoint as Record<string, unknown>)) break;
  }
  return h;
}
const truthOf = (id: string) => sim.control.truth('contacts').find((r) => r.id === id)!.properties;
const expectExact = (h: Harness) => expectMatchesTruth(h, 'contacts', sim.control.truth('contacts'), sim.control.truth('contacts', { archived: true }));

describe('calculated-property refresh', () => {
  it('an incremental run misses a recomputed rollup; the run after calculated_refresh_hours carries it', async () => {
    const t0 = now;
    let h = await run(undefined);
    expect(h.states.get('contacts')).toMatchObject({ phase: 'idle', cr: t0 });
    const ids = sim.control.truth('contacts').map((r) => r.id);
    const [a, b] = [ids[5]!, ids[230]!];
    const old = row(h, a).derived_rollup_1;
    sim.control.recompute('contacts', a, { derived_rollup_1: '2031-05-06T07:08:09.000Z', derived_equation_1: '4242.5' });
    sim.control.recompute('contacts', b, { derived_score_1: '77' });

    advance(HOUR);
    h = await run(h);
    // Missed: last-modified did not move, so search does not return the record.
    expect(row(h, a).derived_rollup_1).toEqual(old);
    expect(row(h, a).derived_equation_1).not.toBe(4242.5);
    expect(metric(h, 'calculated_refreshes')).toBe(0);
    expect(metric(h, 'api_calls.batch_read')).toBe(0);

    advance(23 * HOUR);
    h = await run(h);
    expect(row(h, a).derived_rollup_1).toEqual(new Date('2031-05-06T07:08:09.000Z'));
    expect(row(h, a).derived_equation_1).toBe(4242.5);
    expect(row(h, b).derived_score_1).toBe(77);
    expectExact(h);
    // 250 synced ids, 100 per batch read: 3 calls, every record re-read whole.
    expect(metric(h, 'calculated_refreshes')).toBe(1);
    expect(metric(h, 'calculated_refresh_calls')).toBe(3);
    expect(metric(h, 'calculated_refresh_records')).toBe(250);
    expect(metric(h, 'api_calls.batch_read')).toBe(3);
    const state = h.states.get('contacts') as Record<string, unknown>;
    expect(state).toMatchObject({ phase: 'idle', cr: t0 + 24 * HOUR });
    expect(state).not.toHaveProperty('rp');
    // The 5 simulated derived properties and hs_analytics_num_visits (calculated: true).
    expect(h.logs).toContain(`contacts: refreshed 6 calculated/rollup column(s) of 250 records (3 call(s)); next refresh due ${new Date(t0 + 48 * HOUR).toISOString()}`);
    // Whole rows: the columns that are not derived are still there after the merge.
    expect(row(h, a).email).toBe(truthOf(a).email);

    // Not due again until 24 hours after this refresh.
    advance(HOUR);
    h = await run(h);
    expect(metric(h, 'calculated_refreshes')).toBe(0);
  });

  it('pipe plan shows when the refresh is next due and what it costs', async () => {
    let h = await run(undefined);
    const start = now;
    const req = (): StreamRequest => ({ schema: h.schemas.find((s) => s.name === 'contacts')!, options: {}, mode: 'incremental', state: h.states.get('contacts') });
    let est = (await h.conn.estimate!([req()])).streams[0]!;
    expect(est.note).toContain(`next calculated-property refresh due ${new Date(start + 24 * HOUR).toISOString()}: 3 call(s) (batch reads of the synced ids)`);
    const notDue = est.calls;
    advance(24 * HOUR);
    h = await run(h);
    advance(24 * HOUR);
    est = (await h.conn.estimate!([req()])).streams[0]!;
    expect(est.note).toContain('calculated-property refresh due on this run: 3 call(s)');
    // The delete check is due too (3 calls); the refresh adds its 3.
    expect(est.calls).toBe(notDue + 3 + 3);
  });

  it('an interrupted refresh resumes after the last id it wrote', async () => {
    let h = await run(undefined);
    const ids = sim.control.truth('contacts').map((r) => r.id);
    const late = ids.at(-1)!;
    sim.control.recompute('contacts', late, { derived_equation_1: '-1.5' });
    advance(25 * HOUR);
    h = await run(h, { stopWhen: (s) => typeof s.rp === 'string' });
    const cut = h.states.get('contacts') as { rp: string; cr: number };
    expect(cut.rp).toBe(ids[99]); // the first batch of 100 is committed
    expect(row(h, late).derived_equation_1).not.toBe(-1.5);
    h = await run(h);
    expect(metric(h, 'calculated_refresh_calls')).toBe(2); // ids 101–250 only
    expect(row(h, late).derived_equation_1).toBe(-1.5);
    expect(h.states.get('contacts')).not.toHaveProperty('rp');
    expectExact(h);
  });

  it('without an id set (detect_deletes: false) it lists the records instead', async () => {
    const options = { detect_deletes: false };
    let h = await run(undefined, { options });
    const id = sim.control.truth('contacts')[17]!.id;
    sim.control.recompute('contacts', id, { derived_read_time_1: '123456' });
    advance(24 * HOUR);
    h = await run(h, { options });
    expect(row(h, id).derived_read_time_1).toBe(123456);
    expect(metric(h, 'calculated_refresh_calls')).toBe(3);
    expect(metric(h, 'api_calls.batch_read')).toBe(0);
    expectExact(h);
  });

  it('streams without derived columns never refresh', async () => {
    const options = { properties: ['email', 'firstname'] };
    let h = await run(undefined, { options });
    advance(30 * HOUR);
    h = await run(h, { options });
    expect(metric(h, 'calculated_refreshes')).toBe(0);
    expect(metric(h, 'api_calls.batch_read')).toBe(0);
    const est = (await h.conn.estimate!([{ schema: h.schemas.find((s) => s.name === 'contacts')!, options, mode: 'incremental', state: h.states.get('contacts') }])).streams[0]!;
    expect(est.note).not.toContain('calculated');
  });

  it('a due refresh waits, with a warning, when it would eat into the last 10 % of the daily limit', async () => {
    let h = await run(undefined);
    const start = now;
    proxy.rules.headers = { 'x-hubspot-ratelimit-daily': '250000', 'x-hubspot-ratelimit-daily-remaining': '20000' };
    try {
      advance(25 * HOUR);
      h = await run(h, { url: proxy.url });
      expect(metric(h, 'calculated_refresh_skipped')).toBe(1);
      expect(h.logs.some((l) => /warn: contacts: calculated-property refresh skipped: it needs about 3 API calls and 20000 of today's calls are left/.test(l))).toBe(true);
      expect(h.states.get('contacts')).toMatchObject({ cr: start }); // still due
    } finally {
      proxy.rules.headers = undefined;
    }
  });
});
