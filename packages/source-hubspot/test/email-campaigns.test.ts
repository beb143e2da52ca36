// Legacy email campaigns (API-FACTS-2 §3.4), equal to the simulator's truth: a full read past one
// listing page of 500, then incremental runs that read only the details whose lastUpdatedTime
// moved (a counter change, a new send) and every detail once full_refresh_hours passes; a run cut
// short resumes with the rest; odd 200s fail the stream; accounts and tokens without them.
import { MalformedPageError } from '@pipe/hubspot-api';
import { type Simulator, type TruthEmailCampaign, startSimulator } from '@pipe/hubspot-sim';
import type { Row } from '@pipe/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, makeConfig, openHarness, runStream } from './harness.ts';

let sim: Simulator;
beforeAll(async () => {
  // ~450 emails make more than 500 sends (A/B variants, RSS and automated re-sends): two listing pages.
  sim = await startSimulator({ port: 0, seed: 43, counts: { contacts: 5 }, rateLimits: false, customProperties: 0, marketingEmails: 450 });
});
afterAll(() => sim.close());

const ec = () => sim.control.emailCampaigns;
const rows = (h: Harness): Row[] => [...(h.tables.get('email_campaigns')?.values() ?? [])];
/** No client-side pacing: the simulator has no rate limit here. */
const config = () => makeConfig(sim.url, sim.token, { tier: 'unlimited', retry_base_ms: 5 });
const calls = (route: string) => sim.control.stats().byRoute[route] ?? 0;
const COUNTERS = ['sent', 'delivered', 'open', 'click', 'bounce', 'unsubscribed', 'spamreport', 'hardbounced', 'softbounced', 'dropped'];

/** The row the truth says a send must have. */
function expected(c: TruthEmailCampaign): Row {
  return {
    id: String(c.id),
    app_id: c.appId,
    app_name: c.appName,
    content_id: String(c.contentId),
    name: c.name,
    subject: c.subject,
    type: c.type,
    sub_type: c.subType,
    num_included: c.numIncluded,
    num_queued: c.numQueued,
    last_updated_time: new Date(c.lastUpdatedTime),
    ...Object.fromEntries(COUNTERS.map((k) => [`counters_${k}`, c.counters[k] ?? null])),
    counters: c.counters,
  };
}

function expectTruth(h: Harness): void {
  const byId = new Map(rows(h).map((r) => [r.id as string, r]));
  const truth = ec().campaigns();
  expect([...byId.keys()].sort()).toEqual(truth.map((c) => String(c.id)).sort());
  const norm = (r: Row | undefined) => JSON.stringify(Object.entries(r ?? {}).sort(([a], [b]) => (a < b ? -1 : 1)));
  const bad = truth.filter((c) => norm(byId.get(String(c.id))) !== norm(expected(c)));
  expect(bad.slice(0, 3).map((c) => ({ got: byId.get(String(c.id)), want: expected(c) }))).toEqual([]);
}

/** Campaigns listed without a lastUpdatedTime (never sent): their details are read every run. */
const unlisted = () => ec().campaigns().filter((c) => c.numIncluded === 0).length;

