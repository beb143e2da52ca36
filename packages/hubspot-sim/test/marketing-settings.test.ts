// Campaigns, communication preferences and settings users/teams/roles over HTTP: paging, the
// limits and error answers of API-FACTS-2 §3–§5, and generated portals whose truth says which of
// them a portal serves.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SimOptions, type Simulator, describePortal, generatePortal, portalTruth, startSimulator } from '../src/index.ts';
import { call, small } from './helpers.ts';

let sim: Simulator;
beforeAll(async () => {
  sim = await small({ counts: { contacts: 30 }, owners: 130, marketingSettings: { campaigns: 60, campaignsMaxLimit: 500 } });
});
afterAll(() => sim.close());

const ms = () => sim.control.marketingSettings;

describe('campaigns', () => {
  it('pages with total, sorts by -updatedAt, and refuses what the API refuses', async () => {
    const first = await call(sim, '/marketing/v3/campaigns?limit=50&sort=-updatedAt&properties=hs_name,hs_start_date');
    expect(first.status).toBe(200);
    expect(first.body.total).toBe(60);
    expect(first.body.results).toHaveLength(50);
    const second = await call(sim, `/marketing/v3/campaigns?limit=50&sort=-updatedAt&properties=hs_name&after=${first.body.paging.next.after}`);
    expect(second.body.results).toHaveLength(10);
    expect(second.body.paging).toBeUndefined();
    const times = [...first.body.results, ...second.body.results].map((c: { updatedAt: string }) => c.updatedAt);
    expect(times).toEqual([...times].sort().reverse());
    expect(first.body.results[0].properties.hs_start_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect((await call(sim, '/marketing/v3/campaigns')).body.results).toHaveLength(50); // default limit
    const over = await call(sim, '/marketing/v3/campaigns?limit=501');
    expect(over.status).toBe(400);
    expect(over.body.message).toBe('limit must be less than or equal to 500');
    const unreadable = await call(sim, '/marketing/v3/campaigns?properties=hs_name,hs_object_source_label');
    expect(unreadable.status).toBe(400);
    expect(unreadable.body.message).toContain('hs_object_source_label');
    expect((await call(sim, '/marketing/v3/campaigns?sort=budget')).status).toBe(400);
    // The properties API lists the unreadable ones too.
    const props = await call(sim, '/crm/v3/properties/campaign');
    expect(props.body.results.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['hs_name', 'hs_object_source_label', 'campaign_region']));
  });

  it('reads one campaign with its assets map, batch-reads at most 50, and 404s an unknown guid', async () => {
    const c = ms().campaigns().find((x) => Object.values(x.assets).some((l) => l.length > 10))!;
    const one = await call(sim, `/marketing/v3/campaigns/${c.id}`);
    expect(one.status).toBe(200);
    const [type, list] = Object.entries(c.assets).find(([, l]) => l.length > 10)!;
    expect(one.body.assets[type].results).toHaveLength(10);
    expect(one.body.assets[type].paging.next.after).toBeTruthy();
    expect(one.body.assets[type].results[0].metrics).toBeUndefined();
    expect((await call(sim, '/marketing/v3/campaigns/00000000-0000-4000-a000-000000000000')).status).toBe(404);
    const ids = ms().campaigns().map((x) => ({ id: x.id }));
    const batch = await call(sim, '/marketing/v3/campaigns/batch/read', { body: { inputs: ids.slice(0, 50) } });
    expect(batch.status).toBe(200);
    expect(batch.body.results.map((x: { id: string }) => x.id).sort()).toEqual(ids.slice(0, 50).map((x) => x.id).sort());
    expect((await call(sim, '/marketing/v3/campaigns/batch/read', { body: { inputs: ids.slice(0, 51) } })).status).toBe(400);

    // Per type: pages by limit, metrics only with both dates.
    const all = [];
    let after = '';
    do {
      const page = await call(sim, `/marketing/v3/campaigns/${c.id}/assets/${type}?limit=7${after ? `&after=${after}` : ''}&startDate=2026-05-01`);
      expect(page.status).toBe(200);
      expect(page.body.results[0].metrics).toBeUndefined();
      all.push(...page.body.results);
      after = page.body.paging?.next?.after ?? '';
    } while (after);
    expect(all).toEqual(list);
    const withMetrics = await call(sim, `/marketing/v3/campaigns/${c.id}/assets/${type}?startDate=2026-05-01&endDate=2026-05-07`);
    expect(withMetrics.body.results[0].metrics).toBeDefined();
    expect((await call(sim, `/marketing/v3/campaigns/${c.id}/assets/${type}?limit=101`)).status).toBe(400);
    expect((await call(sim, `/marketing/v3/campaigns/${c.id}/assets/NOT_A_TYPE`)).status).toBe(400);
  });

  it('answers budget totals with epoch-ms items whose sums match the campaign properties', async () => {
    const c = ms().campaigns().find((x) => x.budgetItems.length > 0)!;
    const res = await call(sim, `/marketing/v3/campaigns/${c.id}/budget/totals`);
    expect(res.status).toBe(200);
    expect(typeof res.body.budgetItems[0].createdAt).toBe('number');
    expect(res.body.budgetTotal).toBe(c.budgetItems.reduce((s, x) => s + x.amount, 0));
    expect(String(res.body.budgetTotal)).toBe(c.properties.hs_budget_items_sum_amount);
    expect(res.body.remainingBudget).toBe(res.body.budgetTotal - res.body.spendTotal);
  });

  it('a campaign changed through the control plane moves updatedAt to the top; a deleted one is gone', async () => {
    sim.control.advanceClock(60_000);
    const [a, b] = ms().campaigns();
    ms().updateCampaign(a!.id, { hs_name: 'changed' });
    ms().deleteCampaign(b!.id);
    const res = await call(sim, '/marketing/v3/campaigns?limit=1&sort=-updatedAt');
    expect(res.body.results[0].id).toBe(a!.id);
    expect(res.body.total).toBe(59);
    expect((await call(sim, `/marketing/v3/campaigns/${b!.id}`)).status).toBe(404);
  });

  it('a portal may ignore `sort` (creation order) or refuse it with 400 (campaignSort, UNCONFIRMED)', async () => {
    for (const campaignSort of ['ignored', 'rejected'] as const) {
      const other = await small({ marketingSettings: { campaigns: 20 }, behaviour: { campaignSort } });
      try {
        const sorted = await call(other, '/marketing/v3/campaigns?limit=50&sort=-updatedAt');
        if (campaignSort === 'rejected') expect(sorted.status).toBe(400);
        else expect(sorted.body.results.map((c: { id: string }) => c.id)).toEqual(other.control.marketingSettings.campaigns().map((c) => c.id));
        expect((await call(other, '/marketing/v3/campaigns?limit=50')).body.results).toHaveLength(20);
      } finally {
        await other.close();
      }
    }
  });
});

