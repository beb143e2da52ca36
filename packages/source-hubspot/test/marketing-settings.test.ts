// Campaigns (properties, assets, budget), communication preferences (definitions, statuses per
// contact) and settings users/teams/roles, each equal to the simulator's truth: a full read, then
// again after changes of its kind; paging past one page; the API's limits and refusals.
import { type Simulator, describePortal, generatePortal, portalTruth, startSimulator } from '@pipe/hubspot-sim';
import type { Row } from '@pipe/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, makeConfig, openHarness, runStream } from './harness.ts';
import { sameValue } from './truth.ts';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 41, counts: { contacts: 130 }, rateLimits: false, customProperties: 0, owners: 130, marketingSettings: { campaigns: 130 } });
});
afterAll(() => sim.close());

const ms = () => sim.control.marketingSettings;
const rows = (h: Harness, stream: string): Row[] => [...(h.tables.get(stream)?.values() ?? [])];
/** The client's own burst budget would pace these tests at ~9 calls/s: the simulator has none here. */
const config = () => makeConfig(sim.url, sim.token, { tier: 'unlimited' });
const calls = (route: string) => sim.control.stats().byRoute[route] ?? 0;
const sortBy = <T>(xs: T[], key: (x: T) => string) => [...xs].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));

/** Every live campaign equals the truth, property by property; `deleted` ids carry deleted_at. */
function expectCampaignsMatch(h: Harness, deleted: string[] = []): void {
  const schema = h.schemas.find((s) => s.name === 'campaigns')!;
  const table = rows(h, 'campaigns');
  const live = table.filter((r) => r.deleted_at === null);
  const truth = ms().campaigns();
  expect(live.map((r) => r.id).sort()).toEqual(truth.map((c) => c.id).sort());
  expect(table.filter((r) => r.deleted_at instanceof Date).map((r) => r.id).sort()).toEqual([...deleted].sort());
  const bad: string[] = [];
  for (const c of truth) {
    const row = live.find((r) => r.id === c.id)!;
    if ((row.updated_at as Date).toISOString() !== c.updatedAt || (row.created_at as Date).toISOString() !== c.createdAt) bad.push(`${c.id}: timestamps`);
    for (const [name, raw] of Object.entries(c.properties)) {
      const col = schema.columns.find((x) => x.name === name);
      if (!col) bad.push(`${c.id}: no column ${name}`);
      else if (!sameValue(col, raw, row[name], null, name)) bad.push(`${c.id}.${name}: ${JSON.stringify(raw)} → ${JSON.stringify(row[name])}`);
    }
  }
  expect(bad.slice(0, 10)).toEqual([]);
}

