// Legacy email campaigns over HTTP (API-FACTS-2 §3.4): one id per send of a marketing email, the
// by-id listing with offset/hasMore and its limit, the detail, the `content` scope, accounts
// without them, odd 200s on request, and generated portals whose truth says who serves them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Simulator, generatePortal, portalTruth, startSimulator } from '../src/index.ts';
import { call, small } from './helpers.ts';

let sim: Simulator;
beforeAll(async () => {
  sim = await small({ counts: { contacts: 10 }, marketingEmails: 40 });
});
afterAll(() => sim.close());

const ec = () => sim.control.emailCampaigns;

/** Every page of a listing, by offset. */
async function listAll(path: string, limit: number): Promise<{ pages: number; campaigns: { id: number; appId: number; appName: string; lastUpdatedTime?: number }[] }> {
  const campaigns = [];
  let offset: string | undefined;
  let pages = 0;
  for (;;) {
    const res = await call(sim, `${path}?limit=${limit}${offset ? `&offset=${offset}` : ''}`);
    expect(res.status).toBe(200);
    pages++;
    campaigns.push(...res.body.campaigns);
    if (!res.body.hasMore) return { pages, campaigns };
    offset = res.body.offset;
  }
}

describe('legacy email campaigns', () => {
  it('are the sends of the marketing emails: every email lists its campaign ids, the first one primary', async () => {
    const truth = ec().campaigns();
    const emails = ec().emails();
    expect(emails).toHaveLength(40);
    const ids = emails.flatMap((e) => e.allEmailCampaignIds).sort();
    expect(truth.map((c) => String(c.id)).sort()).toEqual(ids);
    expect(emails.every((e) => e.allEmailCampaignIds[0] === e.primaryEmailCampaignId)).toBe(true);
    expect(truth.length).toBeGreaterThan(40); // A/B variants, RSS and automated re-sends
    for (const c of truth) expect(emails.find((e) => e.allEmailCampaignIds.includes(String(c.id)))!.id).toBe(String(c.contentId));
    // The v3 email says the same over HTTP.
    const v3 = await call(sim, '/marketing/v3/emails?limit=100');
    const withMore = v3.body.results.find((e: { allEmailCampaignIds: string[] }) => e.allEmailCampaignIds.length > 1);
    expect(withMore.allEmailCampaignIds).toEqual(emails.find((e) => e.id === withMore.id)!.allEmailCampaignIds);
  });

  it('lists every id once in offset pages, enforces the limit, and reads each detail', async () => {
    const truth = ec().campaigns();
    const { pages, campaigns } = await listAll('/email/public/v1/campaigns/by-id', 10);
    expect(pages).toBe(Math.ceil(truth.length / 10));
    expect(campaigns.map((c) => c.id).sort()).toEqual(truth.map((c) => c.id).sort());
    // Unordered: not by id.
    expect(campaigns.map((c) => c.id)).not.toEqual([...campaigns.map((c) => c.id)].sort((a, b) => a - b));
    // Never-sent campaigns (drafts) list no lastUpdatedTime; sent ones do.
    const drafts = truth.filter((c) => c.numIncluded === 0).map((c) => c.id);
    expect(drafts.length).toBeGreaterThan(0);
    for (const c of campaigns) expect(c.lastUpdatedTime === undefined).toBe(drafts.includes(c.id));
    expect((await call(sim, '/email/public/v1/campaigns/by-id?limit=501')).status).toBe(400);
    expect((await call(sim, '/email/public/v1/campaigns/by-id?limit=500')).body.campaigns).toHaveLength(truth.length);
    expect((await call(sim, '/email/public/v1/campaigns/by-id')).body.campaigns).toHaveLength(Math.min(100, truth.length)); // default limit
    const one = truth.find((c) => c.counters.open)!;
    const detail = await call(sim, `/email/public/v1/campaigns/${one.id}`);
    expect(detail.status).toBe(200);
    expect(detail.body).toEqual(one);
    expect((await call(sim, '/email/public/v1/campaigns/999')).status).toBe(404);
    // Most recent activity first.
    const recent = (await call(sim, '/email/public/v1/campaigns?limit=5')).body.campaigns.map((c: { lastUpdatedTime: number }) => c.lastUpdatedTime);
    expect(recent).toEqual([...recent].sort((a, b) => b - a));
  });

  it('follows sends and counters; moves lastUpdatedTime with them', async () => {
    const [email] = ec().emails();
    const before = sim.control.now().getTime();
    sim.control.advanceClock(60_000);
    const id = ec().send(email!.id, 300);
    expect(ec().emails()[0]!.allEmailCampaignIds).toContain(String(id));
    const sent = (await call(sim, `/email/public/v1/campaigns/${id}`)).body;
    expect(sent).toMatchObject({ id, contentId: Number(email!.id), numIncluded: 300, counters: { sent: 300 } });
    expect(sent.lastUpdatedTime).toBeGreaterThan(before);
    const old = ec().campaigns()[0]!;
    sim.control.advanceClock(60_000);
    const at = sim.control.now().getTime();
    ec().count(old.id, { open: 5, click: 2 });
    const after = (await call(sim, `/email/public/v1/campaigns/${old.id}`)).body;
    expect(after.counters.open).toBe((old.counters.open ?? 0) + 5);
    expect(after.lastUpdatedTime).toBeGreaterThanOrEqual(at);
    expect(after.lastUpdatedTime).toBeLessThanOrEqual(sim.control.now().getTime());
  });

  it('answers odd 200s on request: an HTML page, JSON cut short', async () => {
    ec().oddPages({ route: 'list', kind: 'html', left: 1 });
    const html = await call(sim, '/email/public/v1/campaigns/by-id');
    expect(html.status).toBe(200);
    expect(html.text).toContain('<html>');
    const id = ec().campaigns()[0]!.id;
    ec().oddPages({ route: 'detail', kind: 'truncated', left: 1 });
    const cut = await call(sim, `/email/public/v1/campaigns/${id}`);
    expect(cut.status).toBe(200);
    expect(cut.body).toBeUndefined(); // not JSON
    expect(cut.text.startsWith('{"id":')).toBe(true);
    expect((await call(sim, `/email/public/v1/campaigns/${id}`)).body.id).toBe(id);
  });

  it('needs the content scope; an account without them answers 403 or 404', async () => {
    const token = 'pat-na1-fake-0000-4000-8000-00000000ec01';
    const other = await startSimulator({ port: 0, seed: 3, rateLimits: false, counts: { contacts: 3 }, accountLacks: { emailCampaigns: 404 }, tokens: { [token]: { scopes: ['marketing.email.read'] } } });
    try {
      const refused = await call(other, '/email/public/v1/campaigns/by-id', { token });
      expect(refused.status).toBe(403);
      expect(refused.body.category).toBe('MISSING_SCOPES');
      expect((await call(other, '/email/public/v1/campaigns/by-id')).status).toBe(404);
      expect((await call(other, '/email/public/v1/campaigns/1')).status).toBe(404);
      // Marketing emails still answer there.
      expect((await call(other, '/marketing/v3/emails')).status).toBe(200);
    } finally {
      await other.close();
    }
  });

  it('varies by generated portal, and the portal truth says which serve them', () => {
    const lacking = [];
    for (let seed = 1; seed <= 60; seed++) {
      const opts = generatePortal(seed);
      const t = portalTruth(opts).streams.email_campaigns!;
      if (opts.accountLacks?.emailCampaigns) {
        lacking.push(seed);
        expect(t).toMatchObject({ available: false, status: opts.accountLacks.emailCampaigns });
      }
      if (opts.tokenScopes && !opts.tokenScopes.includes('content')) expect(t).toMatchObject({ available: false, status: 403 });
    }
    expect(lacking.length).toBeGreaterThan(2);
    expect(lacking.length).toBeLessThan(30);
  });
});