describe('email_campaigns', () => {
  it('reads every send from a server that lists fewer ids per page (400 above 100)', async () => {
    // 500 a page is what connectors ask; HubSpot's most is UNCONFIRMED. pipe halves it after a 400.
    const fewer = await startSimulator({ port: 0, seed: 43, counts: { contacts: 5 }, rateLimits: false, customProperties: 0, marketingEmails: 450, emailCampaigns: { maxLimit: 100 } });
    try {
      const h = await openHarness(makeConfig(fewer.url, fewer.token, { tier: 'unlimited', retry_base_ms: 5 }), { selected: { email_campaigns: {} } });
      await runStream(h, 'email_campaigns');
      expect(rows(h).map((r) => r.id).sort()).toEqual(fewer.control.emailCampaigns.campaigns().map((c) => String(c.id)).sort());
      expect(rows(h).length).toBeGreaterThan(500);
      expect(h.logs.filter((l) => /ids per page: HubSpot refused (500|250|125) \(400\)/.test(l))).toHaveLength(3);
    } finally {
      await fewer.close();
    }
  });

  it('reads every send past one listing page, then only the details whose lastUpdatedTime moved, and all of them once full_refresh_hours passes', async () => {
    let now = Date.now();
    const h = await openHarness(config(), { selected: { email_campaigns: {} }, now: () => now });
    const schema = h.schemas.find((s) => s.name === 'email_campaigns')!;
    expect(schema.columns.find((c) => c.name === 'last_updated_time')!.type).toBe('timestamp');
    expect(schema.columns.find((c) => c.name === 'counters_open')!.type).toBe('integer');
    const n = ec().campaigns().length;
    expect(n).toBeGreaterThan(500);
    sim.control.resetStats();
    await runStream(h, 'email_campaigns');
    expect(calls('email.campaigns.list')).toBe(Math.ceil(n / 500));
    expect(calls('email.campaigns.read')).toBe(n);
    expectTruth(h);
    // The ids email_events and marketing_emails name are rows here.
    const primary = ec().emails()[0]!.primaryEmailCampaignId;
    expect(rows(h).find((r) => r.id === primary)!.content_id).toBe(ec().emails()[0]!.id);

    // A send's counters move (opens, clicks), and an email is sent again.
    sim.control.advanceClock(3_600_000);
    const moved = ec().campaigns().find((c) => c.numIncluded > 0)!;
    ec().count(moved.id, { open: 7, click: 3 });
    const added = ec().send(ec().emails()[3]!.id, 1234);
    sim.control.resetStats();
    const { batches } = await runStream(h, 'email_campaigns');
    expect(calls('email.campaigns.list')).toBe(Math.ceil((n + 1) / 500));
    expect(calls('email.campaigns.read')).toBe(2 + unlisted());
    expect(batches.flatMap((b) => b.rows).map((r) => r.id)).toEqual(expect.arrayContaining([String(moved.id), String(added)]));
    expectTruth(h);
    expect(rows(h).find((r) => r.id === String(moved.id))!.counters_open).toBe((moved.counters.open ?? 0) + 7);

    // Nothing moved: the listing and the never-sent ones only.
    sim.control.resetStats();
    await runStream(h, 'email_campaigns');
    expect(calls('email.campaigns.read')).toBe(unlisted());

    // full_refresh_hours later: every detail again.
    now += 25 * 3_600_000;
    sim.control.resetStats();
    await runStream(h, 'email_campaigns');
    expect(calls('email.campaigns.read')).toBe(n + 1);
    expectTruth(h);
  });

  it('catches counters that move without lastUpdatedTime at the next full refresh (UNCONFIRMED which HubSpot does)', async () => {
    const other = await startSimulator({ port: 0, seed: 44, counts: { contacts: 3 }, rateLimits: false, customProperties: 0, marketingEmails: 20, emailCampaigns: { countersMoveLastUpdated: false, listedLastUpdated: 'always' } });
    try {
      let now = Date.now();
      const h = await openHarness(makeConfig(other.url, other.token, { tier: 'unlimited' }), { selected: { email_campaigns: {} }, now: () => now });
      await runStream(h, 'email_campaigns');
      const c = other.control.emailCampaigns.campaigns().find((x) => x.numIncluded > 0)!;
      other.control.emailCampaigns.count(c.id, { click: 11 });
      const quiet = await runStream(h, 'email_campaigns');
      // Every campaign lists a time and none moved: no detail read, the change is missed.
      expect(quiet.batches.flatMap((b) => b.rows)).toHaveLength(0);
      expect(rows(h).find((r) => r.id === String(c.id))!.counters_click).toBe(c.counters.click ?? null);
      now += 24 * 3_600_000;
      await runStream(h, 'email_campaigns');
      expect(rows(h).find((r) => r.id === String(c.id))!.counters_click).toBe((c.counters.click ?? 0) + 11);
    } finally {
      await other.close();
    }
  });

  it('resumes a run cut short with the details it had not read', async () => {
    const h = await openHarness(config(), { selected: { email_campaigns: {} } });
    const n = ec().campaigns().length;
    sim.control.resetStats();
    await runStream(h, 'email_campaigns', { stopAfter: 2 });
    expect(rows(h)).toHaveLength(200);
    await runStream(h, 'email_campaigns');
    // Never-sent campaigns read in the cut run are read again (they list no time to compare).
    const again = ec().campaigns().filter((c) => c.numIncluded === 0 && rows(h).some((r) => r.id === String(c.id))).length;
    expect(calls('email.campaigns.read')).toBeLessThanOrEqual(n + again);
    expect(calls('email.campaigns.read')).toBeLessThan(n + 200);
    expectTruth(h);
    expect(h.states.get('email_campaigns')).not.toHaveProperty('resume');
  });

  it('estimates ceil(n/500) listing pages + one detail call per campaign', async () => {
    const h = await openHarness(config(), { selected: { email_campaigns: {} } });
    const n = ec().campaigns().length;
    const req = { schema: h.schemas.find((s) => s.name === 'email_campaigns')!, options: {}, mode: 'full' as const, state: undefined };
    const plan = await h.conn.estimate!([req]);
    expect(plan.streams[0]).toMatchObject({ stream: 'email_campaigns', rows: n, calls: Math.ceil(n / 500) + n });
    await runStream(h, 'email_campaigns');
    const next = await h.conn.estimate!([{ ...req, mode: 'incremental', state: h.states.get('email_campaigns') }]);
    expect(next.streams[0]!.calls).toBe(Math.ceil(n / 500) + unlisted());
  });

  it.each([
    ['an HTML listing page', { route: 'list', kind: 'html' }],
    ['a truncated detail', { route: 'detail', kind: 'truncated' }],
  ] as const)('%s: retried, then fails the stream instead of ending it short', async (_, odd) => {
    const h = await openHarness(config(), { selected: { email_campaigns: {} } });
    ec().oddPages({ ...odd, left: 1 });
    await runStream(h, 'email_campaigns', { mode: 'full' });
    expectTruth(h);
    const again = await openHarness(config(), { selected: { email_campaigns: {} } });
    ec().oddPages({ ...odd, left: 1000 });
    try {
      await expect(runStream(again, 'email_campaigns', { mode: 'full' })).rejects.toThrow(MalformedPageError);
    } finally {
      ec().oddPages({ ...odd, left: 0 });
    }
  });

  it.each([403, 404] as const)('an account without legacy email campaigns (%i): skipped in the default selection, a named stream fails saying so', async (status) => {
    const other = await startSimulator({ port: 0, seed: 5, counts: { contacts: 5 }, rateLimits: false, customProperties: 0, accountLacks: { emailCampaigns: status } });
    try {
      const h = await openHarness(makeConfig(other.url, other.token));
      expect((await runStream(h, 'email_campaigns')).batches).toHaveLength(0);
      expect(h.logs.some((l) => /warn: skipping stream email_campaigns \(in the default selection\)/.test(l))).toBe(true);
      await runStream(h, 'marketing_emails'); // the emails themselves still read
      expect(rows(h)).toHaveLength(0);
      const named = await openHarness(makeConfig(other.url, other.token), { selected: { email_campaigns: {} } });
      await expect(runStream(named, 'email_campaigns')).rejects.toThrow(/email_campaigns cannot run in this portal/);
    } finally {
      await other.close();
    }
  });

  it('a token without the content scope: skipped in the default selection, named fails, pipe check says which scope', async () => {
    const token = 'pat-na1-fake-0000-4000-8000-0000000ec0de';
    const other = await startSimulator({ port: 0, seed: 6, counts: { contacts: 5 }, rateLimits: false, customProperties: 0, tokens: { [token]: { scopes: ['crm.objects.contacts.read', 'marketing.email.read'] } } });
    try {
      const h = await openHarness(makeConfig(other.url, token));
      expect((await runStream(h, 'email_campaigns')).batches).toHaveLength(0);
      expect(h.logs.some((l) => /skipping stream email_campaigns \(in the default selection\): .*content/.test(l))).toBe(true);
      const named = await openHarness(makeConfig(other.url, token), { selected: { email_campaigns: {} } });
      await expect(runStream(named, 'email_campaigns')).rejects.toThrow(/content/);
      const check = await named.conn.check!([{ schema: named.schemas.find((s) => s.name === 'email_campaigns')!, options: {}, mode: 'full', state: undefined }]);
      expect(check.details.find((d) => d.label === 'stream email_campaigns')).toMatchObject({ ok: false, value: expect.stringMatching(/missing scope: needs content/) });
      expect(h.logs.join('\n')).not.toContain(token);
    } finally {
      await other.close();
    }
  });
});
