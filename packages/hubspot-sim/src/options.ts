// Public options of the simulator and their defaults. Every UNCONFIRMED HubSpot behaviour is a knob here.
import type { MarketingSettingsOptions } from './data/marketing-settings.ts';
import type { EmailCampaignOptions } from './data/email-campaigns.ts';
import type { DealSplitsOptions } from './data/deal-splits.ts';

export type Tier = 'free' | 'starter' | 'professional' | 'enterprise' | 'capacity_pack';

export interface FaultOptions {
  /** Share of requests answered with 502/503/504 (default 0). */
  rate5xx?: number;
  /** 5xx bodies are Cloudflare-style HTML (true, default) or empty (false). */
  htmlBodies?: boolean;
  /** Share of responses whose connection is reset after part of the body was sent. */
  resetRate?: number;
  /** Share of requests answered with 423 Locked. */
  rate423?: number;
  /** Share of requests that start a burst of TEN_SECONDLY_ROLLING 429s (see burst429Length). */
  burst429?: number;
  /** Consecutive 429s per burst (default 5). */
  burst429Length?: number;
  /** Seed of the fault dice (default: the simulator seed). */
  seed?: number;
}

export interface BehaviourOptions {
  /** Max `limit` on list endpoints (default 100). */
  listMaxLimit?: number;
  /** Above listMaxLimit: 'error' answers 400 (default), 'clamp' silently serves listMaxLimit. UNCONFIRMED. */
  listOverLimit?: 'error' | 'clamp';
  /**
   * CRM object lists' `paging.next.after`: 'next-id' (default) is the id of the next record, and
   * `after=X` lists records with id ≥ X, as HubSpot's own example shows ("after":"513" after record
   * 512); 'opaque' is an encoded position that answers 400 to anything a client built itself.
   * HubSpot documents cursors as opaque: UNCONFIRMED either way.
   */
  listCursor?: 'next-id' | 'opaque';
  /**
   * CRM object lists' order: 'id' (default) ascending by id, as HubSpot's lists appear to be;
   * 'shuffled' a fixed order unrelated to the ids (seeded), as a server keeping another order would
   * list them. UNCONFIRMED (API-FACTS 3.1). A 'next-id' cursor then names the next record in that order.
   */
  listOrder?: 'id' | 'shuffled';
  /** Max `limit` of a search page (default 200). */
  searchMaxLimit?: number;
  /** Results one search query may page through (default 10,000; 400 past it). */
  searchMaxResults?: number;
  /** Filter groups / filters per group / filters in total accepted by search (default 5 / 10 / 25). */
  searchMaxGroups?: number;
  searchMaxFiltersPerGroup?: number;
  searchMaxFilters?: number;
  /** Batch inputs per call (default 100). */
  batchMaxInputs?: number;
  /** Inputs per v4 association batch read (default 1,000 since 2025-02-10; one tracker reads it as 100: API-FACTS-2 §11.4). */
  associationBatchMaxInputs?: number;
  /** Associations returned per record through v3 `associations=` (default 100). */
  v3AssociationsPerRecord?: number;
  /** Responses carry created, last-modified and hs_object_id even when other properties are requested (default true). UNCONFIRMED. */
  alwaysIncludeSystemProps?: boolean;
  /** Requested-but-empty properties come back as null (true, default) or are omitted. UNCONFIRMED. */
  nullForMissing?: boolean;
  /** Reading a merged-away id returns the surviving record (default true). UNCONFIRMED. */
  readMergedReturnsPrimary?: boolean;
  /** Merged-away records show up in `archived=true` lists (default false). UNCONFIRMED. */
  mergedAppearArchived?: boolean;
  /** Restoring an archived record (control `restore`) moves its last-modified to now (default true). UNCONFIRMED (API-FACTS §10). */
  restoreBumpsModified?: boolean;
  /**
   * Object types whose `/search` answers 404 (default none). HubSpot documents search for the
   * objects pipe reads, but not for every object type (contracts have none); a compatible server
   * may leave it out for more.
   */
  searchlessObjects?: string[];
  /** policyName in the search per-second 429 body (default 'SECONDLY'; null omits it). UNCONFIRMED. */
  searchPolicyName?: string | null;
  /** Send the legacy X-HubSpot-RateLimit-Secondly headers too (default false). UNCONFIRMED. */
  secondlyHeaders?: boolean;
  /** v4 association `toObjectId` as a JSON number (true) or string as the spec types it (false, default). UNCONFIRMED. */
  v4NumericIds?: boolean;
  /** Event occurrences (API-FACTS-2 §10): `objectType` without `objectId` lists the whole portal's (true, default) or answers 400 (false). UNCONFIRMED. */
  eventsPortalWide?: boolean;
  /** Event occurrences: max `limit` (default 100; 400 above it). UNCONFIRMED. */
  eventsMaxLimit?: number;
  /**
   * How analytics reports answer a daily, weekly or monthly request (API-FACTS §8): 'by-date'
   * (default), an object keyed by period start; or 'totals', the documented
   * `{offset, total, totals, breakdowns}` summing up the whole requested range. UNCONFIRMED which.
   */
  analyticsShape?: 'by-date' | 'totals';
  /**
   * The campaigns list's `sort` (API-FACTS-2 §3.1; only `-updatedAt` is seen, in 3p code):
   * 'honoured' (default) sorts by createdAt, updatedAt or name; 'ignored' lists in creation order
   * whatever it says; 'rejected' answers 400 to any `sort`. UNCONFIRMED.
   */
  campaignSort?: 'honoured' | 'ignored' | 'rejected';
  /** Submissions of an archived form (API-FACTS-2 §2.2): 'served' (default), or 404 as for an unknown form GUID. UNCONFIRMED. */
  archivedFormSubmissions?: 'served' | 404;
  /**
   * Which path serves settings users, teams and roles (API-FACTS-2 §5, §11.5): both (default), only
   * the docs' and SDK's `/settings/v3/users` ('docs') or only the spec's `/settings/users/v3` ('spec');
   * the other answers 404. UNCONFIRMED which is live.
   */
  userPaths?: 'both' | 'docs' | 'spec';
  /**
   * List search `additionalProperties` (API-FACTS-2 §1.2): the documented defaults (hs_list_size,
   * hs_last_record_*, …) plus those asked ('defaults', default), or only those asked ('requested'). UNCONFIRMED.
   */
  listSearchProperties?: 'defaults' | 'requested';
  /**
   * Which paths serve custom object schemas (API-FACTS §5): both (default), only
   * `/crm-object-schemas/v3/schemas` ('current'), or only the older alias `/crm/v3/schemas`
   * ('legacy'); the other answers 404. UNCONFIRMED which of them still work.
   */
  schemaPaths?: 'both' | 'current' | 'legacy';
  /**
   * Which path serves association labels (API-FACTS §6): both (default), only the docs'
   * `/crm/v4/associations/{from}/{to}/labels` ('docs'), or only the spec's
   * `/crm/associations/v4/{from}/{to}/labels` ('spec'); the other answers 404. UNCONFIRMED which is live.
   */
  associationLabelPaths?: 'both' | 'docs' | 'spec';
  /**
   * How a v4 association batch read answers an input without associations (API-FACTS §6): a
   * per-input error in a 207 ('error', default) or a result with an empty `to` list ('empty'). UNCONFIRMED.
   */
  associationNoneAnswer?: 'error' | 'empty';
  /**
   * A record list's or read's `properties` (API-FACTS §3.1): comma-joined or repeated ('both',
   * default: the docs' description and HubSpot's SDKs), or only repeated ('repeated': the spec's
   * explode=true, under which `a,b` is one unknown name). UNCONFIRMED that a server takes both.
   */
  propertiesParam?: 'both' | 'repeated';
}

