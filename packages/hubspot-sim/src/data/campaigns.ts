// Marketing campaigns v3 (API-FACTS-2 §3): GUID ids, string properties, assets per asset type,
// budget and spend items with epoch-ms timestamps. Small, so built eagerly and kept mutable for
// the control plane. Campaign GUIDs are a different id space from legacy email campaign ids (§3.4).
import type { PropertyDef } from './model.ts';
import { options, prop } from './property-kit.ts';
import { Rng, mix } from './random.ts';

const DAY = 86_400_000;

/** Asset type codes the simulator hands out (the full list is UNCONFIRMED, API-FACTS-2 §3.2). */
export const CAMPAIGN_ASSET_TYPES = ['MARKETING_EMAIL', 'FORM', 'LANDING_PAGE', 'BLOG_POST', 'SOCIAL_BROADCAST', 'OBJECT_LIST', 'MARKETING_EVENT', 'CTA'] as const;

export interface CampaignAsset {
  id: string;
  name: string;
}

export interface BudgetItem {
  id: string;
  name: string;
  amount: number;
  order: number;
  description?: string;
  createdAt: number;
  updatedAt: number;
}

export interface Campaign {
  id: string;
  properties: Record<string, string | null>;
  createdAt: number;
  updatedAt: number;
  businessUnits: { id: number }[];
  /** Asset type → assets, in the order HubSpot lists them. */
  assets: Map<string, CampaignAsset[]>;
  budgetItems: BudgetItem[];
  spendItems: BudgetItem[];
}

const STATUSES = ['planned', 'in_progress', 'active', 'paused', 'completed'];

/** Properties readable through `/marketing/v3/campaigns` (API-FACTS-2 §3.1 [3p]) and custom ones. */
export const CAMPAIGN_PROPERTIES: PropertyDef[] = [
  prop('hs_name', 'string', undefined, { label: 'Campaign name' }),
  prop('hs_start_date', 'date', undefined, { label: 'Start date' }),
  prop('hs_end_date', 'date', undefined, { label: 'End date' }),
  prop('hs_notes', 'string', undefined, { label: 'Notes' }),
  prop('hs_audience', 'string', undefined, { label: 'Audience' }),
  prop('hs_goal', 'string', undefined, { label: 'Goal' }),
  prop('hs_owner', 'string', undefined, { label: 'Owner' }),
  prop('hs_currency_code', 'string', undefined, { label: 'Currency' }),
  prop('hs_created_by_user_id', 'number', undefined, { label: 'Created by user id' }),
  prop('hs_campaign_status', 'enumeration', undefined, { label: 'Status', options: options(STATUSES) }),
  prop('hs_object_id', 'number', undefined, { label: 'Record id' }),
  prop('hs_utm', 'string', undefined, { label: 'UTM' }),
  prop('hs_color_hex', 'string', undefined, { label: 'Color' }),
  prop('hs_budget_items_sum_amount', 'number', undefined, { label: 'Budget total' }),
  prop('hs_spend_items_sum_amount', 'number', undefined, { label: 'Spend total' }),
  prop('campaign_region', 'enumeration', undefined, { label: 'Region', hubspotDefined: false, options: options(['emea', 'amer', 'apac']) }),
  prop('target_leads', 'number', undefined, { label: 'Target leads', hubspotDefined: false }),
];

/** Listed by the properties API, refused (400) by the campaigns API (API-FACTS-2 §3.1 [3p]). */
export const UNREADABLE_CAMPAIGN_PROPERTIES: PropertyDef[] = [
  prop('hs_object_source_label', 'string', undefined, { label: 'Record source' }),
  prop('hs_campaign_revenue_influenced', 'number', undefined, { label: 'Influenced revenue' }),
];

export const READABLE_CAMPAIGN_PROPERTIES = new Set(CAMPAIGN_PROPERTIES.map((p) => p.name));

/** A stable GUID from a seed and a number (version-4 shaped). */
export function guid(seed: number, n: number): string {
  const h = (k: number) => mix(mix(seed, 0xca4a1), n * 8 + k).toString(16).padStart(8, '0');
  const a = h(0) + h(1) + h(2) + h(3);
  return `${a.slice(0, 8)}-${a.slice(8, 12)}-4${a.slice(13, 16)}-a${a.slice(17, 20)}-${a.slice(20, 32)}`;
}

