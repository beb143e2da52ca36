/**
 * @pipe/source-hubspot — HubSpot CRM objects into tables: gap-free incremental sync through
 * search, archived/merged/deleted records, typed columns from the properties API, and one
 * rate-limit budget per token. See README.md and docs/hubspot.md.
 */
import { type Batch, MissingScopesError, type PluginContext, SDK_VERSION, SourceError, type SourceConnection, type StreamRequest, defineSource } from '@pipe/sdk';
import { isUnavailable, unavailableError } from './availability.ts';
import { readOwners, readPipelines } from './account-streams.ts';
import { breakdownWarnings, readAnalytics } from './analytics.ts';
import { readAssociations } from './associations.ts';
import { readEmailEvents, readMarketingEmails } from './marketing.ts';
import { readFormSubmissions, readForms } from './forms.ts';
import { readListMemberships, readLists } from './lists.ts';
import { readPropertyHistory } from './property-history.ts';
import { readEventOccurrences } from './event-occurrences.ts';
import { readEmailCampaigns } from './email-campaigns.ts';
import { type StreamSpec, isMarketingSettings } from './catalog.ts';
import { StreamRegistry } from './custom-objects.ts';
import { checkConnection } from './check.ts';
import { HubSpotClient, resolveBaseUrl } from '@pipe/hubspot-api';
import { type HubSpotConfig, hubspotConfig, hubspotStreamOptions } from './config.ts';
import { discoverStreams } from './discover.ts';
import { estimateRun } from './estimate.ts';
import type { ReadEnv } from './env.ts';
import { readMergedIds, readProperties } from './meta-streams.ts';
import { readMarketingSettings } from './marketing-settings.ts';
import { readObjectStream } from './object-stream.ts';
import { readFurtherObject } from './further-objects.ts';
import { readDealSplits } from './deal-splits.ts';
import { PropertyCatalog } from './properties.ts';
import { unreadOptionWarnings } from './option-use.ts';

export { hubspotConfig, hubspotStreamOptions, type HubSpotConfig } from './config.ts';
export { OBJECT_STREAMS, META_STREAMS, ACCOUNT_STREAMS, ASSOCIATION_STREAMS, MARKETING_SETTINGS_STREAMS, EMAIL_CAMPAIGN_STREAMS, DEAL_SPLIT_STREAMS } from './catalog.ts';

export interface OpenOptions {
  /** The clock, epoch ms (default Date.now). */
  now?: () => number;
}

export function openHubSpot(config: HubSpotConfig, ctx: PluginContext, opts: OpenOptions = {}): SourceConnection {
  const client = new HubSpotClient(config, ctx);
  const specs = new StreamRegistry(client, (m) => ctx.logger.warn(m), config.associations ?? []);
  const env: ReadEnv = { client, catalog: new PropertyCatalog(client), specs, config, baseUrl: resolveBaseUrl(config.base_url), ctx, now: opts.now ?? Date.now };
  let primed = false;
  // Streams the pipeline names under `streams:`; undefined = the default selection (all of them).
  let selected: Set<string> | undefined;
  return {
    discover: (chosen) => {
      selected = chosen ? new Set(Object.keys(chosen)) : undefined;
      return discoverStreams(env, chosen);
    },
    async *read(stream) {
      // So that a DAILY stop can say when the limit resets (one call per run). Not awaited: the
      // first pages need not wait a round trip for it, and a 429 waits for the answer.
      if (!primed) {
        primed = true;
        void client.learnDailyReset();
      }
      yield* readStream(env, stream, selected?.has(stream.schema.name) ?? false);
    },
    check: (streams, opts) => checkConnection(env, streams, (name) => selected?.has(name) ?? false, opts?.scopes),
    estimate: (streams) => estimateRun(env, streams),
    async close() {},
  };
}

/** `named`: the pipeline selected this stream by name (not just the default selection). */
async function* readStream(env: ReadEnv, req: StreamRequest, named: boolean): AsyncGenerator<Batch> {
  const name = req.schema.name;
  let yielded = false;
  try {
    // Resolving may throw the schemas API's refusal: a custom stream the token cannot list.
    const spec = await env.specs.resolve(name);
    if (!spec) throw new SourceError(`HubSpot has no stream "${name}"`, { hint: 'run `pipe discover` to list the streams this portal offers' });
    for await (const batch of readerFor(env, spec, req)) {
      yielded = true;
      yield batch;
    }
  } catch (e) {
    // What the portal cannot serve shows before the first batch (missing scope, object type or
    // property, an endpoint the account lacks): a stream nobody named, or skip_unavailable,
    // skips it with a warning; a named one fails alone, saying what is missing.
    if (yielded || !isUnavailable(e)) throw e;
    const scopes = e instanceof MissingScopesError;
    if (!named || env.config.skip_unavailable || (scopes && env.config.skip_missing_scopes)) {
      env.ctx.logger.warn(`skipping stream ${name}${named ? '' : ' (in the default selection)'}: ${e.message}`);
      env.ctx.metrics.add(name, scopes ? 'skipped_missing_scopes' : 'skipped_unavailable');
      return;
    }
    throw unavailableError(name, e);
  }
}

function readerFor(env: ReadEnv, spec: StreamSpec, req: StreamRequest): AsyncGenerator<Batch> {
  if (isMarketingSettings(spec)) return readMarketingSettings(env, spec, req);
  switch (spec.kind) {
    case 'object':
      return spec.further ? readFurtherObject(env, spec, req) : readObjectStream(env, spec, req);
    case 'properties':
      return readProperties(env, req);
    case 'merged_ids':
      return readMergedIds(env, req);
    case 'owners':
      return readOwners(env, req);
    case 'pipelines':
    case 'pipeline_stages':
      return readPipelines(env, req, spec.kind === 'pipeline_stages');
    case 'marketing_emails':
      return readMarketingEmails(env, req);
    case 'email_events':
      return readEmailEvents(env, req);
    case 'analytics':
      return readAnalytics(env, req);
    case 'property_history':
      return readPropertyHistory(env, req);
    case 'event_occurrences':
      return readEventOccurrences(env, req);
    case 'associations':
      return readAssociations(env, spec, req);
    case 'lists':
      return readLists(env, req);
    case 'list_memberships':
      return readListMemberships(env, req);
    case 'forms':
      return readForms(env, req);
    case 'form_submissions':
      return readFormSubmissions(env, req);
    case 'email_campaigns':
      return readEmailCampaigns(env, req);
    case 'deal_splits':
      return readDealSplits(env, req);
    default: {
      const unknown: never = spec;
      throw new Error(`internal: HubSpot stream ${JSON.stringify(unknown)} has no reader`);
    }
  }
}

export default defineSource({
  name: 'hubspot',
  sdkVersion: SDK_VERSION,
  description:
    'HubSpot: CRM objects (contacts, companies, deals, tickets, products, line items, quotes, engagements, custom objects), their properties, merges, associations, owners, pipelines, marketing emails, email events, analytics reports, property history, lists and their memberships, forms and form submissions, event occurrences, legacy email campaigns, and deal splits.',
  config: hubspotConfig,
  streamOptions: hubspotStreamOptions,
  warnings: (_config, ctx) => [...unreadOptionWarnings(ctx.streams), ...breakdownWarnings(ctx.streams)],
  open: (config, ctx) => openHubSpot(config, ctx),
});