describe('campaigns', () => {
  it('reads every campaign with its readable properties typed, past one page, then only what changed, and marks deleted ones', async () => {
    const h = await openHarness(config(), { selected: { campaigns: {} } });
    const schema = h.schemas.find((s) => s.name === 'campaigns')!;
    // Readable properties only: the two the campaigns API refuses (400) are not columns.
    expect(schema.columns.map((c) => c.name)).toEqual(expect.arrayContaining(['hs_name', 'hs_start_date', 'hs_budget_items_sum_amount', 'campaign_region', 'target_leads']));
    expect(schema.columns.map((c) => c.name)).not.toContain('hs_object_source_label');
    expect(schema.columns.find((c) => c.name === 'hs_start_date')!.type).toBe('date');
    sim.control.resetStats();
    await runStream(h, 'campaigns');
    expect(calls('campaigns.list')).toBe(2); // 130 campaigns, 100 per page
    expectCampaignsMatch(h);

    // Changes of every kind: updated, created, deleted.
    sim.control.advanceClock(3_600_000);
    const [a, b, c] = ms().campaigns();
    ms().updateCampaign(a!.id, { hs_name: 'Renamed ✨', target_leads: '777' });
    ms().addBudgetItem(b!.id, 'budget', { name: 'extra', amount: 250 });
    const created = ms().createCampaign({ hs_notes: 'new' });
    ms().deleteCampaign(c!.id);
    sim.control.resetStats();
    const { batches } = await runStream(h, 'campaigns');
    // One page of recent changes, then (the total fell below the ids known) one walk of all pages.
    expect(calls('campaigns.list')).toBe(1 + 2);
    expect(batches.flatMap((x) => x.rows).filter((r) => r.deleted_at === null).map((r) => r.id).sort()).toEqual([a!.id, b!.id, created].sort());
    expectCampaignsMatch(h, [c!.id]);
    expect(rows(h, 'campaigns').find((r) => r.id === a!.id)).toMatchObject({ hs_name: 'Renamed ✨', target_leads: 777 });

    // Nothing changed: one page, no walk, only the lookback's rows.
    sim.control.advanceClock(3_600_000);
    sim.control.resetStats();
    const again = await runStream(h, 'campaigns');
    expect(calls('campaigns.list')).toBe(1);
    // Only those within lookback_minutes of the newest change, again.
    expect(again.batches.flatMap((x) => x.rows).map((r) => r.id).sort()).toEqual([a!.id, b!.id, created].sort());
    expectCampaignsMatch(h, [c!.id]);
  });

  it('reads only the listed properties, and never asks for one the campaigns API refuses', async () => {
    const h = await openHarness(config(), { selected: { campaigns: { properties: ['hs_name', 'hs_object_source_label'] } } });
    await runStream(h, 'campaigns', { mode: 'full', options: { properties: ['hs_name', 'hs_object_source_label'] } });
    const r = rows(h, 'campaigns')[0]!;
    expect(Object.keys(r)).toContain('hs_name');
    expect(Object.keys(r)).not.toContain('hs_object_source_label');
    expect(rows(h, 'campaigns')).toHaveLength(ms().campaigns().length);
  });

  // Which sort keys the campaigns API takes is UNCONFIRMED (API-FACTS-2 §3.1).
  it.each(['ignored', 'rejected'] as const)('a server that %s sort=-updatedAt: every page is read, so changes anywhere in the list are found', async (campaignSort) => {
    const other = await startSimulator({ port: 0, seed: 41, counts: { contacts: 5 }, rateLimits: false, customProperties: 0, owners: 5, marketingSettings: { campaigns: 130 }, behaviour: { campaignSort } });
    try {
      const oms = other.control.marketingSettings;
      const h = await openHarness(makeConfig(other.url, other.token, { tier: 'unlimited' }), { selected: { campaigns: {} } });
      await runStream(h, 'campaigns');
      expect(rows(h, 'campaigns').map((r) => r.id).sort()).toEqual(oms.campaigns().map((c) => c.id).sort());

      other.control.advanceClock(3_600_000);
      const all = oms.campaigns();
      // Listed first and on the second page in creation order, where an early stop never gets.
      const [early, late, doomed] = [all[3]!, all[125]!, all[60]!];
      oms.updateCampaign(early.id, { hs_name: 'early' });
      oms.updateCampaign(late.id, { hs_name: 'late' });
      oms.deleteCampaign(doomed.id);
      other.control.resetStats();
      const { batches } = await runStream(h, 'campaigns');
      const got = batches.flatMap((b) => b.rows);
      expect(got.filter((r) => r.deleted_at === null).map((r) => r.id)).toEqual(expect.arrayContaining([early.id, late.id]));
      expect(got.filter((r) => r.deleted_at instanceof Date).map((r) => r.id)).toEqual([doomed.id]);
      // Both pages once (after the refused call): the pages read already say which campaign was deleted.
      expect(other.control.stats().byRoute['campaigns.list']).toBe(campaignSort === 'rejected' ? 3 : 2);
      const table = rows(h, 'campaigns');
      expect(table.find((r) => r.id === late.id)).toMatchObject({ hs_name: 'late' });
      expect(table.find((r) => r.id === early.id)).toMatchObject({ hs_name: 'early' });
      expect(table.filter((r) => r.deleted_at === null).map((r) => r.id).sort()).toEqual(oms.campaigns().map((c) => c.id).sort());
    } finally {
      await other.close();
    }
  });
});