const ymd = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function makeCampaigns(seed: number, count: number, startMs: number, userIds: number[], budgets: boolean): Campaign[] {
  const out: Campaign[] = [];
  for (let i = 0; i < count; i++) out.push(makeCampaign(seed, i, startMs - (2 + ((i * 37) % 400)) * DAY - i * 60_000, userIds, budgets, startMs));
  return out;
}

/** Campaign number `n`, created at `createdMs` (also used for campaigns the control plane adds). */
export function makeCampaign(seed: number, n: number, createdMs: number, userIds: number[], budgets: boolean, startMs = createdMs): Campaign {
  const r = new Rng(mix(seed, 0xca40 + n));
  const start = createdMs + r.int(30) * DAY;
  const assets = new Map<string, CampaignAsset[]>();
  for (const [t, type] of CAMPAIGN_ASSET_TYPES.entries()) {
    // A few campaigns carry many assets of one type: past one inline page (10) and one asset page.
    const k = r.chance(0.4) ? r.int(4) : r.chance(0.05) ? 11 + r.int(120) : 0;
    if (k) assets.set(type, Array.from({ length: k }, (_, j) => ({ id: String(100_000_000 + n * 10_000 + t * 1000 + j), name: `${type.toLowerCase()} ${n}.${j}` })));
  }
  const item = (kind: string, j: number): BudgetItem => {
    const at = createdMs + (j + 1) * 3_600_000;
    return { id: String(700_000 + n * 100 + j + (kind === 'spend' ? 50 : 0)), name: `${kind} ${j + 1}`, amount: 100 * (1 + r.int(50)), order: j, ...(r.chance(0.5) ? { description: `${kind} line ${j + 1}` } : {}), createdAt: at, updatedAt: at + r.int(10) * DAY };
  };
  const budgetItems = budgets ? Array.from({ length: r.int(4) }, (_, j) => item('budget', j)) : [];
  const spendItems = budgets ? Array.from({ length: r.int(3) }, (_, j) => item('spend', j)) : [];
  const c: Campaign = {
    id: guid(seed, n),
    properties: {
      hs_name: `Campaign ${n + 1} ${r.pick(['Spring launch', 'Webinar series', 'Renewal push', 'Brand 🚀', 'Partner week'])}`,
      hs_start_date: ymd(start),
      hs_end_date: r.chance(0.7) ? ymd(start + (7 + r.int(90)) * DAY) : null,
      hs_notes: r.chance(0.5) ? `notes for campaign ${n + 1}` : null,
      hs_audience: r.chance(0.6) ? r.pick(['SMB', 'Enterprise', 'Partners']) : null,
      hs_goal: r.chance(0.5) ? `${100 * (1 + r.int(20))} leads` : null,
      hs_owner: userIds.length ? String(r.pick(userIds)) : null,
      hs_currency_code: 'EUR',
      hs_created_by_user_id: userIds.length ? String(r.pick(userIds)) : null,
      hs_campaign_status: r.pick(STATUSES),
      hs_object_id: String(1_000_000 + n),
      hs_utm: `campaign-${n + 1}`,
      hs_color_hex: `#${(r.int(0xffffff) + 1).toString(16).padStart(6, '0')}`,
      hs_budget_items_sum_amount: null,
      hs_spend_items_sum_amount: null,
      campaign_region: r.chance(0.7) ? r.pick(['emea', 'amer', 'apac']) : null,
      target_leads: r.chance(0.5) ? String(10 * (1 + r.int(100))) : null,
    },
    createdAt: createdMs,
    // Never after the portal's start: a campaign changed in the future would hide later changes.
    updatedAt: Math.min(createdMs + r.int(5) * DAY + r.int(DAY), Math.max(createdMs, startMs - 1000)),
    businessUnits: [{ id: 0 }],
    assets,
    budgetItems,
    spendItems,
  };
  sumBudget(c);
  return c;
}

/** The campaign's budget and spend totals, as HubSpot keeps them in properties. */
export function sumBudget(c: Campaign): void {
  const sum = (items: BudgetItem[]) => (items.length ? String(items.reduce((s, x) => s + x.amount, 0)) : null);
  c.properties.hs_budget_items_sum_amount = sum(c.budgetItems);
  c.properties.hs_spend_items_sum_amount = sum(c.spendItems);
}