/** How a request naming an object type this portal lacks is answered: 400 "Unable to infer object type
 * from: quotes" (as HubSpot answers an unknown type), 403 (not in the subscription) or 404. The bodies
 * of 403 and 404 are UNCONFIRMED. */
export type AbsentAnswer = 400 | 403 | 404;

/** Record id layout per object type (ids are `idOffset + ordinal × spacing + 1 + position`). */
export type IdLayout =
  | { kind: 'dense' }
  /** Every `stride`-th id (HubSpot portals often step by 50 or 100). */
  | { kind: 'sparse'; stride: number }
  /** Runs of `clusterSize` consecutive ids separated by `gap` unused ids (imports, deleted batches). */
  | { kind: 'clustered'; clusterSize: number; gap: number };

/** Latency as a median with log-normal spread, or as p50/p99 (heavy tail: sigma = ln(p99/p50) / 2.326). */
export type LatencyOption = number | { median: number; jitter?: number } | { p50: number; p99: number };

/** How `X-HubSpot-RateLimit-*` headers are sent: as documented, lower- or upper-cased names, none
 * at all, or without the daily pair (as HubSpot does for OAuth calls). Which a portal sends: UNCONFIRMED. */
export type RateLimitHeaderStyle = 'standard' | 'lowercase' | 'uppercase' | 'none' | 'no-daily';