function assetTruth(): string[] {
  return ms()
    .campaigns()
    .flatMap((c) => Object.entries(c.assets).flatMap(([type, list]) => list.map((a) => `${c.id}|${type}|${a.id}|${a.name}`)))
    .sort();
}

describe('campaign assets and budget', () => {
  it('reads every asset of every campaign, types with more than one page included, and follows changes', async () => {
    const truth = assetTruth();
    const perType = ms().campaigns().flatMap((c) => Object.values(c.assets).map((l) => l.length));
    expect(Math.max(...perType)).toBeGreaterThan(100); // some type needs more than one asset page
    const h = await openHarness(config(), { selected: { campaign_assets: {} } });
    sim.control.resetStats();
    await runStream(h, 'campaign_assets');
    expect(rows(h, 'campaign_assets').map((r) => `${r.campaign_id}|${r.asset_type}|${r.asset_id}|${r.name}`).sort()).toEqual(truth);
    expect(calls('campaigns.read')).toBe(ms().campaigns().length);
    const paged = ms().campaigns().flatMap((c) => Object.values(c.assets).map((l) => Math.ceil(l.length / 100) * (l.length > 10 ? 1 : 0)));
    expect(calls('campaigns.assets')).toBe(paged.reduce((s, n) => s + n, 0));
    expect(rows(h, 'campaign_assets').every((r) => r.metrics === null)).toBe(true);

    const [c] = ms().campaigns();
    const [type, list] = Object.entries(c!.assets)[0]!;
    ms().removeCampaignAsset(c!.id, type, list[0]!.id);
    ms().addCampaignAsset(c!.id, 'CTA', { id: '99', name: 'new cta' });
    const fresh = await openHarness(config(), { selected: { campaign_assets: {} } });
    await runStream(fresh, 'campaign_assets', { options: { metrics_days: 7 } });
    expect(rows(fresh, 'campaign_assets').map((r) => `${r.campaign_id}|${r.asset_type}|${r.asset_id}|${r.name}`).sort()).toEqual(assetTruth());
    const email = rows(fresh, 'campaign_assets').find((r) => r.asset_type === 'MARKETING_EMAIL')!;
    expect(email.metrics).toEqual({ SENT: expect.any(Number), OPEN: expect.any(Number), CLICKS: expect.any(Number) });
  });

  it('reads every budget and spend item, and the ones added since', async () => {
    const truth = () =>
      ms()
        .campaigns()
        .flatMap((c) => [...c.budgetItems.map((x) => ({ ...x, kind: 'budget', c })), ...c.spendItems.map((x) => ({ ...x, kind: 'spend', c }))])
        .map((x) => `${x.c.id}|${x.kind}|${x.id}|${x.name}|${x.amount}|${x.order}|${x.description ?? null}|${new Date(x.createdAt).toISOString()}|${new Date(x.updatedAt).toISOString()}`)
        .sort();
    const key = (r: Row) => `${r.campaign_id}|${r.kind}|${r.id}|${r.name}|${r.amount}|${r.order}|${r.description}|${(r.created_at as Date).toISOString()}|${(r.updated_at as Date).toISOString()}`;
    const h = await openHarness(config(), { selected: { campaign_budget_items: {} } });
    await runStream(h, 'campaign_budget_items');
    expect(rows(h, 'campaign_budget_items').map(key).sort()).toEqual(truth());
    expect(rows(h, 'campaign_budget_items')[0]!.currency_code).toBe('EUR');
    const [, , , d] = ms().campaigns();
    ms().addBudgetItem(d!.id, 'spend', { name: 'ads', amount: 99.5, description: 'search ads' });
    await runStream(h, 'campaign_budget_items');
    expect(rows(h, 'campaign_budget_items').map(key).sort()).toEqual(truth());
  });

  it.each([403, 404] as const)('an account without campaign budgets (%i): skipped in the default selection, a named stream fails saying so', async (status) => {
    const other = await startSimulator({ port: 0, seed: 5, counts: { contacts: 5 }, rateLimits: false, accountLacks: { campaignBudget: status }, marketingSettings: { campaigns: 3 } });
    try {
      const h = await openHarness(makeConfig(other.url, other.token));
      const skipped = await runStream(h, 'campaign_budget_items');
      expect(skipped.batches).toHaveLength(0);
      expect(h.logs.some((l) => /warn: skipping stream campaign_budget_items \(in the default selection\)/.test(l))).toBe(true);
      await runStream(h, 'campaigns'); // the campaigns themselves still read
      expect(rows(h, 'campaigns')).toHaveLength(3);
      const named = await openHarness(makeConfig(other.url, other.token), { selected: { campaign_budget_items: {} } });
      await expect(runStream(named, 'campaign_budget_items')).rejects.toThrow(status === 403 ? /campaign_budget_items cannot run in this portal: the account or token has no access/ : /no campaign budgets/);
    } finally {
      await other.close();
    }
  });
});

