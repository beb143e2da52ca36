/**
 * Marketing campaigns v3 (API-FACTS-2 §3): campaigns with their properties, their assets per
 * asset type, their budget and spend items. Campaign ids are GUIDs, a different id space from
 * the legacy email campaign ids of email_events / marketing_emails.primary_email_campaign_id (§3.4).
 *
 * campaigns: incremental. The list is asked for `sort=-updatedAt`, so a run reads pages until it meets
 * a campaign older than the last run's newest `updatedAt` minus `lookback_minutes` — but only while
 * every campaign read so far really came newest first (the sort keys are UNCONFIRMED): a server that
 * ignores the sort, or refuses it (400, then asked without it), has every page read. HubSpot lists no
 * deleted campaigns, so the state keeps the ids seen; when the list's `total` is below their count
 * a campaign was deleted, and that run walks the whole list once to find which (deleted_at).
 *   checkpoint: { v: 1, watermark: <newest updatedAt ms>, ids: [...] }
 *
 * campaign_assets and campaign_budget_items: re-read for every campaign each run, one call per
 * campaign (`GET …/{guid}` carries every asset type; a type with more than one inline page is
 * read again through `…/assets/{type}`, 100 per page).
 */
import { type Batch, type Column, HttpError, type Row, type StreamRequest, rejectedValuesMetric } from '@pipe/sdk';
import { SKIP_HINT, UnavailableError } from './availability.ts';
import { type CheckedPage, CursorTrail, MalformedPageError, checkedPage, fetchPage } from '@pipe/hubspot-api';
import { DEFAULT_LOOKBACK_MINUTES, type HubSpotStreamOptions } from './config.ts';
import type { ReadEnv } from './env.ts';
import { selectProperties } from './properties.ts';
import { type HubSpotRecord, type PropertyDef, SYSTEM_COLUMNS, propertyColumns, recordToRow, tombstoneRow, typedProperties } from './typing.ts';
import { isoDate, num, ymd } from './values.ts';

export const CAMPAIGNS_PATH = '/marketing/v3/campaigns';
/** The properties API's name for campaigns (CRM object type 0-35). */
export const CAMPAIGN_OBJECT = 'campaign';
const PAGE = 100;
const ASSET_PAGE = 100;

/** HubSpot-defined properties known to be readable through the campaigns API [3p]; asking for another `hs_` one answers 400. */
const READABLE_HS = new Set([
  'hs_name', 'hs_start_date', 'hs_end_date', 'hs_notes', 'hs_audience', 'hs_goal', 'hs_owner', 'hs_currency_code', 'hs_created_by_user_id',
  'hs_campaign_status', 'hs_object_id', 'hs_utm', 'hs_color_hex', 'hs_budget_items_sum_amount', 'hs_spend_items_sum_amount',
]);

/** Readable properties: the known HubSpot ones and every custom one (custom names never start hs_ or hubspot_). */
export const isReadableCampaignProperty = (name: string): boolean => READABLE_HS.has(name) || !(name.startsWith('hs_') || name.startsWith('hubspot_'));

export async function campaignProperties(env: ReadEnv, stream: string, options: HubSpotStreamOptions): Promise<PropertyDef[]> {
  const defs = (await env.catalog.all(CAMPAIGN_OBJECT, stream)).filter((d) => isReadableCampaignProperty(d.name));
  return selectProperties(defs, options);
}

export const campaignColumns = (defs: PropertyDef[]): Column[] => [
  ...SYSTEM_COLUMNS.filter((c) => c.name !== 'merged_into'),
  { name: 'business_unit_ids', type: 'string[]', description: 'businessUnits[].id.' },
  ...propertyColumns(defs),
];

