/**
 * Deal splits (API-FACTS-2 §6): credit for a deal shared between owners, a Sales Hub Enterprise
 * feature. HubSpot does not list splits; it reads them per deal (`POST …/deals/splits/batch/read`,
 * 100 deal ids per call). So a run walks the deals' ids (`GET …/objects/deals`, 100 per call, no
 * properties: the cheapest page there is) and reads the splits of each page's deals at once: 2 calls
 * per 100 deals. Reusing the ids the deals stream read is not cheaper: an incremental deals run
 * sees only changed deals, and splits change without moving the deal's last-modified.
 * Splits carry no modification cursor, so the stream is re-read whole each run (full).
 */
import { type Batch, type Column, HttpError, MissingScopesError, type Row, type StreamEstimate, type StreamRequest, type StreamSchema } from '@pipe/sdk';
import { CursorTrail, MalformedPageError, checkedPage, fetchPage } from '@pipe/hubspot-api';
import { SKIP_HINT, UnavailableError } from './availability.ts';
import type { DealSplitsSpec } from './catalog.ts';
import type { ReadEnv } from './env.ts';
import { LIST_PAGE } from './list.ts';
import { isoDate, num } from './values.ts';

/** Deal ids per splits batch read: the batch limit of API-FACTS §3 (HubSpot documents none for splits). */
export const SPLIT_BATCH = 100;

export const DEAL_SPLITS_COLUMNS: Column[] = [
  { name: 'deal_id', type: 'string', nullable: false, description: 'The deal (deals.id): the id the batch read was asked for.' },
  { name: 'id', type: 'string', nullable: false, description: 'Split id.' },
  { name: 'percentage', type: 'number', description: "hs_deal_split_percentage: the owner's share of the deal, 0..1 (a deal's splits sum to 1)." },
  { name: 'owner_id', type: 'string', description: 'hubspot_owner_id: joins owners.id.' },
  { name: 'created_at', type: 'timestamp', description: 'createdAt.' },
  { name: 'updated_at', type: 'timestamp', description: 'updatedAt.' },
  { name: 'properties', type: 'json', description: "Every property of the split, verbatim (HubSpot's strings)." },
  {
    name: 'read_at',
    type: 'timestamp',
    description: 'When the run that read this row started (pipe). A merge sink keeps the rows of removed splits; the current splits are those of the latest read_at.',
  },
];

const NEEDS = 'Deal splits need Sales Hub Enterprise with deal splits turned on (Settings → Objects → Deals → Deal splits)';

export function dealSplitsSchema(spec: DealSplitsSpec): StreamSchema {
  return { name: spec.name, primaryKey: ['deal_id', 'id'], columns: DEAL_SPLITS_COLUMNS, description: `${spec.description} Needs scope ${spec.scopes.join(' or ')}.`, syncModes: ['full'] };
}

/** Where the batch read is: `…/objects/deals/splits/batch/read`, or `/deal-splits/{release}/…` for a dated base path. */
export function splitsPath(objects: string): string {
  const dated = /^(.*)\/crm\/objects\/([^/]+)$/.exec(objects);
  return dated ? `${dated[1]}/deal-splits/${dated[2]}/batch/read` : `${objects}/deals/splits/batch/read`;
}

interface SplitJson {
  id: string | number;
  properties?: Record<string, string | null>;
  createdAt?: string;
  updatedAt?: string;
}
interface DealSplitsJson {
  id: string | number;
  splits: SplitJson[];
}

function splitsProblem(splits: unknown): string | undefined {
  if (!Array.isArray(splits)) return 'whose "splits" is not a list';
  try {
    checkedPage({ results: splits }, 'splits', { records: true });
  } catch (e) {
    return e instanceof MalformedPageError ? `whose splits are malformed (${e.problem})` : 'whose splits are malformed';
  }
  return undefined;
}

