import { ConfigError, SDK_VERSION, defineSource } from '@pipe/sdk';
import { createClient } from './client.ts';
import { restConfig } from './config.ts';
import { endpointSchema, readEndpoint } from './read.ts';

/**
 * A generic paginated REST/JSON source: one stream per configured endpoint, a token from
 * a secret, page or cursor pagination, a rate limit and retries. Written only against
 * @pipe/sdk; docs/tutorial-rest-source.md builds it step by step.
 */
export const restSource = defineSource({
  name: 'rest',
  sdkVersion: SDK_VERSION,
  description: 'Any paginated REST/JSON API: one stream per endpoint, token auth, page or cursor pagination, rate limit.',
  config: restConfig,
  open(config, ctx) {
    const seen = new Set<string>();
    for (const e of config.endpoints) {
      if (seen.has(e.name)) throw new ConfigError(`endpoints: "${e.name}" is listed twice`, { hint: 'give each endpoint its own name' });
      seen.add(e.name);
    }
    const schemas = config.endpoints.map(endpointSchema); // config mistakes fail at open, before any request
    const fetch = createClient(config, ctx);
    return {
      discover: async () => schemas,
      read(stream) {
        const endpoint = config.endpoints.find((e) => e.name === stream.schema.name);
        if (!endpoint) throw new ConfigError(`stream "${stream.schema.name}" is not one of the endpoints: ${[...seen].join(', ')}`);
        return readEndpoint(endpoint, stream, fetch, ctx.signal);
      },
    };
  },
});

export default restSource;
export { restConfig } from './config.ts';
export type { RestCheckpoint } from './pagination.ts';