describe('settings users, teams, roles', () => {
  it('pages users by at most 100 on both paths, looks them up by id or email, and lists teams and roles unpaged', async () => {
    const users = ms().users();
    expect(users.length).toBeGreaterThan(100);
    for (const base of ['/settings/v3/users', '/settings/users/v3']) {
      const first = await call(sim, `${base}/?limit=100`);
      expect(first.body.results).toHaveLength(100);
      const rest = await call(sim, `${base}?after=${first.body.paging.next.after}`);
      expect([...first.body.results, ...rest.body.results].map((u: { id: string }) => u.id)).toEqual(users.map((u) => u.id));
      expect(first.body.results[0].createdAt).toBeUndefined(); // no timestamps
    }
    expect((await call(sim, '/settings/v3/users?limit=101')).status).toBe(400);
    expect((await call(sim, `/settings/v3/users/${users[3]!.id}`)).body.email).toBe(users[3]!.email);
    expect((await call(sim, `/settings/v3/users/${encodeURIComponent(users[3]!.email.toUpperCase())}?idProperty=EMAIL`)).body.id).toBe(users[3]!.id);
    expect((await call(sim, '/settings/v3/users/1?idProperty=NAME')).status).toBe(400);
    const teams = await call(sim, '/settings/v3/users/teams');
    expect(teams.body.paging).toBeUndefined();
    expect(teams.body.results.map((t: { id: string }) => t.id)).toEqual(['101', '102', '103', '104']);
    const members = teams.body.results.flatMap((t: { userIds: string[] }) => t.userIds);
    expect(new Set(members).size).toBe(members.length); // one primary team per user
    expect((await call(sim, '/settings/users/v3/roles')).body.results).toHaveLength(3);
  });

  it('a portal may serve them under one path only, the other answering 404 (userPaths, UNCONFIRMED)', async () => {
    for (const [userPaths, docs, spec] of [['docs', 200, 404], ['spec', 404, 200]] as const) {
      const other = await small({ behaviour: { userPaths } });
      try {
        for (const sub of ['', '/teams', '/roles']) {
          expect((await call(other, `/settings/v3/users${sub}`)).status, `${userPaths} docs${sub}`).toBe(docs);
          expect((await call(other, `/settings/users/v3${sub}`)).status, `${userPaths} spec${sub}`).toBe(spec);
        }
      } finally {
        await other.close();
      }
    }
  });

  it('owners carry the same teams, with distinct ids per team name', async () => {
    const owners = (await call(sim, '/crm/v3/owners?limit=100')).body.results as { teams: { id: string; name: string }[] }[];
    const byId = new Map<string, string>();
    for (const t of owners.flatMap((o) => o.teams)) expect(byId.set(t.id, t.name).get(t.id)).toBe(t.name);
    expect(new Set(byId.values()).size).toBe(byId.size);
  });
});