export const CAMPAIGN_ASSETS_COLUMNS: Column[] = [
  { name: 'campaign_id', type: 'string', nullable: false, description: 'Campaign GUID (campaigns.id).' },
  { name: 'asset_type', type: 'string', nullable: false, description: 'MARKETING_EMAIL, FORM, LANDING_PAGE, BLOG_POST, OBJECT_LIST, MARKETING_EVENT, …' },
  { name: 'asset_id', type: 'string', nullable: false, description: "The asset's id in its own API (e.g. marketing_emails.id for MARKETING_EMAIL)." },
  { name: 'name', type: 'string' },
  { name: 'metrics', type: 'json', description: 'With `metrics_days`: the asset metrics over that many days up to today (keys per asset type, e.g. SENT/OPEN/CLICKS, VIEWS/SUBMISSIONS).' },
];

export const CAMPAIGN_BUDGET_COLUMNS: Column[] = [
  { name: 'campaign_id', type: 'string', nullable: false, description: 'Campaign GUID (campaigns.id).' },
  { name: 'kind', type: 'string', nullable: false, description: 'budget (budgetItems) or spend (spendItems).' },
  { name: 'id', type: 'string', nullable: false },
  { name: 'name', type: 'string' },
  { name: 'amount', type: 'number', description: 'In currency_code.' },
  { name: 'order', type: 'integer', description: '0 = oldest.' },
  { name: 'description', type: 'string' },
  { name: 'currency_code', type: 'string' },
  { name: 'created_at', type: 'timestamp' },
  { name: 'updated_at', type: 'timestamp' },
];

interface CampaignJson extends HubSpotRecord {
  businessUnits?: { id: number | string }[];
}

type CampaignsState = { v: 1; watermark: number; ids: string[] };

const rowOf = (c: CampaignJson, typed: ReturnType<typeof typedProperties>, onReject: (p: string) => void): Row => {
  const { merged_into: _m, ...row } = recordToRow(c, typed, onReject);
  return { ...row, business_unit_ids: (c.businessUnits ?? []).map((b) => String(b.id)) };
};

const campaignShape = { cursor: 'after', limit: PAGE, records: true } as const;

export async function* readCampaigns(env: ReadEnv, req: StreamRequest): AsyncGenerator<Batch> {
  const stream = req.schema.name;
  const options = req.options as HubSpotStreamOptions;
  const defs = await campaignProperties(env, stream, options);
  const typed = typedProperties(defs);
  const properties = defs.map((d) => d.name).join(',');
  const onReject = (p: string) => env.ctx.metrics.add(stream, rejectedValuesMetric(p));
  const state = req.mode === 'full' || options.sync === 'full' ? undefined : (req.state as CampaignsState | undefined);
  const prior = state?.v === 1 ? state : undefined;
  const from = prior ? prior.watermark - (options.lookback_minutes ?? DEFAULT_LOOKBACK_MINUTES) * 60_000 : undefined;
  let top = prior?.watermark ?? 0;
  const seen = new Set<string>();
  // Every id listed: when no page was left unread, also the live campaigns (no walk needed for deletes).
  const listed = new Set<string>();
  let total: unknown;
  let after: string | undefined;
  // Which `sort` keys HubSpot takes is UNCONFIRMED (API-FACTS-2 §3.1): stop early only while every
  // campaign so far really came newest first, and read every page when the sort is refused.
  let sort: string | undefined = '-updatedAt';
  const trail = new CursorTrail();
  const list = (cursor: string | undefined) =>
    fetchPage<CampaignJson>(env.client, { method: 'GET', url: CAMPAIGNS_PATH }, { kind: 'campaigns', stream, params: { limit: PAGE, after: cursor, sort, properties } }, { ...campaignShape, trail });
  let newestFirst = true;
  let previous = Number.POSITIVE_INFINITY;
  let stopped = false;
  do {
    let page: Awaited<ReturnType<typeof list>>;
    try {
      page = await list(after);
    } catch (e) {
      if (!(sort && after === undefined && e instanceof HttpError && e.status === 400)) throw e;
      env.ctx.logger.info(`${stream}: ${e.message}; asking again without sort=${sort} and reading every campaign (nothing is lost; campaigns are few)`);
      sort = undefined;
      newestFirst = false;
      page = await list(undefined);
    }
    total ??= page.data.total;
    const rows: Row[] = [];
    let older = false;
    for (const c of page.results) {
      const updated = Date.parse(c.updatedAt ?? '');
      listed.add(String(c.id));
      if (!(updated <= previous)) newestFirst = false;
      previous = updated;
      // Read by an earlier run. The rest of the page is still looked at: it checks the order.
      if (from !== undefined && updated < from) {
        older = true;
        continue;
      }
      seen.add(String(c.id));
      if (updated > top) top = updated;
      rows.push(rowOf(c, typed, onReject));
    }
    if (rows.length) yield { stream, rows };
    // Newest first so far, and one older than the window: the pages left are older still.
    stopped = older && newestFirst && page.next !== undefined;
    after = stopped ? undefined : page.next;
  } while (after);
  const known = new Set([...(prior?.ids ?? []), ...seen]);
  if (prior && typeof total === 'number' && total < known.size) {
    // Fewer campaigns than we know of: some were deleted. Every page read says which; else one walk finds them.
    let live = listed;
    if (stopped) {
      live = new Set<string>();
      for await (const ids of campaignIds(env, stream)) for (const id of ids) live.add(id);
    }
    const at = new Date(env.now());
    const gone = [...known].filter((id) => !live.has(id));
    for (const id of gone) known.delete(id);
    // Created since the list began: live now, not read above; the next run reads them.
    for (const id of live) known.add(id);
    if (gone.length) {
      const { merged_into: _m, ...tomb } = tombstoneRow('', at, { deleted: true });
      yield { stream, rows: gone.map((id) => ({ ...tomb, id, business_unit_ids: [] })) };
    }
  }
  yield { stream, rows: [], checkpoint: { v: 1, watermark: top, ids: [...known].sort() } satisfies CampaignsState };
}

