/**
 * The campaigns, communication-preference and settings-user streams as the source sees them:
 * their schemas (discover), readers (read), costs (`pipe plan`) and scope probes (`pipe check`).
 */
import { type Batch, MissingScopesError, type StreamEstimate, type StreamRequest, type StreamSchema } from '@pipe/sdk';
import { isUnavailable } from './availability.ts';
import { CAMPAIGNS_PATH, CAMPAIGN_ASSETS_COLUMNS, CAMPAIGN_BUDGET_COLUMNS, campaignColumns, campaignProperties, readCampaignAssets, readCampaignBudget, readCampaigns } from './campaigns.ts';
import { MARKETING_SETTINGS_STREAMS, type MarketingSettingsSpec } from './catalog.ts';
import type { HubSpotStreamOptions } from './config.ts';
import type { ReadEnv } from './env.ts';
import { PREFS, STATUS_BATCH, SUBSCRIPTION_DEFINITIONS_COLUMNS, SUBSCRIPTION_STATUSES_COLUMNS, readSubscriptionDefinitions, readSubscriptionStatuses } from './subscriptions.ts';
import { ROLES_COLUMNS, TEAMS_COLUMNS, TEAM_MEMBERS_COLUMNS, USERS_COLUMNS, USERS_PATH, USERS_SPEC_PATH, readRoles, readTeamMembers, readTeams, readUsers } from './settings-users.ts';

type Shape = Pick<StreamSchema, 'primaryKey' | 'columns' | 'cursor' | 'syncModes'>;

const SHAPES: Record<Exclude<MarketingSettingsSpec['kind'], 'campaigns'>, Shape> = {
  campaign_assets: { primaryKey: ['campaign_id', 'asset_type', 'asset_id'], columns: CAMPAIGN_ASSETS_COLUMNS, syncModes: ['full'] },
  campaign_budget_items: { primaryKey: ['campaign_id', 'kind', 'id'], columns: CAMPAIGN_BUDGET_COLUMNS, syncModes: ['full'] },
  subscription_definitions: { primaryKey: ['id'], columns: SUBSCRIPTION_DEFINITIONS_COLUMNS, syncModes: ['full'] },
  subscription_statuses: { primaryKey: ['email', 'subscription_id'], columns: SUBSCRIPTION_STATUSES_COLUMNS, syncModes: ['full'] },
  users: { primaryKey: ['id'], columns: USERS_COLUMNS, syncModes: ['full'] },
  teams: { primaryKey: ['id'], columns: TEAMS_COLUMNS, syncModes: ['full'] },
  team_members: { primaryKey: ['team_id', 'user_id'], columns: TEAM_MEMBERS_COLUMNS, syncModes: ['full'] },
  roles: { primaryKey: ['id'], columns: ROLES_COLUMNS, syncModes: ['full'] },
};

const describe = (spec: MarketingSettingsSpec, note = '') => `${spec.description}${note} Needs scope ${spec.scopes.join(' or ')}.`;

/**
 * Schemas of these streams. `campaigns` has one column per readable campaign property, typed when
 * the pipeline selects it or for the default selection (one properties call); a portal that cannot
 * describe campaigns keeps the fixed columns and a note (reading it then fails alone or is skipped).
 */
export async function marketingSettingsSchemas(env: ReadEnv, selected?: Record<string, Record<string, unknown>>): Promise<StreamSchema[]> {
  const out: StreamSchema[] = [];
  for (const spec of MARKETING_SETTINGS_STREAMS) {
    if (spec.kind !== 'campaigns') {
      out.push({ name: spec.name, description: describe(spec), ...SHAPES[spec.kind] });
      continue;
    }
    let note = '';
    let defs: Awaited<ReturnType<typeof campaignProperties>> = [];
    if (selected === undefined || spec.name in selected) {
      try {
        defs = await campaignProperties(env, spec.name, (selected?.[spec.name] ?? {}) as HubSpotStreamOptions);
      } catch (e) {
        if (!isUnavailable(e)) throw e;
        note = e instanceof MissingScopesError ? ` (property columns unknown: the token lacks ${e.scopes.join(' or ')})` : ` (property columns unknown: ${e.message})`;
      }
    }
    out.push({ name: spec.name, primaryKey: ['id'], cursor: 'updated_at', columns: campaignColumns(defs), description: describe(spec, note), syncModes: ['incremental', 'full'] });
  }
  return out;
}