describe('communication preferences', () => {
  const email = () => sim.control.truth('contacts').find((c) => c.properties.email)!.properties.email!;

  it('serves v3 and v4 definitions in their own shapes', async () => {
    const v3 = await call(sim, '/communication-preferences/v3/definitions');
    expect(v3.body.subscriptionDefinitions).toHaveLength(6);
    const v4 = await call(sim, '/communication-preferences/v4/definitions');
    expect(v4.body).toMatchObject({ status: 'COMPLETE', results: expect.any(Array), startedAt: expect.any(String) });
  });

  it('reads one address (v3, v4 with channel=EMAIL) and batches (207 for refused addresses, 400 past the limit)', async () => {
    const e = email();
    const v4 = await call(sim, `/communication-preferences/v4/statuses/${encodeURIComponent(e)}?channel=EMAIL`);
    expect(v4.status).toBe(200);
    expect(v4.body.results).toHaveLength(6);
    expect(v4.body.results[0]).toMatchObject({ subscriberIdString: e.toLowerCase(), channel: 'EMAIL', status: expect.stringMatching(/^(SUBSCRIBED|UNSUBSCRIBED|NOT_SPECIFIED)$/) });
    expect((await call(sim, `/communication-preferences/v4/statuses/${encodeURIComponent(e)}`)).status).toBe(400);
    const v3 = await call(sim, `/communication-preferences/v3/status/email/${encodeURIComponent(e)}`);
    expect(v3.body.subscriptionStatuses[0].status).toMatch(/^(SUBSCRIBED|NOT_SUBSCRIBED)$/);
    const batch = await call(sim, '/communication-preferences/v4/statuses/batch/read?channel=EMAIL', { body: { inputs: [e, 'broken'] } });
    expect(batch.status).toBe(207);
    expect(batch.body.results).toHaveLength(1);
    expect(batch.body.results[0].statuses).toEqual(v4.body.results);
    expect(batch.body.errors).toHaveLength(1);
    const inputs = Array.from({ length: 101 }, (_, i) => `x${i}@example.com`);
    expect((await call(sim, '/communication-preferences/v4/statuses/batch/read?channel=EMAIL', { body: { inputs } })).status).toBe(400);
    expect((await call(sim, '/communication-preferences/v4/statuses/batch/read?channel=EMAIL', { body: { inputs: inputs.slice(0, 100) } })).status).toBe(200);
    ms().setSubscriptionStatus(e, '1004', 'UNSUBSCRIBED');
    const after = await call(sim, `/communication-preferences/v4/statuses/${encodeURIComponent(e)}?channel=EMAIL`);
    expect(after.body.results.find((s: { subscriptionId: number }) => s.subscriptionId === 1004).status).toBe('UNSUBSCRIBED');
  });

  it('the batch endpoint needs its own scope and Marketing Hub Enterprise', async () => {
    const token = 'pat-na1-fake-prefs-only';
    const other = await startSimulator({ port: 0, seed: 3, rateLimits: false, counts: { contacts: 3 }, accountLacks: { subscriptionStatusBatch: 403 }, tokens: { [token]: { scopes: ['communication_preferences.read'] } } });
    try {
      const body = { inputs: ['a@example.com'] };
      const scoped = await call(other, '/communication-preferences/v4/statuses/batch/read?channel=EMAIL', { body, token });
      expect([scoped.status, scoped.body.category]).toEqual([403, 'MISSING_SCOPES']);
      const tier = await call(other, '/communication-preferences/v4/statuses/batch/read?channel=EMAIL', { body });
      expect([tier.status, tier.body.category]).toEqual([403, 'FORBIDDEN']);
      expect((await call(other, '/communication-preferences/v4/statuses/a@example.com?channel=EMAIL', { token })).status).toBe(200);
    } finally {
      await other.close();
    }
  });
});