/** Every campaign id, page by page. */
async function* campaignIds(env: ReadEnv, stream: string): AsyncGenerator<string[]> {
  let after: string | undefined;
  const trail = new CursorTrail();
  do {
    const page = await fetchPage<CampaignJson>(env.client, { method: 'GET', url: CAMPAIGNS_PATH }, { kind: 'campaigns', stream, params: { limit: PAGE, after, properties: 'hs_object_id' } }, { ...campaignShape, trail });
    yield page.results.map((c) => String(c.id));
    after = page.next;
  } while (after);
}

interface AssetJson {
  id: string | number;
  name?: string;
  metrics?: Record<string, unknown>;
}

/** `startDate`/`endDate` for asset metrics, from `metrics_days` (none: no metrics). */
function metricsRange(env: ReadEnv, options: HubSpotStreamOptions): Record<string, string> {
  const days = options.metrics_days;
  if (!days) return {};
  const end = env.now();
  return { startDate: ymd(end - (days - 1) * 86_400_000), endDate: ymd(end) };
}

export async function* readCampaignAssets(env: ReadEnv, req: StreamRequest): AsyncGenerator<Batch> {
  const stream = req.schema.name;
  const range = metricsRange(env, req.options as HubSpotStreamOptions);
  for await (const ids of campaignIds(env, stream)) {
    const rows: Row[] = [];
    for (const id of ids) {
      const url = `${CAMPAIGNS_PATH}/${encodeURIComponent(id)}`;
      let assets: Record<string, CheckedPage<AssetJson>> = {};
      const res = await env.client.request<unknown>('GET', url, {
        kind: 'campaign_assets',
        stream,
        params: { properties: 'hs_object_id', ...range },
        // Deleted between the list and this call.
        accept: [404],
        check: (data) => {
          assets = assetsOf(data, `GET ${CAMPAIGNS_PATH}/{campaignGuid}`);
        },
      });
      if (res.status === 404) continue;
      for (const [type, first] of Object.entries(assets)) {
        let items = first.results;
        if (first.next !== undefined) items = await allAssets(env, stream, id, type, range);
        for (const a of items) rows.push({ campaign_id: id, asset_type: type, asset_id: String(a.id), name: a.name ?? null, metrics: a.metrics ?? null });
      }
    }
    if (rows.length) yield { stream, rows };
  }
  yield { stream, rows: [], checkpoint: { v: 1, phase: 'idle' } };
}