export function readMarketingSettings(env: ReadEnv, spec: MarketingSettingsSpec, req: StreamRequest): AsyncGenerator<Batch> {
  switch (spec.kind) {
    case 'campaigns':
      return readCampaigns(env, req);
    case 'campaign_assets':
      return readCampaignAssets(env, req);
    case 'campaign_budget_items':
      return readCampaignBudget(env, req);
    case 'subscription_definitions':
      return readSubscriptionDefinitions(env, req);
    case 'subscription_statuses':
      return readSubscriptionStatuses(env, req);
    case 'users':
      return readUsers(env, req);
    case 'teams':
      return readTeams(env, req);
    case 'team_members':
      return readTeamMembers(env, req);
    case 'roles':
      return readRoles(env, req);
  }
}

const pages = (n: number, size: number) => Math.max(1, Math.ceil(n / size));

async function campaignCount(env: ReadEnv, stream: string): Promise<number> {
  const res = await env.client.get<{ total?: number }>(CAMPAIGNS_PATH, { kind: 'estimate', stream, params: { limit: 1, properties: 'hs_object_id' } });
  return res.data?.total ?? 0;
}

async function contactCount(env: ReadEnv, stream: string): Promise<number> {
  const res = await env.client.post<{ total?: number }>(`${env.client.paths.objects}/contacts/search`, { filterGroups: [], properties: ['hs_object_id'], limit: 1 }, { kind: 'estimate', stream });
  return res.data?.total ?? 0;
}

/** `pipe plan`: the calls one run of the stream makes (docs/hubspot.md, "API calls per run"). */
export async function estimateMarketingSettings(env: ReadEnv, spec: MarketingSettingsSpec, req: StreamRequest): Promise<StreamEstimate> {
  const stream = req.schema.name;
  const options = req.options as HubSpotStreamOptions;
  switch (spec.kind) {
    case 'campaigns': {
      const n = await campaignCount(env, stream);
      const s = req.state as { v?: number; ids?: string[] } | undefined;
      const incremental = req.mode !== 'full' && options.sync !== 'full' && s?.v === 1;
      if (!incremental) return { stream, rows: n, calls: 1 + pages(n, 100), note: `1 properties call + every page of ${n} campaigns (100 per call)` };
      const deleted = n < (s.ids?.length ?? 0);
      return { stream, calls: 1 + 1 + (deleted ? pages(n, 100) : 0), note: `1 properties call + pages of changed campaigns (≥1)${deleted ? `; fewer campaigns than known: a walk of all ${n} to find the deleted` : ''}` };
    }
    case 'campaign_assets':
    case 'campaign_budget_items': {
      const n = await campaignCount(env, stream);
      const what = spec.kind === 'campaign_assets' ? '1 call per campaign (+1 per 100 assets of a type with more than 10)' : '1 call per campaign';
      return { stream, calls: pages(n, 100) + n, note: `${n} campaigns: the list (100 per call) + ${what}` };
    }
    case 'subscription_statuses': {
      const n = await contactCount(env, stream);
      if (options.per_contact) return { stream, calls: pages(n, 100) + 2 * n, note: `per_contact: the contact list (100 per call) + 2 calls per contact with an email (statuses, opt-out of all; ${n} contacts)` };
      return { stream, calls: pages(n, 100) + 2 * Math.ceil(n / STATUS_BATCH), note: `the contact list (100 per call) + 2 batch reads (statuses, opt-out of all) per ${STATUS_BATCH} addresses (${n} contacts)` };
    }
    case 'users':
      return { stream, calls: 1, note: '1 call per 100 users; re-read whole each run' };
    default:
      return { stream, calls: 1, note: 'one unpaged call; re-read whole each run' };
  }
}

/** `pipe check`: the cheapest call that needs the same scope (and account feature) as reading the stream. */
export function marketingSettingsProbe(spec: MarketingSettingsSpec): { url: string; alias?: string; params?: Record<string, string | number>; body?: unknown } {
  switch (spec.kind) {
    case 'campaigns':
    case 'campaign_assets':
    case 'campaign_budget_items':
      return { url: CAMPAIGNS_PATH, params: { limit: 1, properties: 'hs_object_id' } };
    case 'subscription_definitions':
      return { url: `${PREFS}/v3/definitions` };
    case 'subscription_statuses':
      return { url: `${PREFS}/v4/statuses/batch/read`, params: { channel: 'EMAIL' }, body: { inputs: [] } };
    case 'users':
      return { url: USERS_PATH, alias: USERS_SPEC_PATH, params: { limit: 1 } };
    case 'teams':
    case 'team_members':
      return { url: `${USERS_PATH}/teams`, alias: `${USERS_SPEC_PATH}/teams` };
    case 'roles':
      return { url: `${USERS_PATH}/roles`, alias: `${USERS_SPEC_PATH}/roles` };
  }
}