describe('communication preferences', () => {
  it('reads the subscription definitions', async () => {
    const h = await openHarness(config(), { selected: { subscription_definitions: {} } });
    await runStream(h, 'subscription_definitions');
    const got = sortBy(rows(h, 'subscription_definitions'), (r) => r.id as string);
    expect(got).toEqual(
      ms()
        .subscriptionDefinitions()
        .map((d) => ({
          id: d.id,
          name: d.name,
          description: d.description,
          purpose: d.purpose ?? null,
          communication_method: d.communicationMethod ?? null,
          is_active: d.isActive,
          is_default: d.isDefault,
          is_internal: d.isInternal,
          business_unit_id: d.businessUnitId === undefined ? null : String(d.businessUnitId),
          created_at: new Date(d.createdAt),
          updated_at: new Date(d.updatedAt),
        })),
    );
  });

  /** The truth for every contact with an email: one row per subscription. */
  function statusTruth(): Row[] {
    const seen = new Set<string>();
    const rows: Row[] = [];
    for (const c of sortBy(sim.control.truth('contacts'), (x) => x.id.padStart(20, '0'))) {
      const email = c.properties.email?.trim().toLowerCase();
      if (!email || seen.has(email)) continue;
      seen.add(email);
      const out = ms().optOutOfAll(email)[0];
      for (const s of ms().subscriptionStatuses(email))
        rows.push({
          email,
          subscription_id: String(s.subscriptionId),
          contact_id: c.id,
          subscription_name: s.subscriptionName ?? null,
          channel: s.channel,
          status: s.status,
          source: s.source,
          legal_basis: s.legalBasis ?? null,
          legal_basis_explanation: s.legalBasisExplanation ?? null,
          timestamp: new Date(s.timestamp),
          business_unit_id: s.businessUnitId === undefined ? null : String(s.businessUnitId),
          opted_out_of_all: out !== undefined,
          opted_out_of_all_at: out ? new Date(out.timestamp) : null,
        });
    }
    return sortBy(rows, (r) => `${r.email}|${r.subscription_id}`);
  }
  const sorted = (h: Harness) => sortBy(rows(h, 'subscription_statuses'), (r) => `${r.email}|${r.subscription_id}`);

  it('reads every contact status and opt-out of all in batches of 100 (3 calls per 100 contacts), then the changes', async () => {
    const h = await openHarness(config(), { selected: { subscription_statuses: {} } });
    sim.control.resetStats();
    await runStream(h, 'subscription_statuses');
    const truth = statusTruth();
    expect(truth.length).toBeGreaterThan(600);
    expect(sorted(h)).toEqual(truth);
    expect(calls('objects.list')).toBe(2); // 130 contacts
    expect(calls('subscriptions.status.batch')).toBe(2);
    expect(calls('subscriptions.unsubscribe-all.batch')).toBe(2);
    expect(new Set(truth.map((r) => r.status))).toEqual(new Set(['SUBSCRIBED', 'UNSUBSCRIBED', 'NOT_SPECIFIED']));
    expect(new Set(truth.map((r) => r.opted_out_of_all))).toEqual(new Set([true, false]));

    const email = truth[0]!.email as string;
    sim.control.advanceClock(60_000);
    ms().setSubscriptionStatus(email, '1003', 'UNSUBSCRIBED');
    ms().setSubscriptionStatus(email, '1001', 'SUBSCRIBED', 'CONSENT_WITH_NOTICE', 'opted in on the website');
    const optedOut = truth.find((r) => r.opted_out_of_all)!.email as string;
    ms().setOptedOutOfAll(optedOut, false);
    ms().setOptedOutOfAll(email, true);
    await runStream(h, 'subscription_statuses');
    expect(sorted(h)).toEqual(statusTruth());
    expect(sorted(h).find((r) => r.email === email && r.subscription_id === '1001')).toMatchObject({ status: 'SUBSCRIBED', legal_basis: 'CONSENT_WITH_NOTICE', legal_basis_explanation: 'opted in on the website', opted_out_of_all: true });
    expect(sorted(h).filter((r) => r.email === optedOut).every((r) => r.opted_out_of_all === false && r.opted_out_of_all_at === null)).toBe(true);
  });

  it('per_contact reads the same rows with two calls per contact', async () => {
    const h = await openHarness(config(), { selected: { subscription_statuses: { per_contact: true } } });
    sim.control.resetStats();
    await runStream(h, 'subscription_statuses', { options: { per_contact: true } });
    const truth = statusTruth();
    expect(sorted(h)).toEqual(truth);
    expect(calls('subscriptions.status.v4')).toBe(new Set(truth.map((r) => r.email)).size);
    expect(calls('subscriptions.unsubscribe-all')).toBe(new Set(truth.map((r) => r.email)).size);
    expect(calls('subscriptions.status.batch')).toBe(0);
  });

  it('reads the same rows from a server that takes fewer addresses per batch read (400 above 50)', async () => {
    // Inputs per batch read: 100 by the docs, UNCONFIRMED; pipe halves them after a 400.
    const [usual, fewer] = await Promise.all(
      [100, 50].map((subscriptionBatchMax) => startSimulator({ port: 0, seed: 8, counts: { contacts: 130 }, rateLimits: false, customProperties: 0, marketingSettings: { subscriptionBatchMax } })),
    );
    try {
      const read = async (s: Simulator) => {
        const h = await openHarness(makeConfig(s.url, s.token, { tier: 'unlimited' }), { selected: { subscription_statuses: {} } });
        await runStream(h, 'subscription_statuses');
        return h;
      };
      const want = await read(usual!);
      const got = await read(fewer!);
      expect(sorted(got)).toEqual(sorted(want));
      expect(sorted(got).length).toBeGreaterThan(600);
      expect(got.logs.filter((l) => /addresses per batch read: HubSpot refused 100 \(400\); asking for 50/.test(l))).toHaveLength(1);
    } finally {
      await Promise.all([usual!.close(), fewer!.close()]);
    }
  });

  it('counts addresses HubSpot refuses (207) and reads the rest', async () => {
    const other = await startSimulator({ port: 0, seed: 8, counts: { contacts: 20 }, rateLimits: false, customProperties: 0 });
    try {
      other.control.create('contacts', { email: 'not-an-address' });
      const h = await openHarness(makeConfig(other.url, other.token), { selected: { subscription_statuses: {} } });
      await runStream(h, 'subscription_statuses');
      expect(rows(h, 'subscription_statuses').some((r) => r.email === 'not-an-address')).toBe(false);
      expect(new Set(rows(h, 'subscription_statuses').map((r) => r.email)).size).toBeGreaterThan(15);
      expect(h.logs.some((l) => /refused 1 contact email address/.test(l))).toBe(true);
    } finally {
      await other.close();
    }
  });

  it('without the batch endpoint (not Enterprise): skipped in the default selection, a named stream fails naming it', async () => {
    const other = await startSimulator({ port: 0, seed: 8, counts: { contacts: 20 }, rateLimits: false, accountLacks: { subscriptionStatusBatch: 403 } });
    try {
      const h = await openHarness(makeConfig(other.url, other.token));
      expect((await runStream(h, 'subscription_statuses')).batches).toHaveLength(0);
      expect(h.logs.some((l) => /warn: skipping stream subscription_statuses \(in the default selection\): .*batch subscription status reads/.test(l))).toBe(true);
      const named = await openHarness(makeConfig(other.url, other.token), { selected: { subscription_statuses: {} } });
      await expect(runStream(named, 'subscription_statuses')).rejects.toThrow(/subscription_statuses cannot run in this portal/);
      // per_contact does not need it.
      await runStream(named, 'subscription_statuses', { options: { per_contact: true } });
      expect(rows(named, 'subscription_statuses').length).toBeGreaterThan(0);
    } finally {
      await other.close();
    }
  });
});

