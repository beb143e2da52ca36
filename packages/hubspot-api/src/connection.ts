/**
 * How to reach HubSpot, declared once: the source and the sink both take these fields (same
 * meaning, same docs), and `HubSpotClient` needs nothing else.
 */
import { type Static, Type, secret } from '@pipe/sdk';

export const TIERS = ['auto', 'free', 'starter', 'professional', 'enterprise', 'capacity_pack', 'unlimited'] as const;

export const connectionFields = {
  token: secret({
    description:
      'Private-app token or Service Key (`pat-…`), as an environment reference such as `${HUBSPOT_TOKEN}`. Create one under Settings → Integrations → Service Keys (or Private Apps).',
    examples: ['${HUBSPOT_TOKEN}'],
  }),
  base_url: Type.String({
    description:
      'HubSpot API host. The environment variable HUBSPOT_BASE_URL overrides it (tests, proxies). The token is only sent over https, or plain http to a loopback address.',
    default: 'https://api.hubapi.com',
  }),
  base_path: Type.String({
    description: 'API base path of CRM objects and properties: `/crm/v3` (numeric versions) or a dated release such as `/crm/objects/2026-03`.',
    default: '/crm/v3',
    examples: ['/crm/v3', '/crm/objects/2026-03'],
  }),
  tier: Type.Union(
    TIERS.map((t) => Type.Literal(t)),
    {
      description:
        'Account tier: the 10-second burst budget to start with (free/starter 100, professional/enterprise 190, capacity_pack 250; `auto` starts at 100). Once HubSpot reports its limit in X-HubSpot-RateLimit-Max, that wins. pipe uses 90% of it. `unlimited` sets no client-side burst limit: for simulators and benchmarks only (HubSpot always has one).',
      default: 'auto',
    },
  ),
  search_requests_per_second: Type.Number({
    description: 'Budget for search calls, which HubSpot limits separately (5 per second per account); pipe stays below it.',
    default: 4,
    exclusiveMinimum: 0,
  }),
  max_retries: Type.Integer({
    description: 'Retries per request for 5xx, 423, burst 429s, connection resets and timeouts (jittered exponential backoff).',
    default: 6,
    minimum: 0,
  }),
  retry_base_ms: Type.Integer({ description: 'First retry delay in milliseconds; it doubles (with jitter) on each further attempt.', default: 500, minimum: 1 }),
  request_timeout_ms: Type.Integer({ description: 'Timeout of one HTTP request in milliseconds.', default: 60_000, minimum: 1 }),
};

const connection = Type.Object(connectionFields);
/** What `HubSpotClient` needs, after defaults are applied. */
export type HubSpotConnection = Static<typeof connection>;
