// Portals differ: metadata is read only for what is selected, and a stream the portal cannot
// serve fails alone (named) or is skipped with a warning (default selection, skip_unavailable).
import { type Simulator, startSimulator } from '@pipe/hubspot-sim';
import { ConfigError, PipeError } from '@pipe/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeConfig, openHarness, runStream } from './harness.ts';
import { type SimProxy, noObjectType, startProxy } from './proxy.ts';

let sim: Simulator;
let proxy: SimProxy;
beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 23, counts: { contacts: 250, companies: 30, quotes: 5 }, rateLimits: false, customProperties: 3 });
  // A portal without quotes, and whose companies have no hs_merged_object_ids.
  proxy = await startProxy(sim.url, {
    answer: (_m, url) => (/\/(properties|objects)\/quotes(\/|\?|$)/.test(url) ? noObjectType('quotes') : undefined),
    rewrite: (_m, url, status, body) => {
      if (status !== 200 || !/\/properties\/companies(\?|$)/.test(url)) return undefined;
      const data = JSON.parse(body) as { results: { name: string }[] };
      return JSON.stringify({ ...data, results: data.results.filter((p) => p.name !== 'hs_merged_object_ids') });
    },
  });
});
afterAll(async () => {
  await proxy.close();
  await sim.close();
});

const PAGES = new Set(['objects.list', 'objects.search', 'objects.batch.read']);

describe('metadata on demand', () => {
  it('a contacts-only run makes at most 3 calls besides contact pages', async () => {
    sim.control.resetStats();
    const h = await openHarness(makeConfig(sim.url, sim.token), { selected: { contacts: {} } });
    await runStream(h, 'contacts');
    expect(h.tables.get('contacts')!.size).toBe(250);
    const { byRoute } = sim.control.stats();
    const other = Object.entries(byRoute).filter(([route]) => !PAGES.has(route));
    expect(other.reduce((n, [, c]) => n + c, 0), JSON.stringify(other)).toBeLessThanOrEqual(3);
    // The properties of contacts, nothing else of the CRM's metadata.
    expect(byRoute['properties.list']).toBe(1);
  });

  it('pipe plan lists the metadata calls of the selection', async () => {
    const h = await openHarness(makeConfig(sim.url, sim.token), { selected: { contacts: {}, merged_ids: {} } });
    const streams = ['contacts', 'merged_ids'].map((name) => ({ schema: h.schemas.find((s) => s.name === name)!, options: {}, mode: 'incremental' as const, state: undefined }));
    const plan = await h.conn.estimate!(streams);
    const meta = plan.streams.find((s) => s.stream === '(metadata)')!;
    expect(meta.note).toBe('properties of contacts, companies, deals, tickets; daily API usage');
    expect(meta.calls).toBe(5);
  });
});