/** API families an account may lack (Marketing Hub, reporting): answered 403 or 404 (bodies UNCONFIRMED). */
export interface AccountLacks {
  marketingEmails?: 403 | 404;
  emailEvents?: 403 | 404;
  analytics?: 403 | 404;
  /** Web analytics event occurrences (an Enterprise feature, API-FACTS-2 §10). */
  events?: 403 | 404;
  /** Marketing campaigns (Marketing Hub Professional+). */
  campaigns?: 403 | 404;
  /** Campaign budget and spend (absent in some accounts: UNCONFIRMED which). */
  campaignBudget?: 403 | 404;
  /** Batch subscription-status reads (Marketing Hub Enterprise [docs]); single reads still work. */
  subscriptionStatusBatch?: 403;
  /** Settings roles (an Enterprise feature in the UI: UNCONFIRMED for the API). */
  roles?: 403 | 404;
  /** Legacy email campaigns (`/email/public/v1/campaigns`, API-FACTS-2 §3.4). */
  emailCampaigns?: 403 | 404;
  /** Deal splits (Sales Hub Enterprise [docs]): 403 MISSING_SCOPES (the scope cannot be granted), 403 FORBIDDEN or 404. Which HubSpot sends: UNCONFIRMED. */
  dealSplits?: 'missing_scopes' | 403 | 404;
}

/** Property sets: the narrow default, or HubSpot-wide contacts (~350), companies and deals (see README). */
export type Profile = 'narrow' | 'realistic';

export interface SimOptions {
  port?: number;
  host?: string;
  seed?: number;
  counts?: Partial<Record<string, number>>;
  customProperties?: number;
  customObjects?: { name: string; count: number }[];
  owners?: number;
  marketingEmails?: number;
  emailEvents?: number;
  tier?: Tier;
  rateLimits?: boolean;
  dailyLimit?: number;
  searchPerSecond?: number;
  retryAfter?: boolean;
  basePath?: string;
  latencyMs?: LatencyOption;
  searchLagMs?: number;
  maxUrlLength?: number;
  faults?: FaultOptions;
  tokens?: Record<string, { scopes: string[] }>;
  startTime?: Date;
  /**
   * Gap between consecutive record ids of one type (default 1, dense). Real portals' ids are
   * sparse (often steps of 50 or 100); a stride exercises clients that must not assume density.
   */
  idStride?: number;
  /** Stamp this many records per type with one identical last-modified time at start (>10k ties). */
  tiedTimestamps?: Partial<Record<string, number>>;
  behaviour?: BehaviourOptions;
  /** Id layout of every object type (default dense; `idStride` is the older spelling of sparse). */
  idLayout?: IdLayout;
  /** Added to every record id, e.g. 2^31 to put ids past 32-bit signed integers (default 0). */
  idOffset?: number;
  /** Standard object types this portal does not have, and how requests naming them are answered. */
  absentObjects?: Partial<Record<string, AbsentAnswer>>;
  /** Further CRM object types this portal has (API-FACTS-2 §6: leads, goal_targets, communications,
   * postal_mail, feedback_submissions, invoices, orders, carts, commerce_payments, commerce_subscriptions,
   * discounts, fees, taxes, courses, listings, services, appointments), 40 records each unless
   * `counts` says otherwise. Default none: the others answer 400 (or as `absentObjects` says). */
  furtherObjects?: string[];
  /** Object types whose properties lack `hs_merged_object_ids` (HubSpot does not define it everywhere). */
  withoutMergedIds?: string[];
  /** Add properties of unusual types and field types to every object (`object_coordinates`, `json`,
   * `file`, `html`, select without options, very long names). Default false. */
  unusualProperties?: boolean;
  /** Derived properties per object (default 0): `calculated: true` equations, and `calculated: false`
   * rollups and scores whose fieldType starts with `calculation_` (API-FACTS-2 §8). */
  calculatedProperties?: number;
  /** Rate-limit header spelling (default 'standard'). */
  rateLimitHeaders?: RateLimitHeaderStyle;
  /** Scopes of the default token (default: every scope). Calls outside them get 403 MISSING_SCOPES. */
  tokenScopes?: string[];
  /** API families this account does not have. */
  accountLacks?: AccountLacks;
  /**
   * What the analytics reports API answers for a `breakdown_by` it does not know: made-up data
   * (default), 400 or 404. HubSpot's list of breakdowns and its answer are UNCONFIRMED (API-FACTS §8).
   */
  unknownBreakdown?: 'data' | 400 | 404;
  /** Property set (default 'narrow'). */
  profile?: Profile;
  /** Lists (v3) generated, cycling MANUAL, DYNAMIC, SNAPSHOT (default 9; the first holds more than 250 members). */
  lists?: number;
  /** Forms generated, of every form type (default 8; the first has 120 submissions). */
  forms?: number;
  /** List search `count` above 500: 'clamp' (default) serves 500, 'error' answers 400. UNCONFIRMED (Airbyte sends 1000). */
  listsSearchOverLimit?: 'clamp' | 'error';
  /** List memberships `limit` above 250: 'error' (default) answers 400, 'clamp' serves 250. UNCONFIRMED. */
  listMembershipsOverLimit?: 'clamp' | 'error';
  /** Event occurrences per contact, company, deal and ticket on average (default 2; API-FACTS-2 §10). */
  eventOccurrences?: number;
  /** MB of serialised list records to keep, so pages read again are copied instead of rebuilt
   * (default 0: off). Benchmarks use it so that the client, not the simulator, is measured. */
  recordCacheMb?: number;
  /** Campaigns, communication preferences, users/teams/roles: counts and UNCONFIRMED limits. */
  marketingSettings?: MarketingSettingsOptions;
  /** Legacy email campaigns (one per send of each marketing email): UNCONFIRMED limits and fields. */
  emailCampaigns?: EmailCampaignOptions;
  /** Deal splits: share of deals with splits, batch limit, how a deal without splits is answered. */
  dealSplits?: DealSplitsOptions;
}

