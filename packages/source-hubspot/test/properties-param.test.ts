// `properties` in a list URL: pipe joins the names with commas, as HubSpot's docs and SDKs do;
// the spec's explode=true also allows only `properties=a&properties=b`, under which `a,b,c` is one
// unknown name (UNCONFIRMED that a server takes both). Such a server must not yield empty columns.
import { startSimulator } from '@pipe/hubspot-sim';
import { describe, expect, it } from 'vitest';
import { makeConfig, openHarness, runStream } from './harness.ts';
import { expectMatchesTruth } from './truth.ts';

describe('a server that takes only repeated `properties`', () => {
  it('reads every property exactly, through batch/read, and says so once', async () => {
    // 2,600 contacts: the parallel first sync's lanes each walk the list.
    const sim = await startSimulator({ port: 0, seed: 71, counts: { contacts: 2_600, deals: 150 }, rateLimits: false, customProperties: 5, behaviour: { propertiesParam: 'repeated' } });
    try {
      const h = await openHarness(makeConfig(sim.url, sim.token, { tier: 'unlimited' }), { selected: { contacts: {}, deals: {} } });
      sim.control.resetStats();
      await runStream(h, 'contacts');
      await runStream(h, 'deals');
      expectMatchesTruth(h, 'contacts', sim.control.truth('contacts'), sim.control.truth('contacts', { archived: true }));
      expectMatchesTruth(h, 'deals', sim.control.truth('deals'), sim.control.truth('deals', { archived: true }));
      expect(sim.control.stats().byRoute['objects.batch.read']).toBeGreaterThan(10);
      for (const type of ['contacts', 'deals']) {
        const said = h.logs.filter((l) => l.includes(`HubSpot answered ${type} list pages without any of the`));
        expect(said, type).toHaveLength(1);
      }
    } finally {
      await sim.close();
    }
  });

  it('keeps the one-call list pages on a server that takes commas', async () => {
    const sim = await startSimulator({ port: 0, seed: 71, counts: { contacts: 300 }, rateLimits: false, customProperties: 5 });
    try {
      const h = await openHarness(makeConfig(sim.url, sim.token, { tier: 'unlimited' }), { selected: { contacts: {} } });
      sim.control.resetStats();
      await runStream(h, 'contacts');
      expectMatchesTruth(h, 'contacts', sim.control.truth('contacts'), sim.control.truth('contacts', { archived: true }));
      expect(sim.control.stats().byRoute['objects.batch.read'] ?? 0).toBe(0);
      expect(h.logs.some((l) => l.includes('list pages without any of the'))).toBe(false);
    } finally {
      await sim.close();
    }
  });
});
