/** What every stream reader shares within one connection. */
import type { PluginContext } from '@pipe/sdk';
import type { HubSpotClient } from './client.ts';
import type { HubSpotConfig } from './config.ts';
import type { PropertyCatalog } from './properties.ts';

export interface ReadEnv {
  client: HubSpotClient;
  catalog: PropertyCatalog;
  config: HubSpotConfig;
  /** Base URL in effect (after HUBSPOT_BASE_URL). */
  baseUrl: string;
  ctx: PluginContext;
}
