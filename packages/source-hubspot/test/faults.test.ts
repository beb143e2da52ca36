// 429 storms, 5xx (HTML and empty bodies) and connection resets lose nothing; DAILY stops
// cleanly and resumes.
import { type Simulator, startSimulator } from '@pipe/hubspot-sim';
import { QuotaExhaustedError } from '@pipe/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { makeConfig, openHarness, runStream } from './harness.ts';
import { expectMatchesTruth } from './truth.ts';

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});
const truthOf = (s: Simulator, type: string) => [s.control.truth(type), s.control.truth(type, { archived: true })] as const;

describe('faults', () => {
  it('loses nothing to 429 storms, 5xx and resets', async () => {
    sim = await startSimulator({ port: 0, seed: 11, counts: { contacts: 400 }, rateLimits: false, customProperties: 10 });
    const h = await openHarness(makeConfig(sim.url, sim.token, { max_retries: 8 }));
    sim.control.setFaults({ rate5xx: 0.15, htmlBodies: true, resetRate: 0.1, burst429: 0.05, burst429Length: 3 });
    await runStream(h, 'contacts');
    sim.control.advanceClock(60_000);
    for (const r of sim.control.truth('contacts').slice(0, 150)) sim.control.update('contacts', r.id, { lastname: 'Stormy' });
    sim.control.setFaults({ rate5xx: 0.15, htmlBodies: false, resetRate: 0.1, burst429: 0.05, burst429Length: 3 });
    await runStream(h, 'contacts');
    sim.control.setFaults({});
    expectMatchesTruth(h, 'contacts', ...truthOf(sim, 'contacts'));
    const m = h.ctx.metrics.snapshot()['*']!;
    expect(m.retries).toBeGreaterThan(10);
    expect(m.http_429).toBeGreaterThan(0);
  });

  it('retries requests that time out', async () => {
    sim = await startSimulator({ port: 0, seed: 14, counts: { contacts: 300 }, rateLimits: false, customProperties: 0 });
    const h = await openHarness(makeConfig(sim.url, sim.token, { request_timeout_ms: 150, max_retries: 10 }));
    sim.control.setLatency({ median: 100, jitter: 0.9 }); // 10–190 ms: some calls outlast the timeout
    await runStream(h, 'contacts');
    sim.control.setLatency(0);
    expect(h.ctx.metrics.snapshot()['*']!.retries).toBeGreaterThan(0);
    expect(h.logs.some((l) => /timeout|ECONNABORTED/i.test(l))).toBe(true);
    expectMatchesTruth(h, 'contacts', ...truthOf(sim, 'contacts'));
  });

  it('stops on the DAILY limit with state committed, says when it resets, and resumes the next day', async () => {
    sim = await startSimulator({ port: 0, seed: 13, counts: { contacts: 900 }, rateLimits: true, dailyLimit: 9, customProperties: 0, customObjects: [] });
    // Contacts alone: the default selection's discovery (a properties call per object type) would spend this tiny budget first.
    const h = await openHarness(makeConfig(sim.url, sim.token), { selected: { contacts: {} } });
    const err = await runStream(h, 'contacts').catch((e) => e);
    expect(err).toBeInstanceOf(QuotaExhaustedError);
    expect(err.message).toMatch(/daily API limit/);
    expect(err.message).toMatch(/resets at \d{4}-\d{2}-\d{2}T/);
    expect((err as QuotaExhaustedError).resetsAt).toBeInstanceOf(Date);
    const saved = h.states.get('contacts') as { phase: string; after?: string };
    expect(saved).toMatchObject({ phase: 'list' });
    expect(saved.after).toBeDefined();
    const before = sim.control.stats().byRoute['objects.list'] ?? 0;
    expect(before).toBeLessThan(9);
    sim.control.advanceClock(24 * 3600_000);
    const next = await openHarness(makeConfig(sim.url, sim.token), { selected: { contacts: {} } });
    next.tables = h.tables;
    next.states = h.states;
    await runStream(next, 'contacts');
    expectMatchesTruth(next, 'contacts', ...truthOf(sim, 'contacts'));
  });
});