describe('users, teams, roles', () => {
  const userKey = (u: { id: string; email: string; roleId?: string; primaryTeamId?: string; secondaryTeamIds: string[]; superAdmin: boolean }) =>
    `${u.id}|${u.email}|${u.roleId ?? null}|${u.primaryTeamId ?? null}|${u.secondaryTeamIds.join(',')}|${u.superAdmin}`;
  const rowKey = (r: Row) => `${r.id}|${r.email}|${r.role_id}|${r.primary_team_id}|${(r.secondary_team_ids as string[]).join(',')}|${r.super_admin}`;
  const members = () =>
    ms()
      .teams()
      .flatMap((t) => [...t.userIds.map((u) => `${t.id}|${u}|true`), ...t.secondaryUserIds.map((u) => `${t.id}|${u}|false`)])
      .sort();

  it('reads users past one page, teams, team members and roles, then again after changes', async () => {
    const h = await openHarness(config(), { selected: { users: {}, teams: {}, team_members: {}, roles: {}, owners: {} } });
    sim.control.resetStats();
    for (const s of ['users', 'teams', 'team_members', 'roles', 'owners']) await runStream(h, s);
    expect(ms().users().length).toBeGreaterThan(100);
    expect(calls('settings.users.list')).toBe(2);
    expect(rows(h, 'users').map(rowKey).sort()).toEqual(ms().users().map(userKey).sort());
    expect(rows(h, 'teams').map((t) => `${t.id}|${t.name}|${(t.user_ids as string[]).join(',')}`).sort()).toEqual(ms().teams().map((t) => `${t.id}|${t.name}|${t.userIds.join(',')}`).sort());
    expect(rows(h, 'team_members').map((m) => `${m.team_id}|${m.user_id}|${m.primary}`).sort()).toEqual(members());
    expect(rows(h, 'roles').map((r) => `${r.id}|${r.name}|${r.requires_billing_write}`).sort()).toEqual(ms().roles().map((r) => `${r.id}|${r.name}|${r.requiresBillingWrite}`).sort());
    // Owners keep their teams column, and it agrees with team_members through user_id.
    const memberSet = new Set(rows(h, 'team_members').map((m) => `${m.team_id}|${m.user_id}|${m.primary}`));
    for (const o of rows(h, 'owners').filter((x) => !x.archived && x.type === 'PERSON'))
      for (const t of o.teams as { id: string; primary: boolean }[]) expect(memberSet.has(`${t.id}|${o.user_id}|${t.primary}`)).toBe(true);

    const added = ms().addUser({ email: 'new.user@example.com', firstName: 'New', roleId: '5002', primaryTeamId: '103', secondaryTeamIds: ['101'] });
    const [first, second] = ms().users();
    ms().updateUser(first!.id, { roleId: '5003', roleIds: ['5003'] });
    ms().removeUser(second!.id);
    const fresh = await openHarness(config(), { selected: { users: {}, team_members: {} } });
    await runStream(fresh, 'users');
    await runStream(fresh, 'team_members');
    expect(rows(fresh, 'users').map(rowKey).sort()).toEqual(ms().users().map(userKey).sort());
    expect(rows(fresh, 'team_members').map((m) => `${m.team_id}|${m.user_id}|${m.primary}`).sort()).toEqual(members());
    expect(rows(fresh, 'team_members').filter((m) => m.user_id === added)).toHaveLength(2);
  });

  // Docs and SDK say `/settings/v3/users`, the spec `/settings/users/v3` (API-FACTS-2 §11.5): either may be the only one live.
  it.each(['spec', 'docs'] as const)('a portal serving users, teams and roles only under the %s path: every stream reads them all, and check agrees', async (userPaths) => {
    const other = await startSimulator({ port: 0, seed: 41, counts: { contacts: 5 }, rateLimits: false, customProperties: 0, owners: 130, behaviour: { userPaths } });
    try {
      const oms = other.control.marketingSettings;
      const streams = ['users', 'teams', 'team_members', 'roles'];
      const h = await openHarness(makeConfig(other.url, other.token, { tier: 'unlimited' }), { selected: Object.fromEntries(streams.map((s) => [s, {}])) });
      for (const s of streams) await runStream(h, s);
      expect(oms.users().length).toBeGreaterThan(100);
      expect(rows(h, 'users').map(rowKey).sort()).toEqual(oms.users().map(userKey).sort());
      expect(rows(h, 'teams').map((t) => t.id).sort()).toEqual(oms.teams().map((t) => t.id).sort());
      expect(rows(h, 'roles').map((r) => r.id).sort()).toEqual(oms.roles().map((r) => r.id).sort());
      expect(rows(h, 'team_members')).toHaveLength(oms.teams().reduce((n, t) => n + t.userIds.length + t.secondaryUserIds.length, 0));
      const check = await h.conn.check!(streams.map((n) => ({ schema: h.schemas.find((s) => s.name === n)!, options: {}, mode: 'full' as const, state: undefined })));
      for (const n of streams) expect(check.details.find((d) => d.label === `stream ${n}`), n).toMatchObject({ ok: true, value: expect.stringMatching(/^scope granted/) });
    } finally {
      await other.close();
    }
  });

  it('roles an account lacks, and scopes a token lacks: skipped in the default selection, named ones fail alone', async () => {
    const token = 'pat-na1-fake-no-settings';
    const other = await startSimulator({ port: 0, seed: 9, counts: { contacts: 5 }, rateLimits: false, accountLacks: { roles: 403 }, tokens: { [token]: { scopes: ['crm.objects.contacts.read', 'settings.users.read'] } } });
    try {
      const h = await openHarness(makeConfig(other.url, token));
      for (const s of ['roles', 'teams', 'team_members', 'campaigns']) expect((await runStream(h, s)).batches, s).toHaveLength(0);
      await runStream(h, 'users');
      expect(rows(h, 'users').length).toBeGreaterThan(0);
      expect(h.logs.some((l) => /skipping stream roles \(in the default selection\)/.test(l))).toBe(true);
      expect(h.logs.some((l) => /skipping stream teams \(in the default selection\): .*settings\.users\.teams\.read/.test(l))).toBe(true);
      const named = await openHarness(makeConfig(other.url, token), { selected: { teams: {}, users: {} } });
      await expect(runStream(named, 'teams')).rejects.toThrow(/settings\.users\.teams\.read/);
      const check = await named.conn.check!(['teams', 'users'].map((n) => ({ schema: named.schemas.find((s) => s.name === n)!, options: {}, mode: 'full' as const, state: undefined })));
      expect(check.details.find((d) => d.label === 'stream teams')).toMatchObject({ ok: false, value: expect.stringMatching(/missing scope: needs settings\.users\.teams\.read/) });
      expect(check.details.find((d) => d.label === 'stream users')).toMatchObject({ ok: true });
    } finally {
      await other.close();
    }
  });
});

