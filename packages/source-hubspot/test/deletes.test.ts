// Deletes land by default: a record hard-deleted (GDPR) in HubSpot is marked deleted_at on the
// first run after a delete check is due (an id walk, at most once per delete_check_hours), or on
// the run asked to check (--check-deletes); runs in between cost nothing extra. The clock is
// injected: no sleeping.
import { type Simulator, startSimulator } from '@pipe/hubspot-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, makeConfig, openHarness, runStream } from './harness.ts';
import { type SimProxy, startProxy } from './proxy.ts';

const HOUR = 3_600_000;
let sim: Simulator;
let proxy: SimProxy;
beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 37, counts: { contacts: 250, companies: 12 }, rateLimits: false, customProperties: 0, searchLagMs: 0 });
  proxy = await startProxy(sim.url);
  t0 = sim.control.now().getTime();
  now = t0;
});
afterAll(async () => {
  await proxy.close();
  await sim.close();
});

let t0 = 0;
let now = 0;
/** Moves the injected clock and the simulator's together (records carry the simulator's times). */
const advance = (ms: number) => {
  now += ms;
  sim.control.advanceClock(ms);
};
const metric = (h: Harness, name: string) => h.ctx.metrics.snapshot().contacts?.[name] ?? 0;
const deleted = (h: Harness) => [...h.tables.get('contacts')!.values()].filter((r) => r.deleted_at).map((r) => String(r.id)).sort();
/** A fresh connection per run, as each `pipe run` opens one; tables and state carry over. */
async function run(prev: Harness | undefined, url: string, opts: { checkDeletes?: boolean; options?: Record<string, unknown> } = {}): Promise<Harness> {
  const h = await openHarness(makeConfig(url, sim.token), { selected: { contacts: opts.options ?? {} }, now: () => now });
  if (prev) {
    h.tables = prev.tables;
    h.states = prev.states;
  }
  await runStream(h, 'contacts', opts);
  return h;
}

describe('delete checks', () => {
  it('mark GDPR deletes on the first run after delete_check_hours, and cost nothing in between', async () => {
    let h = await run(undefined, sim.url);
    expect(metric(h, 'api_calls.list_ids')).toBe(0); // the first list is the baseline
    const state = h.states.get('contacts') as { n: number; dc: number; ids: string };
    expect(state).toMatchObject({ phase: 'idle', n: 250, dc: t0 });
    expect(state.ids.length).toBeLessThan(250); // a compressed id set: well under a byte per (dense) id

    const gone = sim.control.truth('contacts').slice(10, 15).map((r) => r.id);
    for (const id of gone) sim.control.gdprDelete('contacts', id);
    advance(1 * HOUR);
    h = await run(h, sim.url);
    expect(metric(h, 'api_calls.list_ids')).toBe(0);
    expect(metric(h, 'delete_checks')).toBe(0);
    expect(deleted(h)).toEqual([]);

    advance(23 * HOUR);
    h = await run(h, sim.url);
    expect(deleted(h)).toEqual([...gone].sort());
    expect(metric(h, 'deleted_detected')).toBe(5);
    // 245 live ids, 100 a call: 3 pages; plus one batch read that tells deletes from merges.
    expect(metric(h, 'api_calls.list_ids')).toBe(3);
    expect(metric(h, 'delete_check_calls')).toBe(4);
    expect(h.states.get('contacts')).toMatchObject({ n: 245, dc: t0 + 24 * HOUR });
    expect(sim.control.truth('contacts')).toHaveLength(245);
    const row = h.tables.get('contacts')!.get(gone[0]!)!;
    expect(row).toMatchObject({ archived: true, merged_into: null });

    // Forced (pipe run --check-deletes), though not due: checks again, finds nothing new.
    advance(HOUR);
    h = await run(h, sim.url, { checkDeletes: true });
    expect(metric(h, 'delete_checks')).toBe(1);
    expect(metric(h, 'deleted_detected')).toBe(0);
  });

  it('adds records created between checks to the set, so their deletes are caught too', async () => {
    advance(5 * HOUR);
    let h = await run(undefined, sim.url);
    advance(60_000);
    const created = sim.control.create('contacts', { email: 'short.lived@example.com' });
    advance(HOUR);
    h = await run(h, sim.url); // reads the new record
    expect(h.tables.get('contacts')!.get(created)).toMatchObject({ archived: false });
    sim.control.gdprDelete('contacts', created);
    advance(24 * HOUR);
    h = await run(h, sim.url);
    expect(h.tables.get('contacts')!.get(created)!.deleted_at).toBeInstanceOf(Date);
  });

  it('skips a due check with a warning when the daily budget left is low, unless forced', async () => {
    advance(HOUR);
    const start = now;
    let h = await run(undefined, sim.url);
    proxy.rules.headers = { 'x-hubspot-ratelimit-daily': '250000', 'x-hubspot-ratelimit-daily-remaining': '20000' };
    try {
      advance(25 * HOUR);
      h = await run(h, proxy.url);
      expect(metric(h, 'delete_check_skipped')).toBe(1);
      expect(metric(h, 'api_calls.list_ids')).toBe(0);
      expect(h.logs.some((l) => /warn: contacts: delete check skipped: it needs about 3 API calls and 20000 of today's calls are left \(pipe keeps 10 % of the daily limit\)/.test(l))).toBe(true);
      const skipped = h.states.get('contacts') as { dc: number };
      expect(skipped.dc).toBe(start); // still due
      h = await run(h, proxy.url, { checkDeletes: true });
      expect(metric(h, 'delete_checks')).toBe(1);
    } finally {
      proxy.rules.headers = undefined;
    }
  });

  it('detect_deletes: false never checks and keeps no id set', async () => {
    let h = await run(undefined, sim.url, { options: { detect_deletes: false } });
    advance(48 * HOUR);
    h = await run(h, sim.url, { options: { detect_deletes: false } });
    expect(metric(h, 'api_calls.list_ids')).toBe(0);
    expect(h.states.get('contacts')).not.toHaveProperty('ids');
  });
});
