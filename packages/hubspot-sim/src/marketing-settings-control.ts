// The control plane of campaigns, communication preferences and settings users: tests change them
// and read their truth (copies, never the live objects).
import { type BudgetItem, type CampaignAsset, makeCampaign, sumBudget } from './data/campaigns.ts';
import type { Portal } from './data/portal.ts';
import { type Role, type SettingsUser, type Team, teamsOf } from './data/settings-users.ts';
import type { PublicStatus, SubscriptionDefinition, SubscriptionState, WideStatus } from './data/subscriptions.ts';

export interface TruthCampaign {
  id: string;
  properties: Record<string, string | null>;
  createdAt: string;
  updatedAt: string;
  businessUnits: { id: number }[];
  /** Asset type → assets. */
  assets: Record<string, CampaignAsset[]>;
  budgetItems: BudgetItem[];
  spendItems: BudgetItem[];
}

export interface MarketingSettingsControl {
  campaigns(): TruthCampaign[];
  /** A new campaign (random properties, then `properties`); returns its GUID. */
  createCampaign(properties?: Record<string, string | null>): string;
  /** Changes properties and moves `updatedAt` to now. */
  updateCampaign(id: string, properties: Record<string, string | null>): void;
  /** Gone without trace: HubSpot lists no deleted campaigns. */
  deleteCampaign(id: string): void;
  /** Adds an asset (does not move the campaign's `updatedAt`: UNCONFIRMED). */
  addCampaignAsset(id: string, assetType: string, asset: CampaignAsset): void;
  removeCampaignAsset(id: string, assetType: string, assetId: string): void;
  /** Adds a budget or spend item; the campaign's sums follow. Returns the item id. */
  addBudgetItem(id: string, kind: 'budget' | 'spend', item: { name: string; amount: number; description?: string }): string;
  users(): SettingsUser[];
  teams(): Team[];
  roles(): Role[];
  addUser(user: { email: string; firstName?: string; lastName?: string; roleId?: string; primaryTeamId?: string; secondaryTeamIds?: string[] }): string;
  updateUser(id: string, patch: Partial<Omit<SettingsUser, 'id'>>): void;
  removeUser(id: string): void;
  subscriptionDefinitions(): SubscriptionDefinition[];
  subscriptionStatuses(email: string): PublicStatus[];
  setSubscriptionStatus(email: string, subscriptionId: string, status: SubscriptionState, legalBasis?: string, legalBasisExplanation?: string): void;
  /** The address's opt-out of all email: empty when it is not opted out. */
  optOutOfAll(email: string): WideStatus[];
  setOptedOutOfAll(email: string, optedOut: boolean): void;
}

const copy = <T>(v: T): T => structuredClone(v);

export function marketingSettingsControl(portal: Portal): MarketingSettingsControl {
  const ms = portal.marketingSettings;
  const iso = (n: number) => new Date(n).toISOString();
  const campaign = (id: string) => {
    const c = ms.campaigns.find((x) => x.id === id);
    if (!c) throw new Error(`no campaign ${id}`);
    return c;
  };
  const user = (id: string) => {
    const u = ms.users.find((x) => x.id === id);
    if (!u) throw new Error(`no user ${id}`);
    return u;
  };
  return {
    campaigns: () =>
      ms.campaigns.map((c) => ({
        id: c.id,
        properties: { ...c.properties },
        createdAt: iso(c.createdAt),
        updatedAt: iso(c.updatedAt),
        businessUnits: copy(c.businessUnits),
        assets: Object.fromEntries([...c.assets].map(([t, a]) => [t, copy(a)])),
        budgetItems: copy(c.budgetItems),
        spendItems: copy(c.spendItems),
      })),
    createCampaign(properties = {}) {
      const now = portal.nowMs();
      const c = makeCampaign(portal.seed, ms.nextCampaign++, now, ms.users.map((u) => Number(u.id)), !portal.opts.accountLacks?.campaignBudget);
      Object.assign(c.properties, properties);
      c.updatedAt = now;
      ms.campaigns.push(c);
      return c.id;
    },
    updateCampaign(id, properties) {
      const c = campaign(id);
      Object.assign(c.properties, properties);
      c.updatedAt = portal.nowMs();
    },
    deleteCampaign(id) {
      ms.campaigns.splice(ms.campaigns.indexOf(campaign(id)), 1);
    },
    addCampaignAsset(id, assetType, asset) {
      const c = campaign(id);
      const list = c.assets.get(assetType) ?? [];
      list.push({ ...asset });
      c.assets.set(assetType, list);
    },
    removeCampaignAsset(id, assetType, assetId) {
      const c = campaign(id);
      const list = (c.assets.get(assetType) ?? []).filter((a) => a.id !== assetId);
      if (list.length) c.assets.set(assetType, list);
      else c.assets.delete(assetType);
    },
    addBudgetItem(id, kind, item) {
      const c = campaign(id);
      const items = kind === 'budget' ? c.budgetItems : c.spendItems;
      const now = portal.nowMs();
      const itemId = String(800_000 + c.budgetItems.length + c.spendItems.length + ms.campaigns.indexOf(c) * 100);
      items.push({ id: itemId, name: item.name, amount: item.amount, order: items.length, ...(item.description ? { description: item.description } : {}), createdAt: now, updatedAt: now });
      sumBudget(c);
      c.updatedAt = now;
      return itemId;
    },
    users: () => copy(ms.users),
    teams: () => teamsOf(ms.users),
    roles: () => copy(ms.roles),
    addUser(u) {
      const id = String(9_500_000 + ms.nextUser++);
      ms.users.push({ id, email: u.email, ...(u.firstName ? { firstName: u.firstName } : {}), ...(u.lastName ? { lastName: u.lastName } : {}), ...(u.roleId ? { roleId: u.roleId } : {}), roleIds: u.roleId ? [u.roleId] : [], ...(u.primaryTeamId ? { primaryTeamId: u.primaryTeamId } : {}), secondaryTeamIds: u.secondaryTeamIds ?? [], superAdmin: false, seatNames: [] });
      return id;
    },
    updateUser(id, patch) {
      Object.assign(user(id), copy(patch));
    },
    removeUser(id) {
      ms.users.splice(ms.users.indexOf(user(id)), 1);
    },
    subscriptionDefinitions: () => copy(ms.subscriptions.definitions),
    subscriptionStatuses: (email) => copy(ms.subscriptions.statuses(email)),
    setSubscriptionStatus(email, subscriptionId, status, legalBasis, legalBasisExplanation) {
      ms.subscriptions.set(email, subscriptionId, status, portal.nowMs(), legalBasis, legalBasisExplanation);
    },
    optOutOfAll: (email) => copy(ms.subscriptions.wide(email)),
    setOptedOutOfAll(email, optedOut) {
      ms.subscriptions.setOptedOutOfAll(email, optedOut, portal.nowMs());
    },
  };
}