describe('pipe plan', () => {
  it('estimates the calls of each stream from live counts', async () => {
    const names = ['campaigns', 'campaign_assets', 'campaign_budget_items', 'subscription_definitions', 'subscription_statuses', 'users', 'teams', 'team_members', 'roles'];
    const h = await openHarness(config(), { selected: Object.fromEntries(names.map((n) => [n, {}])) });
    const n = ms().campaigns().length;
    const plan = await h.conn.estimate!(names.map((name) => ({ schema: h.schemas.find((s) => s.name === name)!, options: {}, mode: 'full' as const, state: undefined })));
    const of = (s: string) => plan.streams.find((x) => x.stream === s)!;
    expect(of('campaigns').calls).toBe(1 + Math.ceil(n / 100));
    expect(of('campaign_assets').calls).toBe(Math.ceil(n / 100) + n);
    expect(of('campaign_budget_items').calls).toBe(Math.ceil(n / 100) + n);
    const contacts = sim.control.truth('contacts').length;
    expect(of('subscription_statuses').calls).toBe(3 * Math.ceil(contacts / 100));
    for (const s of ['subscription_definitions', 'teams', 'team_members', 'roles']) expect(of(s).calls).toBe(1);
    const perContact = await h.conn.estimate!([{ schema: h.schemas.find((s) => s.name === 'subscription_statuses')!, options: { per_contact: true }, mode: 'full', state: undefined }]);
    expect(perContact.streams[0]!.calls).toBe(Math.ceil(contacts / 100) + 2 * contacts);
  });
});

