/** What every stream reader shares within one connection. */

import type { HubSpotClient } from '@pipe/hubspot-api';
import type { PluginContext } from '@pipe/sdk';
import type { HubSpotConfig } from './config.ts';
import type { StreamRegistry } from './custom-objects.ts';
import type { PropertyCatalog } from './properties.ts';

export interface ReadEnv {
  client: HubSpotClient;
  catalog: PropertyCatalog;
  /** Every stream of this account, custom objects included. */
  specs: StreamRegistry;
  config: HubSpotConfig;
  /** Base URL in effect (after HUBSPOT_BASE_URL). */
  baseUrl: string;
  ctx: PluginContext;
  /** The clock, epoch ms (tests inject one to make a delete check due without waiting). */
  now: () => number;
}
