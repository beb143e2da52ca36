// A 200 of the wrong shape on any paged read: retried, then the stream fails; never a short
// success. One proxy in front of the simulator corrupts the answers of one route.
import { MalformedPageError } from '@pipe/hubspot-api';
import { type Simulator, startSimulator } from '@pipe/hubspot-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeConfig, openHarness, runStream } from './harness.ts';
import { type SimProxy, startProxy } from './proxy.ts';

let sim: Simulator;
let proxy: SimProxy;
beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 29, counts: { contacts: 60, deals: 40 }, rateLimits: false, customProperties: 0, marketingSettings: { campaigns: 3 } });
  proxy = await startProxy(sim.url);
});
afterAll(async () => {
  await proxy.close();
  await sim.close();
});

const analytics = { start_date: '2026-05-01', end_date: '2026-05-03' };
const CASES: { stream: string; route: RegExp; options?: Record<string, unknown> }[] = [
  { stream: 'owners', route: /^GET \/crm\/v3\/owners\?/ },
  { stream: 'pipelines', route: /^GET \/crm\/v3\/pipelines\/deals/ },
  { stream: 'marketing_emails', route: /^GET \/marketing\/v3\/emails\?/ },
  { stream: 'email_events', route: /^GET \/email\/public\/v1\/events\?/ },
  { stream: 'analytics', route: /^GET \/analytics\/v2\/reports\/totals\/daily/, options: analytics },
  { stream: 'deals_to_contacts', route: /^POST \/crm\/v4\/associations\/deals\/contacts\/batch\/read/ },
  { stream: 'property_history', route: /^POST \/crm\/v3\/objects\/deals\/batch\/read/, options: { objects: ['deals'], properties: ['dealname', 'amount'] } },
  { stream: 'campaigns', route: /^GET \/marketing\/v3\/campaigns\?/ },
  { stream: 'campaign_assets', route: /^GET \/marketing\/v3\/campaigns\/[0-9a-f-]+\?/ },
  { stream: 'campaign_budget_items', route: /^GET \/marketing\/v3\/campaigns\/[0-9a-f-]+\/budget\/totals/ },
  { stream: 'subscription_definitions', route: /^GET \/communication-preferences\/v3\/definitions/ },
  { stream: 'subscription_statuses', route: /^POST \/communication-preferences\/v4\/statuses\/batch\/read/ },
  { stream: 'users', route: /^GET \/settings\/v3\/users\?/ },
  { stream: 'team_members', route: /^GET \/settings\/v3\/users\/teams/ },
  { stream: 'roles', route: /^GET \/settings\/v3\/users\/roles/ },
  { stream: 'email_campaigns', route: /^GET \/email\/public\/v1\/campaigns\/by-id/ },
  { stream: 'email_campaigns', route: /^GET \/email\/public\/v1\/campaigns\/\d+/ },
];

/** A JSON 200 that is not the page the endpoint promises (an error body a gateway might send). */
const WRONG = JSON.stringify({ status: 'ok', message: 'accepted' });

/** Corrupts the next `n` answers of a route (Infinity: all of them). */
function corrupt(route: RegExp, n: number): void {
  let left = n;
  proxy.rules.rewrite = (method, url, status) => {
    if (status !== 200 || left <= 0 || !route.test(`${method} ${url}`)) return undefined;
    left--;
    return WRONG;
  };
}

async function read(c: (typeof CASES)[number], url: string) {
  // No client-side pacing: the simulator has no rate limit here, and one token's budget is shared by every case of the file.
  const h = await openHarness(makeConfig(url, sim.token, { retry_base_ms: 5, tier: 'unlimited' }), { selected: { [c.stream]: c.options ?? {} } });
  const { batches } = await runStream(h, c.stream, { options: c.options ?? {}, mode: 'full' });
  return { h, rows: batches.reduce((n, b) => n + b.rows.length, 0) };
}

describe.each(CASES)('$stream', (c) => {
  it('retries a malformed page and reads every row; fails the stream when it stays malformed', async () => {
    proxy.rules.rewrite = undefined;
    const clean = await read(c, sim.url);
    expect(clean.rows).toBeGreaterThan(0);

    corrupt(c.route, 1);
    const retried = await read(c, proxy.url);
    expect(retried.rows).toBe(clean.rows);
    expect(retried.h.ctx.metrics.snapshot()[c.stream]?.malformed_pages).toBe(1);

    corrupt(c.route, Number.POSITIVE_INFINITY);
    const err = await read(c, proxy.url).catch((e) => e);
    expect(err).toBeInstanceOf(MalformedPageError);
    expect(err.message).toMatch(/nothing from it was used/);
    proxy.rules.rewrite = undefined;
  });
});

