// Property definitions, pipelines, association labels, schemas, teams and roles come in one
// answer (the spec has no paging for them); a server that pages them anyway must not cost rows or
// columns. A proxy pages each such answer, the cursor being the offset of the next item.
import { MalformedPageError } from '@pipe/hubspot-api';
import { startSimulator } from '@pipe/hubspot-sim';
import type { Row } from '@pipe/sdk';
import { expect, it } from 'vitest';
import { type Harness, makeConfig, openHarness, runStream } from './harness.ts';
import { startProxy } from './proxy.ts';
import { expectMatchesTruth } from './truth.ts';

const UNPAGED = /\/crm\/v3\/properties\/contacts(\?|$)|\/crm\/v3\/pipelines\/deals(\?|$)|\/crm\/v4\/associations\/contacts\/companies\/labels(\?|$)|\/settings\/v3\/users\/(teams|roles)(\?|$)/;

it('follows paging.next where HubSpot answers in one page, and reads every row and column', async () => {
  const sim = await startSimulator({ port: 0, seed: 73, counts: { contacts: 40, companies: 8, deals: 10 }, rateLimits: false, customProperties: 12 });
  const size = (url: string) => (url.includes('/properties/') ? 10 : 1);
  const proxy = await startProxy(sim.url, {
    rewrite: (_m, url, status, body) => {
      if (status !== 200 || !UNPAGED.test(url)) return undefined;
      const all = (JSON.parse(body) as { results: unknown[] }).results;
      const from = Number(new URL(url, sim.url).searchParams.get('after') ?? 0);
      const to = from + size(url);
      return JSON.stringify({ results: all.slice(from, to), ...(to < all.length ? { paging: { next: { after: String(to) } } } : {}) });
    },
  });
  try {
    const streams = ['contacts', 'pipelines', 'pipeline_stages', 'contacts_to_companies', 'teams', 'roles'];
    const read = async (url: string) => {
      const h = await openHarness(makeConfig(url, sim.token), { selected: Object.fromEntries(streams.map((s) => [s, {}])) });
      for (const s of streams) await runStream(h, s, { mode: 'full' });
      return h;
    };
    const direct = await read(sim.url);
    const paged = await read(proxy.url);
    const columns = (h: Harness) => h.schemas.find((s) => s.name === 'contacts')!.columns.map((c) => c.name);
    expect(columns(paged)).toEqual(columns(direct));
    expectMatchesTruth(paged, 'contacts', sim.control.truth('contacts'), sim.control.truth('contacts', { archived: true }));
    const rows = (h: Harness, s: string) => [...(h.tables.get(s)?.values() ?? [])].map((r: Row) => JSON.stringify({ ...r, refreshed_at: undefined })).sort();
    for (const s of streams.slice(1)) {
      expect(rows(paged, s).length, s).toBeGreaterThan(0);
      expect(rows(paged, s), s).toEqual(rows(direct, s));
    }
    for (const path of ['/crm/v3/properties/contacts', '/crm/v3/pipelines/deals', '/settings/v3/users/teams']) expect(proxy.calls.filter((c) => c === `GET ${path}`).length, path).toBeGreaterThan(1);
  } finally {
    await proxy.close();
    await sim.close();
  }
});

it.each([
  { name: 'its own cursor', next: (from: number) => from },
  { name: 'an earlier cursor (a cycle over several pages)', next: (from: number) => (from === 0 ? 1 : from === 1 ? 2 : 1) },
])('fails naming the loop when a paged answer hands back $name', async ({ next }) => {
  const sim = await startSimulator({ port: 0, seed: 73, counts: { contacts: 5, deals: 3 }, rateLimits: false, customProperties: 0 });
  // Pipelines paged one per answer, the cursor being the offset of the next; here the cursors loop.
  const proxy = await startProxy(sim.url, {
    rewrite: (_m, url, status, body) => {
      if (status !== 200 || !/\/crm\/v3\/pipelines\/deals(\?|$)/.test(url)) return undefined;
      const all = (JSON.parse(body) as { results: unknown[] }).results;
      const from = Number(new URL(url, sim.url).searchParams.get('after') ?? 0);
      return JSON.stringify({ results: all.slice(from % all.length, (from % all.length) + 1), paging: { next: { after: String(next(from)) } } });
    },
  });
  try {
    const h = await openHarness(makeConfig(proxy.url, sim.token), { selected: { pipelines: {} } });
    const err = await runStream(h, 'pipelines', { mode: 'full' }).catch((e) => e);
    expect(err).toBeInstanceOf(MalformedPageError);
    expect(err.message).toMatch(/GET \/crm\/v3\/pipelines\/deals gives a cursor it gave before \("\d+"\) as the next page's, so reading on would loop/);
  } finally {
    await proxy.close();
    await sim.close();
  }
});
