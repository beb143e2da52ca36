/**
 * @pipe/sink-hubspot — reverse ETL: writes streams to HubSpot objects with batch upsert on a
 * unique property (or batch update by record id), mapped and converted per the properties
 * API, every rejected record kept with HubSpot's reason. See README.md and docs/reverse-etl.md.
 */
import { HubSpotClient } from '@pipe/hubspot-api';
import { type PluginContext, SDK_VERSION, defineSink } from '@pipe/sdk';
import { type HubSpotSinkConfig, hubspotSinkConfig, hubspotSinkStreamOptions } from './config.ts';
import { HubSpotWriter } from './writer.ts';

export { hubspotSinkConfig, hubspotSinkStreamOptions, type HubSpotSinkConfig, type HubSpotSinkStreamOptions } from './config.ts';
export { HubSpotWriter } from './writer.ts';
export { toHubSpot, sameValue } from './convert.ts';

/** The shared client; its errors name the sink's keys (`sinks.hubspot.token`). Search is never used by the sink. */
export function openClient(config: HubSpotSinkConfig, ctx: PluginContext): HubSpotClient {
  return new HubSpotClient({ ...config, search_requests_per_second: 4 }, ctx, 'sinks.hubspot');
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