/** The `assets` map of one campaign, each asset type's list checked like a page. */
function assetsOf(data: unknown, what: string): Record<string, CheckedPage<AssetJson>> {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) throw new MalformedPageError(what, 'is not a JSON object');
  // A campaign always answers with its `assets` map (empty when it has none): without one, this is not the campaign.
  const assets = (data as { assets?: unknown }).assets;
  if (assets === null || typeof assets !== 'object' || Array.isArray(assets)) throw new MalformedPageError(what, 'has no "assets" map');
  return Object.fromEntries(Object.entries(assets).map(([type, page]) => [type, checkedPage<AssetJson>(page, `${what} (assets ${type})`, { cursor: 'after' })]));
}

/** One asset type of one campaign, every page, from the start. */
async function allAssets(env: ReadEnv, stream: string, id: string, type: string, range: Record<string, string>): Promise<AssetJson[]> {
  const out: AssetJson[] = [];
  let after: string | undefined;
  const trail = new CursorTrail();
  do {
    const page = await fetchPage<AssetJson>(
      env.client,
      { method: 'GET', url: `${CAMPAIGNS_PATH}/${encodeURIComponent(id)}/assets/${encodeURIComponent(type)}` },
      { kind: 'campaign_assets', stream, params: { limit: ASSET_PAGE, after, ...range } },
      { cursor: 'after', limit: ASSET_PAGE, trail },
    );
    out.push(...page.results);
    after = page.next;
  } while (after);
  return out;
}

interface BudgetItemJson {
  id: string | number;
  name?: string;
  amount?: number;
  order?: number;
  description?: string;
  createdAt?: number | string;
  updatedAt?: number | string;
}

export async function* readCampaignBudget(env: ReadEnv, req: StreamRequest): AsyncGenerator<Batch> {
  const stream = req.schema.name;
  let answered = 0;
  for await (const ids of campaignIds(env, stream)) {
    const rows: Row[] = [];
    for (const id of ids) {
      let totals: { budgetItems: BudgetItemJson[]; spendItems: BudgetItemJson[]; currencyCode?: string } | undefined;
      const url = `${CAMPAIGNS_PATH}/${encodeURIComponent(id)}/budget/totals`;
      const what = `GET ${CAMPAIGNS_PATH}/{campaignGuid}/budget/totals`;
      const res = await env.client.request<unknown>('GET', url, {
        kind: 'campaign_budget',
        stream,
        accept: [404],
        check: (data) => {
          const d = (data ?? {}) as Record<string, unknown>;
          const budgetItems = checkedPage<BudgetItemJson>(d, what, { list: 'budgetItems' }).results;
          const spendItems = checkedPage<BudgetItemJson>(d, what, { list: 'spendItems' }).results;
          totals = { budgetItems, spendItems, currencyCode: typeof d.currencyCode === 'string' ? d.currencyCode : undefined };
        },
      });
      // A 404 before any budget was read: the account has no campaign budgets; after one, a campaign deleted since the list.
      if (res.status === 404) {
        if (answered === 0) throw new UnavailableError(`stream ${stream} cannot run in this portal: HubSpot answered 404 to ${what}, so this account has no campaign budgets`, `remove ${stream} from streams:, ${SKIP_HINT}`);
        continue;
      }
      answered++;
      const item = (kind: string) => (x: BudgetItemJson): Row => ({
        campaign_id: id,
        kind,
        id: String(x.id),
        name: x.name ?? null,
        amount: num(x.amount),
        order: typeof x.order === 'number' ? x.order : null,
        description: x.description ?? null,
        currency_code: totals?.currencyCode ?? null,
        created_at: isoDate(x.createdAt),
        updated_at: isoDate(x.updatedAt),
      });
      rows.push(...totals!.budgetItems.map(item('budget')), ...totals!.spendItems.map(item('spend')));
    }
    if (rows.length) yield { stream, rows };
  }
  yield { stream, rows: [], checkpoint: { v: 1, phase: 'idle' } };
}
