// `pipe plan`: rows and calls per stream from search counts, and the quota left; the estimate
// matches what the run then does.
import { type Simulator, startSimulator } from '@pipe/hubspot-sim';
import type { StreamRequest } from '@pipe/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, makeConfig, openHarness, runStream } from './harness.ts';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 61, counts: { contacts: 450, companies: 20 }, rateLimits: false, customProperties: 0 });
});
afterAll(() => sim.close());

const req = (h: Harness, name: string): StreamRequest => ({ schema: h.schemas.find((s) => s.name === name)!, options: {}, mode: 'incremental', state: h.states.get(name) });
const listCalls = () => (sim.control.stats().byRoute['objects.list'] ?? 0) + (sim.control.stats().byRoute['objects.search'] ?? 0);

describe('estimate', () => {
  it('counts rows and calls for first and incremental runs, and says the quota', async () => {
    const h = await openHarness(makeConfig(sim.url, sim.token));
    const first = await h.conn.estimate!([req(h, 'contacts'), req(h, 'contacts_to_companies'), req(h, 'owners')]);
    const contacts = first.streams.find((s) => s.stream === 'contacts')!;
    expect(contacts.rows).toBe(450);
    expect(first.streams.find((s) => s.stream === 'contacts_to_companies')!.calls).toBe(1 + 5 * 2);
    expect(first.quota?.limit).toBeGreaterThan(0);
    expect(first.quota?.remaining).toBeLessThanOrEqual(first.quota!.limit!);

    const before = listCalls();
    await runStream(h, 'contacts');
    // list pages + archived page + upper search: what the estimate said, within a call.
    expect(Math.abs(listCalls() - before - contacts.calls)).toBeLessThanOrEqual(1);

    sim.control.advanceClock(60 * 60_000);
    for (const r of sim.control.truth('contacts').slice(0, 7)) sim.control.update('contacts', r.id, { lastname: 'Planned' });
    const next = await h.conn.estimate!([req(h, 'contacts')]);
    // The 7 changed, plus what the lookback re-reads before the watermark (the newest record of the first run).
    expect(next.streams[0]!.rows).toBeGreaterThanOrEqual(7);
    expect(next.streams[0]!.rows).toBeLessThanOrEqual(8);
    expect(next.streams[0]!.calls).toBeLessThan(contacts.calls);
  });
});
