// The properties API answers every definition at once (the spec has no paging); a server that
// pages it anyway must not cost columns.
import { startSimulator } from '@pipe/hubspot-sim';
import { expect, it } from 'vitest';
import { makeConfig, openHarness, runStream } from './harness.ts';
import { startProxy } from './proxy.ts';
import { expectMatchesTruth } from './truth.ts';

it('follows paging.next of the properties API, and reads every column', async () => {
  const sim = await startSimulator({ port: 0, seed: 73, counts: { contacts: 40 }, rateLimits: false, customProperties: 12 });
  // Pages of 10 definitions, the cursor being the offset of the next one.
  const proxy = await startProxy(sim.url, {
    rewrite: (_m, url, status, body) => {
      if (status !== 200 || !/\/crm\/v3\/properties\/contacts(\?|$)/.test(url)) return undefined;
      const all = (JSON.parse(body) as { results: unknown[] }).results;
      const from = Number(new URL(url, sim.url).searchParams.get('after') ?? 0);
      const to = from + 10;
      return JSON.stringify({ results: all.slice(from, to), ...(to < all.length ? { paging: { next: { after: String(to) } } } : {}) });
    },
  });
  try {
    const direct = await openHarness(makeConfig(sim.url, sim.token), { selected: { contacts: {} } });
    const paged = await openHarness(makeConfig(proxy.url, sim.token), { selected: { contacts: {} } });
    const columns = (h: typeof direct) => h.schemas.find((s) => s.name === 'contacts')!.columns.map((c) => c.name);
    expect(columns(paged)).toEqual(columns(direct));
    expect(columns(paged).length).toBeGreaterThan(30);
    await runStream(paged, 'contacts');
    expectMatchesTruth(paged, 'contacts', sim.control.truth('contacts'), sim.control.truth('contacts', { archived: true }));
    expect(proxy.calls.filter((c) => c === 'GET /crm/v3/properties/contacts').length).toBeGreaterThan(3);
  } finally {
    await proxy.close();
    await sim.close();
  }
});
