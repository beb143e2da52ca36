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
  await Promise.all([runStream(h, 'contacts'), runStream(h, 'companies')]);
  const stats = sim.control.stats();
  expect(stats.served429).toBe(0);
  expect(Math.max(...Object.values(stats.peakPer10s))).toBeLessThanOrEqual(100);
  expect(h.ctx.metrics.snapshot()['*']!.limiter_wait_ms).toBeGreaterThan(0);
  expectMatchesTruth(h, 'contacts', ...truthOf(sim, 'contacts'));
});