/** The refusal of the splits call, saying that the account (not only the token) decides. */
function refusal(e: unknown): unknown {
  if (e instanceof MissingScopesError) {
    return new MissingScopesError(`${e.message} ${NEEDS}; HubSpot grants crm.dealsplits.read_write only there.`, {
      scopes: e.scopes.length ? e.scopes : ['crm.dealsplits.read_write'],
      ...(e.stream ? { stream: e.stream } : {}),
      hint: `Add crm.dealsplits.read_write to the token if the account has deal splits; otherwise remove deal_splits from streams:, ${SKIP_HINT} (or skip_missing_scopes: true).`,
      cause: e,
    });
  }
  if (e instanceof HttpError && (e.status === 403 || e.status === 404)) {
    return new UnavailableError(`this portal has no deal splits (a Sales Hub Enterprise feature): ${e.message}`, `${NEEDS}. Otherwise remove deal_splits from streams:, ${SKIP_HINT}.`);
  }
  return e;
}

export async function* readDealSplits(env: ReadEnv, req: StreamRequest): AsyncGenerator<Batch> {
  const stream = req.schema.name;
  const url = splitsPath(env.client.paths.objects);
  const readAt = new Date(env.now());
  let after: string | undefined;
  let gone = 0;
  const trail = new CursorTrail();
  do {
    const page = await fetchPage<{ id: string | number }>(
      env.client,
      { method: 'GET', url: `${env.client.paths.objects}/deals` },
      { kind: 'list', stream, params: { limit: LIST_PAGE, after, properties: 'hs_object_id', archived: false } },
      { cursor: 'after', limit: LIST_PAGE, records: true, trail },
    );
    const ids = page.results.map((d) => String(d.id));
    for (let i = 0; i < ids.length; i += SPLIT_BATCH) {
      const inputs = ids.slice(i, i + SPLIT_BATCH);
      const asked = new Set(inputs);
      // 207: a deal deleted between the walk and the read (errors[]); the others are answered.
      const res = await fetchPage<DealSplitsJson>(
        env.client,
        { method: 'POST', url, body: { inputs: inputs.map((id) => ({ id })) } },
        { kind: 'deal_splits', stream, accept: [207] },
        { limit: inputs.length, item: (r) => (asked.has(String(r.id)) ? splitsProblem(r.splits) : 'that is not one of the deals asked for') },
      ).catch((e) => {
        throw refusal(e);
      });
      if (res.status === 207) gone += goneIds(res.data.errors);
      const rows = res.results.flatMap((d) => d.splits.map((s) => splitRow(String(d.id), s, readAt)));
      if (rows.length) yield { stream, rows };
    }
    after = page.next;
  } while (after);
  if (gone) env.ctx.logger.info(`${stream}: ${gone} deal(s) were deleted between the deals walk and their splits read; they have no splits`);
  yield { stream, rows: [], checkpoint: { v: 1, phase: 'idle' } };
}

/** Deal ids a 207 says are gone (at least 1 per error without a readable `context.ids`). */
function goneIds(errors: unknown): number {
  if (!Array.isArray(errors)) return 1;
  return errors.reduce((n: number, e) => n + (Array.isArray(e?.context?.ids) ? e.context.ids.length : 1), 0);
}

function splitRow(dealId: string, s: SplitJson, readAt: Date): Row {
  const p = s.properties ?? {};
  return {
    deal_id: dealId,
    id: String(s.id),
    percentage: num(p.hs_deal_split_percentage),
    owner_id: p.hubspot_owner_id || null,
    created_at: isoDate(s.createdAt),
    updated_at: isoDate(s.updatedAt),
    properties: p,
    read_at: readAt,
  };
}

/** `pipe plan`: the deals walk (1 call per 100) and one batch read per 100 deals. */
export async function estimateDealSplits(env: ReadEnv, req: StreamRequest): Promise<StreamEstimate> {
  const stream = req.schema.name;
  const res = await env.client.post<{ total?: number }>(`${env.client.paths.objects}/deals/search`, { filterGroups: [], properties: ['hs_object_id'], limit: 1 }, { kind: 'estimate', stream });
  const n = res.data?.total ?? 0;
  const walk = Math.max(1, Math.ceil(n / LIST_PAGE));
  const reads = Math.ceil(n / SPLIT_BATCH);
  return { stream, calls: walk + reads, note: `${n} deals: the id walk (${LIST_PAGE} per call) + 1 splits batch read per ${SPLIT_BATCH} deals; re-read whole each run` };
}

/** `pipe check`: an empty batch read needs the splits scope and the account feature, and reads nothing. */
export function dealSplitsProbe(env: ReadEnv): { url: string; post: unknown } {
  return { url: splitsPath(env.client.paths.objects), post: { inputs: [] } };
}