describe('generated portals', () => {
  it('vary campaigns, budgets, roles and batch status reads, and the truth follows', () => {
    const ports = Array.from({ length: 200 }, (_, i) => generatePortal(i + 1));
    for (const k of ['campaigns', 'campaignBudget', 'roles'] as const) expect(new Set(ports.map((o) => o.accountLacks?.[k])).size, k).toBe(3);
    expect(ports.filter((o) => o.accountLacks?.subscriptionStatusBatch).length).toBeGreaterThan(50);
    expect(ports.filter((o) => !o.accountLacks?.subscriptionStatusBatch).length).toBeGreaterThan(20);
    for (const s of ['campaigns', 'campaign_assets', 'campaign_budget_items', 'subscription_definitions', 'subscription_statuses', 'users', 'teams', 'team_members', 'roles']) {
      const avail = ports.map((o) => portalTruth(o).streams[s]!.available);
      expect(avail.filter(Boolean).length, s).toBeGreaterThan(10);
      expect(avail.filter((a) => !a).length, s).toBeGreaterThan(2);
    }
  });

  it('on 20 generated portals each endpoint answers 200 exactly when the truth says available, else its status', async () => {
    for (let seed = 1; seed <= 20; seed++) {
      const opts: SimOptions = { ...generatePortal(seed), counts: { contacts: 3 }, rateLimits: false, latencyMs: 0, marketingSettings: { campaigns: 2 } };
      const truth = portalTruth(opts).streams;
      const other = await startSimulator({ port: 0, ...opts });
      try {
        const guid = other.control.marketingSettings.campaigns()[0]!.id;
        // The users path the portal serves (userPaths); the other answers 404 whatever the truth.
        const users = opts.behaviour?.userPaths === 'spec' ? '/settings/users/v3' : '/settings/v3/users';
        const probes: Record<string, { path: string; body?: unknown }> = {
          campaigns: { path: '/marketing/v3/campaigns?limit=1' },
          campaign_assets: { path: `/marketing/v3/campaigns/${guid}` },
          campaign_budget_items: { path: `/marketing/v3/campaigns/${guid}/budget/totals` },
          subscription_definitions: { path: '/communication-preferences/v3/definitions' },
          subscription_statuses: { path: '/communication-preferences/v4/statuses/batch/read?channel=EMAIL', body: { inputs: ['a@example.com'] } },
          users: { path: `${users}?limit=1` },
          teams: { path: `${users}/teams` },
          team_members: { path: `${users}/teams` },
          roles: { path: `${users}/roles` },
        };
        for (const [stream, p] of Object.entries(probes)) {
          const t = truth[stream]!;
          const res = await call(other, p.path, p.body === undefined ? {} : { body: p.body });
          expect(res.status, `seed ${seed}, ${stream}: ${res.text.slice(0, 200)}\n${describePortal(opts)}`).toBe(t.available ? 200 : t.status);
        }
      } finally {
        await other.close();
      }
    }
  });
});
