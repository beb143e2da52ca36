// Campaigns, communication preferences, and settings users/teams/roles of one portal, with the
// knobs for their UNCONFIRMED limits (API-FACTS-2 §3–§5).
import { type Campaign, makeCampaigns } from './campaigns.ts';
import { ROLES, type Role, type SettingsUser, makeUsers } from './settings-users.ts';
import { Subscriptions } from './subscriptions.ts';
import type { Owner } from './world.ts';

export interface MarketingSettingsOptions {
  /** Marketing campaigns (default 12). */
  campaigns?: number;
  /** Largest `limit` of the campaigns list; above it 400 INVALID_LIMIT (default 500, from one 3p sample: UNCONFIRMED). */
  campaignsMaxLimit?: number;
  /** Inputs per campaigns batch read (default 50 [spec]). */
  campaignBatchMax?: number;
  /** Assets per type inlined in `GET /marketing/v3/campaigns/{guid}` before `paging` (default 10: UNCONFIRMED). */
  assetsInline?: number;
  /** Largest `limit` of the per-type assets list (default 100: UNCONFIRMED); above it 400. */
  assetsMaxLimit?: number;
  /** Inputs per v4 subscription-status batch read (default 100: UNCONFIRMED); above it 400. */
  subscriptionBatchMax?: number;
  /** v4 status reads without `channel=EMAIL` answer 400 (default true: UNCONFIRMED). */
  requireChannel?: boolean;
}

export type ResolvedMarketingSettings = Required<MarketingSettingsOptions>;

export class MarketingSettings {
  readonly opts: ResolvedMarketingSettings;
  readonly campaigns: Campaign[];
  readonly users: SettingsUser[];
  readonly roles: Role[] = ROLES.map((r) => ({ ...r }));
  readonly subscriptions: Subscriptions;
  /** Number of the next campaign the control plane creates. */
  nextCampaign: number;
  nextUser = 1;

  /** `budgets`: whether the account has campaign budgets (without them the items stay empty). */
  constructor(seed: number, startMs: number, owners: Owner[], opts: MarketingSettingsOptions = {}, budgets = true) {
    this.opts = {
      campaigns: 12,
      campaignsMaxLimit: 500,
      campaignBatchMax: 50,
      assetsInline: 10,
      assetsMaxLimit: 100,
      subscriptionBatchMax: 100,
      requireChannel: true,
      ...opts,
    };
    // Before any owner is served: users add their secondary teams to the owners' `teams`.
    this.users = makeUsers(seed, owners);
    this.campaigns = makeCampaigns(seed, this.opts.campaigns, startMs, this.users.map((u) => Number(u.id)), budgets);
    this.nextCampaign = this.opts.campaigns;
    this.subscriptions = new Subscriptions(seed, startMs);
  }
}
