// The shared budget keeps every stream on a token under the burst limit instead of bouncing off it.
// (Slow by nature: it has to outlast one 10-second window.)
import { type Simulator, startSimulator } from '@pipe/hubspot-sim';
import { afterEach, expect, it } from 'vitest';
import { makeConfig, openHarness, runStream } from './harness.ts';
import { expectMatchesTruth } from './truth.ts';

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});
const truthOf = (s: Simulator, type: string) => [s.control.truth(type), s.control.truth(type, { archived: true })] as const;

it('stays under the burst limit it learns from the headers, sharing one budget between streams', async () => {
  sim = await startSimulator({ port: 0, seed: 12, counts: { contacts: 5000, companies: 4000 }, rateLimits: true, tier: 'free', customProperties: 0 });
  // The configured tier is wrong on purpose: the simulator's headers say 100.
  const h = await openHarness(makeConfig(sim.url, sim.token, { tier: 'capacity_pack' }));
  // Plain lists: the simulator's peak counts search calls too, which HubSpot exempts from the
  // burst window (the parallel first sync is checked below).
  const options = { parallel_full_sync: false };
  await Promise.all([runStream(h, 'contacts', { options }), runStream(h, 'companies', { options })]);
  const stats = sim.control.stats();
  expect(stats.served429).toBe(0);
  expect(Math.max(...Object.values(stats.peakPer10s))).toBeLessThanOrEqual(100);
  expect(h.ctx.metrics.snapshot()['*']!.limiter_wait_ms).toBeGreaterThan(0);
  expectMatchesTruth(h, 'contacts', ...truthOf(sim, 'contacts'));
});

it('the parallel first sync stays inside both buckets (burst and search): no 429', async () => {
  sim = await startSimulator({ port: 0, seed: 13, counts: { contacts: 12_000 }, rateLimits: true, tier: 'free', customProperties: 0 });
  // HubSpot's search budget is 5/s; pipe's default plans 4.
  const h = await openHarness(makeConfig(sim.url, sim.token, { search_requests_per_second: 4 }));
  await runStream(h, 'contacts');
  expect(sim.control.stats().served429).toBe(0);
  const m = h.ctx.metrics.snapshot();
  expect(m.contacts!['parallel_full_sync.search_records']).toBeGreaterThan(0);
  expect(m.contacts!['parallel_full_sync.list_records']).toBeGreaterThan(0);
  expect(m['*']?.http_429 ?? 0).toBe(0);
  expectMatchesTruth(h, 'contacts', ...truthOf(sim, 'contacts'));
});