describe('a server that gives back the cursor it was asked with', () => {
  /** A cursor the simulator accepts, for a first page that has no next one of its own (its offset cursors: position 1). */
  const POSITION_1 = () => Buffer.from('c1').toString('base64url');
  const LOOPS: { stream: string; route: RegExp; cursor: 'after' | 'offset'; first: (data: { results?: { id: string }[] }) => string | undefined }[] = [
    // This portal's list cursor is the id of the next record.
    { stream: 'contacts', route: /^GET \/crm\/v3\/objects\/contacts\?/, cursor: 'after', first: (d) => d.results?.[1]?.id },
    { stream: 'owners', route: /^GET \/crm\/v3\/owners\?/, cursor: 'after', first: POSITION_1 },
    { stream: 'email_events', route: /^GET \/email\/public\/v1\/events\?/, cursor: 'offset', first: POSITION_1 },
  ];

  it.each(LOOPS)('$stream: the stream fails naming the loop instead of reading the same page forever', async (c) => {
    // The first page points at a valid cursor; every later page answers the cursor it was asked with.
    let first = '';
    proxy.rules.rewrite = (method, url, status, body) => {
      if (status !== 200 || !c.route.test(`${method} ${url}`)) return undefined;
      const data = JSON.parse(body) as Record<string, unknown>;
      const sent = new URL(url, proxy.url).searchParams.get(c.cursor);
      const next = sent ?? c.first(data);
      if (next === undefined) return undefined;
      if (sent === null) first = next;
      return JSON.stringify(c.cursor === 'after' ? { ...data, paging: { next: { after: next } } } : { ...data, hasMore: true, offset: next });
    };
    try {
      const err = await read({ stream: c.stream, route: c.route }, proxy.url).catch((e) => e);
      expect(err).toBeInstanceOf(MalformedPageError);
      expect(err.message).toContain(`gives the cursor it was asked with ("${first}") as the next page's, so reading on would loop`);
    } finally {
      proxy.rules.rewrite = undefined;
    }
  });
});

describe('a server whose cursors cycle over several pages', () => {
  it('contacts: the stream fails naming the loop instead of reading the same pages forever', async () => {
    const ids = sim.control.truth('contacts').map((r) => r.id);
    // This portal's list cursor is the id of the next record: first → ids[1] → ids[2] → ids[1] → …
    const next = new Map<string | null, string>([
      [null, ids[1]!],
      [ids[1]!, ids[2]!],
      [ids[2]!, ids[1]!],
    ]);
    proxy.rules.rewrite = (method, url, status, body) => {
      if (status !== 200 || !/^GET \/crm\/v3\/objects\/contacts\?/.test(`${method} ${url}`) || url.includes('archived=true')) return undefined;
      const after = next.get(new URL(url, proxy.url).searchParams.get('after'));
      return after === undefined ? undefined : JSON.stringify({ ...JSON.parse(body), paging: { next: { after } } });
    };
    try {
      const err = await read({ stream: 'contacts', route: /contacts/ }, proxy.url).catch((e) => e);
      expect(err).toBeInstanceOf(MalformedPageError);
      expect(err.message).toContain(`gives a cursor it gave before ("${ids[1]}") as the next page's, so reading on would loop`);
    } finally {
      proxy.rules.rewrite = undefined;
    }
  });
});

describe('a server whose cursors cycle over several pages, on other walks', () => {
  /** Cursors the simulator accepts (its positions), so each page of the cycle is a real answer. */
  const position = (n: number) => Buffer.from(`c${n}`).toString('base64url');
  const CYCLES: { stream: string; route: RegExp; cursor: 'after' | 'offset' }[] = [
    { stream: 'owners', route: /^GET \/crm\/v3\/owners\?/, cursor: 'after' },
    { stream: 'email_events', route: /^GET \/email\/public\/v1\/events\?/, cursor: 'offset' },
    { stream: 'marketing_emails', route: /^GET \/marketing\/v3\/emails\?/, cursor: 'after' },
    { stream: 'forms', route: /^GET \/marketing\/v3\/forms\?/, cursor: 'after' },
    { stream: 'users', route: /^GET \/settings\/v3\/users\?/, cursor: 'after' },
    { stream: 'campaigns', route: /^GET \/marketing\/v3\/campaigns\?/, cursor: 'after' },
  ];

  it.each(CYCLES)('$stream: the stream fails naming the loop instead of reading the same pages forever', async (c) => {
    // first page → position 1 → position 2 → position 1 → …
    const cycle = new Map<string | null, string>([
      [null, position(1)],
      [position(1), position(2)],
      [position(2), position(1)],
    ]);
    proxy.rules.rewrite = (method, url, status, body) => {
      if (status !== 200 || !c.route.test(`${method} ${url}`)) return undefined;
      const next = cycle.get(new URL(url, proxy.url).searchParams.get(c.cursor));
      if (next === undefined) return undefined;
      const data = JSON.parse(body) as Record<string, unknown>;
      return JSON.stringify(c.cursor === 'after' ? { ...data, paging: { next: { after: next } } } : { ...data, hasMore: true, offset: next });
    };
    try {
      const err = await read({ stream: c.stream, route: c.route }, proxy.url).catch((e) => e);
      expect(err).toBeInstanceOf(MalformedPageError);
      expect(err.message).toContain(`gives a cursor it gave before ("${position(1)}") as the next page's, so reading on would loop`);
    } finally {
      proxy.rules.rewrite = undefined;
    }
  });
});
