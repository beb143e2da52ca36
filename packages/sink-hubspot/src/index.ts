/**
 * @pipe/sink-hubspot — reverse ETL: writes streams to HubSpot objects with batch upsert on a
 * unique property (or batch update by record id), mapped and converted per the properties
 * API, every rejected record kept with HubSpot's reason. See README.md and docs/reverse-etl.md.
 */
import { ConfigError, type PluginContext, SDK_VERSION, defineSink } from '@pipe/sdk';
import type { HubSpotConfig } from '@pipe/source-hubspot';
import { HubSpotClient } from '@pipe/source-hubspot/client';
import { type HubSpotSinkConfig, hubspotSinkConfig, hubspotSinkStreamOptions } from './config.ts';
import { HubSpotWriter } from './writer.ts';

export { hubspotSinkConfig, hubspotSinkStreamOptions, type HubSpotSinkConfig, type HubSpotSinkStreamOptions } from './config.ts';
export { HubSpotWriter } from './writer.ts';
export { toHubSpot, sameValue } from './convert.ts';

/** The client settings the source's `HubSpotClient` expects, from the sink's config. */
export function clientConfig(config: HubSpotSinkConfig): HubSpotConfig {
  return {
    token: config.token,
    base_url: config.base_url ?? 'https://api.hubapi.com',
    base_path: config.base_path ?? '/crm/v3',
    tier: config.tier ?? 'auto',
    max_retries: config.max_retries ?? 6,
    retry_base_ms: config.retry_base_ms ?? 500,
    request_timeout_ms: config.request_timeout_ms ?? 60_000,
    search_requests_per_second: 4,
    skip_missing_scopes: false,
    max_url_length: 12_000,
  };
}

/** The source's client; its config errors name the source's keys, so they are renamed to the sink's. */
function openClient(config: HubSpotSinkConfig, ctx: PluginContext): HubSpotClient {
  try {
    return new HubSpotClient(clientConfig(config), ctx);
  } catch (e) {
    if (e instanceof ConfigError) throw new ConfigError(e.message.replaceAll('source.hubspot.', 'sinks.hubspot.'), { hint: e.hint, cause: e });
    throw e;
  }
}

export default defineSink({
  name: 'hubspot',
  sdkVersion: SDK_VERSION,
  description:
    'Reverse ETL into HubSpot: batch upsert (100 per call) on a unique property or update by record id, column → property mapping checked against the properties API, rejected records kept with the reason, and a dry run with a diff.',
  config: hubspotSinkConfig,
  streamOptions: hubspotSinkStreamOptions,
  open(config, ctx) {
    return new HubSpotWriter(openClient(config, ctx), config, ctx, 'sinks.hubspot');
  },
});
