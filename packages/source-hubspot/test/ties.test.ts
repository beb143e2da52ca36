// More than 10,000 records with one last-modified timestamp: the incremental run neither loops
// nor skips, and never asks search for an offset past its 10,000 cap.
import { type Simulator, startSimulator } from '@pipe/hubspot-sim';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeConfig, openHarness, runStream } from './harness.ts';
import { expectMatchesTruth } from './truth.ts';

const N = 10_400;
let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 3, counts: { contacts: N }, rateLimits: false, customProperties: 0 });
});
afterAll(() => sim.close());

it(`reads ${N} contacts that share one timestamp exactly once each`, async () => {
  const h = await openHarness(makeConfig(sim.url, sim.token, { tier: 'capacity_pack', search_requests_per_second: 200 }));
  sim.control.advanceClock(60_000);
  const at = sim.control.now();
  // As if a first run (the full list) had finished a minute before: this run searches.
  h.states.set('contacts', { v: 1, phase: 'idle', watermark: at.getTime() - 60_000 });
  sim.control.touchMany('contacts', { count: N, at }); // a bulk update stamps every record alike
  sim.control.advanceClock(1_000);
  sim.control.update('contacts', sim.control.truth('contacts')[7]!.id, { firstname: 'After the bulk update' });

  sim.control.resetStats();
  const { batches } = await runStream(h, 'contacts');
  const seen = batches.flatMap((b) => b.rows.filter((r) => !r.archived).map((r) => r.id as string));
  const tied = seen.filter((id, i) => seen.indexOf(id) === i);
  expect(tied.length).toBe(N); // nothing skipped
  expect(seen.length).toBeLessThan(N + 200 * 3); // re-reads bounded: no loop
  const searches = sim.control.stats().byRoute['objects.search'] ?? 0;
  expect(searches).toBeLessThan(Math.ceil(N / 200) + 10);
  expect(sim.control.stats().byRoute['error.400'] ?? 0).toBe(0);
  expectMatchesTruth(h, 'contacts', sim.control.truth('contacts'), sim.control.truth('contacts', { archived: true }));
  expect(h.states.get('contacts')).toMatchObject({ phase: 'idle' });
  expect((h.states.get('contacts') as { watermark: number }).watermark).toBeGreaterThanOrEqual(at.getTime() + 1_000);
});