describe('generated portals', () => {
  const NAMES = ['campaigns', 'campaign_assets', 'campaign_budget_items', 'subscription_definitions', 'subscription_statuses', 'users', 'teams', 'team_members', 'roles'];

  /** Between them, every stream here is served, refused 403, refused 404 and missing its scope (each where the generator can do it); 6 is a realistic-profile portal. */
  const SEEDS = [2, 125, 26, 237, 37, 50, 6];

  it(`on ${SEEDS.length} portals: the default selection reads what the portal serves and skips the rest; a named stream fails exactly when the truth says it cannot run`, async () => {
    for (const seed of SEEDS) {
      const opts = { ...generatePortal(seed), counts: { contacts: 25 }, rateLimits: false, latencyMs: 0, marketingSettings: { campaigns: 3 } };
      const truth = portalTruth(opts).streams;
      const other = await startSimulator({ port: 0, ...opts });
      const why = `seed ${seed}\n${describePortal(opts)}`;
      try {
        const config = makeConfig(other.url, other.token, { tier: 'unlimited' });
        const h = await openHarness(config);
        for (const name of NAMES) {
          const { batches } = await runStream(h, name, { mode: 'full' });
          const skipped = h.logs.some((l) => l.includes(`skipping stream ${name} (in the default selection)`));
          expect(skipped, `${name}: ${why}`).toBe(!truth[name]!.available);
          if (truth[name]!.available) expect(batches.at(-1)?.checkpoint, `${name}: ${why}`).toBeDefined();
        }
        for (const name of NAMES) {
          const named = await openHarness(config, { selected: { [name]: {} } });
          const run = runStream(named, name, { mode: 'full' });
          if (truth[name]!.available) await expect(run, `${name}: ${why}`).resolves.toBeDefined();
          else await expect(run, `${name}: ${why}`).rejects.toThrow(new RegExp(`${name}|scope`));
        }
      } finally {
        await other.close();
      }
    }
  });
});