describe('failures stay local', () => {
  it('the default selection skips what the portal cannot serve, with a warning, and reads the rest', async () => {
    const h = await openHarness(makeConfig(proxy.url, sim.token));
    expect(h.schemas.map((s) => s.name)).not.toContain('property_history'); // opt-in: needs `objects`
    expect(h.schemas.find((s) => s.name === 'quotes')!.description).toMatch(/property columns unknown: .*Unable to infer object type from: quotes/);
    const quotes = await runStream(h, 'quotes');
    expect(quotes.batches).toHaveLength(0);
    expect(h.logs.some((l) => /warn: skipping stream quotes \(in the default selection\): .*Unable to infer object type/.test(l))).toBe(true);
    expect(h.ctx.metrics.snapshot().quotes?.skipped_unavailable).toBe(1);
    await runStream(h, 'contacts');
    expect(h.tables.get('contacts')!.size).toBe(250);
    // merged_ids covers the objects that can say what was merged; companies cannot here.
    await runStream(h, 'merged_ids');
    expect(h.logs.some((l) => /warn: merged_ids: skipping companies, merged_ids: HubSpot has no hs_merged_object_ids property on companies/.test(l))).toBe(true);
  });

  it('a server that does not implement an endpoint (405, 501): skipped in the default selection at once, not retried', async () => {
    const other = await startProxy(sim.url, {
      answer: (method, url) =>
        url.startsWith('/analytics/') ? { status: 501, body: 'Not Implemented' } : method === 'GET' && url.startsWith('/marketing/v3/emails') ? { status: 405, body: '{"message":"Method Not Allowed"}' } : undefined,
    });
    try {
      const h = await openHarness(makeConfig(other.url, sim.token, { retry_base_ms: 1_000 }));
      for (const stream of ['analytics', 'marketing_emails']) {
        expect((await runStream(h, stream)).batches, stream).toHaveLength(0);
        expect(h.logs.some((l) => l.startsWith(`warn: skipping stream ${stream} (in the default selection)`)), stream).toBe(true);
      }
      expect(other.calls.filter((c) => c.startsWith('GET /analytics/'))).toHaveLength(1); // 501 is not retried
      const named = await openHarness(makeConfig(other.url, sim.token), { selected: { analytics: {} } });
      const err = await runStream(named, 'analytics').catch((e) => e);
      expect(err.message).toMatch(/^stream analytics cannot run in this portal: the server does not implement the endpoint that reads it/);
    } finally {
      await other.close();
    }
  });

  it('a named stream the portal cannot serve fails alone, saying what is missing and what to do', async () => {
    const h = await openHarness(makeConfig(proxy.url, sim.token), { selected: { contacts: {}, quotes: {}, merged_ids: { objects: ['companies'] } } });
    const err = await runStream(h, 'quotes').catch((e) => e);
    expect(err).toBeInstanceOf(PipeError);
    expect(err.message).toMatch(/^stream quotes cannot run in this portal: .*Unable to infer object type from: quotes/);
    expect(err.hint).toMatch(/remove quotes from streams:, or set skip_unavailable: true/);
    const merged = await runStream(h, 'merged_ids', { options: { objects: ['companies'] } }).catch((e) => e);
    expect(merged.message).toMatch(/no hs_merged_object_ids property on companies/);
    expect(merged.hint).toMatch(/Leave companies out of the objects of merged_ids/);
    await runStream(h, 'contacts');
    expect(h.tables.get('contacts')!.size).toBe(250);
  });

  it('properties and merged_ids refuse object names they do not cover, before reading anything', async () => {
    const h = await openHarness(makeConfig(sim.url, sim.token), { selected: { properties: { objects: ['contcts'] }, merged_ids: { objects: ['contacts', 'products'] } } });
    const reads = () => (sim.control.stats().byRoute['properties.list'] ?? 0) + (sim.control.stats().byRoute['objects.search'] ?? 0);
    const before = reads();
    const props = await runStream(h, 'properties', { options: { objects: ['contcts'] } }).catch((e) => e);
    expect(props).toBeInstanceOf(ConfigError);
    expect(props.message).toMatch(/^properties: objects names "contcts", which properties does not cover/);
    expect(props.hint).toMatch(/Use some of: contacts, companies, deals/);
    // products exist, but HubSpot does not merge them: merged_ids does not cover them.
    const merged = await runStream(h, 'merged_ids', { options: { objects: ['contacts', 'products'] } }).catch((e) => e);
    expect(merged.message).toMatch(/^merged_ids: objects names "products", which merged_ids does not cover/);
    expect(reads()).toBe(before);
  });

  it('skip_unavailable turns a named stream that cannot run into a warning', async () => {
    const h = await openHarness(makeConfig(proxy.url, sim.token, { skip_unavailable: true }), { selected: { quotes: {} } });
    const { batches } = await runStream(h, 'quotes');
    expect(batches).toHaveLength(0);
    expect(h.logs.some((l) => /warn: skipping stream quotes: /.test(l))).toBe(true);
  });

  it('a named custom stream the token cannot list fails alone, naming the missing scope (and the standard stream a typo may mean)', async () => {
    const narrow = await startSimulator({
      port: 0,
      seed: 23,
      counts: { deals: 20 },
      customObjects: [{ name: 'cars', count: 5 }],
      rateLimits: false,
      tokenScopes: ['crm.objects.deals.read'],
    });
    try {
      const h = await openHarness(makeConfig(narrow.url, narrow.token), { selected: { deals: {}, cars: {}, contcts: {} } });
      expect(h.schemas.map((s) => s.name)).toEqual(expect.arrayContaining(['cars', 'contcts']));
      expect(h.logs.some((l) => /warn: custom objects not discovered: the token lacks crm\.schemas\.custom\.read/.test(l))).toBe(true);
      const cars = await runStream(h, 'cars').catch((e) => e);
      expect(cars).toBeInstanceOf(PipeError);
      expect(cars.message).toMatch(/^stream cars is no standard stream, and this portal's custom objects could not be listed: .*crm\.schemas\.custom\.read/);
      expect(cars.hint).toMatch(/If cars is a custom object, grant the token crm\.objects\.custom\.read and crm\.schemas\.custom\.read\. If not, did you mean "carts"\?$/);
      const typo = await runStream(h, 'contcts').catch((e) => e);
      expect(typo.hint).toMatch(/did you mean "contacts"/);
      await runStream(h, 'deals');
      expect(h.tables.get('deals')!.size).toBe(20);
      const skipping = await openHarness(makeConfig(narrow.url, narrow.token, { skip_unavailable: true }), { selected: { cars: {} } });
      expect((await runStream(skipping, 'cars')).batches).toHaveLength(0);
      expect(skipping.logs.some((l) => /warn: skipping stream cars: .*crm\.schemas\.custom\.read/.test(l))).toBe(true);
    } finally {
      await narrow.close();
    }
  });

  it('two further object types the portal lacks fail alone, not as a wrong base path (portal seed 143601440)', async () => {
    const bare = await startSimulator({ port: 0, seed: 23, counts: { contacts: 5 }, rateLimits: false, furtherObjects: [] });
    try {
      const h = await openHarness(makeConfig(bare.url, bare.token), { selected: { services: {}, courses: {} } });
      for (const name of ['services', 'courses']) {
        const err = await runStream(h, name).catch((e) => e);
        expect(err).toBeInstanceOf(PipeError);
        expect(err.message).toMatch(new RegExp(name));
      }
    } finally {
      await bare.close();
    }
  });

  it('a wrong base path still fails discovery (every object answers 404, not a portal without some)', async () => {
    const err = await openHarness(makeConfig(sim.url, sim.token, { base_path: '/crm/v9' })).catch((e) => e);
    expect(String(err.message)).toMatch(/404/);
  });
});