export const DEFAULT_TOKEN = 'pat-na1-fake-0000-4000-8000-000000000000';

export const DEFAULT_COUNTS: Record<string, number> = {
  contacts: 1000,
  companies: 200,
  deals: 300,
  tickets: 100,
  products: 50,
  line_items: 200,
  quotes: 20,
  calls: 100,
  emails: 100,
  meetings: 60,
  notes: 150,
  tasks: 80,
};

export const BURST_BY_TIER: Record<Tier, number> = { free: 100, starter: 100, professional: 190, enterprise: 190, capacity_pack: 250 };
export const DAILY_BY_TIER: Record<Tier, number> = {
  free: 250_000,
  starter: 250_000,
  professional: 650_000,
  enterprise: 1_000_000,
  capacity_pack: 2_000_000,
};

export type ResolvedBehaviour = Required<Omit<BehaviourOptions, 'searchPolicyName'>> & { searchPolicyName: string | null };

export function resolveBehaviour(b: BehaviourOptions = {}): ResolvedBehaviour {
  return {
    listMaxLimit: 100,
    listOverLimit: 'error',
    listCursor: 'next-id',
    listOrder: 'id',
    searchMaxLimit: 200,
    searchMaxResults: 10_000,
    searchMaxGroups: 5,
    searchMaxFiltersPerGroup: 10,
    searchMaxFilters: 25,
    batchMaxInputs: 100,
    associationBatchMaxInputs: 1000,
    v3AssociationsPerRecord: 100,
    nullForMissing: true,
    alwaysIncludeSystemProps: true,
    readMergedReturnsPrimary: true,
    mergedAppearArchived: false,
    restoreBumpsModified: true,
    searchlessObjects: [],
    secondlyHeaders: false,
    v4NumericIds: false,
    eventsPortalWide: true,
    eventsMaxLimit: 100,
    analyticsShape: 'by-date',
    campaignSort: 'honoured',
    archivedFormSubmissions: 'served',
    userPaths: 'both',
    listSearchProperties: 'defaults',
    schemaPaths: 'both',
    associationLabelPaths: 'both',
    associationNoneAnswer: 'error',
    propertiesParam: 'both',
    ...b,
    searchPolicyName: b.searchPolicyName === undefined ? 'SECONDLY' : b.searchPolicyName,
  };
}

export const DEFAULT_START = new Date('2026-06-01T12:00:00.000Z');
