import {
  AuthError,
  HttpError,
  type HttpRequest,
  type HttpResponse,
  type PluginContext,
  RETRIES,
  type RequestFn,
  apiCallsMetric,
  axiosRequest,
  createRateLimiter,
  globalRedactor,
  withRateLimit,
  withRetry,
} from '@pipe/sdk';
import type { RestConfig } from './config.ts';

/**
 * The request function every endpoint shares: axios, wrapped by a rate limiter and retry
 * (behaviour added by wrapping, not by flags), then turned into typed errors for
 * statuses retry did not fix.
 */
export function createClient(config: RestConfig, ctx: PluginContext): (req: HttpRequest, endpoint: string) => Promise<HttpResponse> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (config.token) {
    globalRedactor.add(config.token); // never in a log line or error, whatever the engine did
    headers[config.auth_header ?? 'Authorization'] = `${config.auth_prefix ?? 'Bearer '}${config.token}`;
  }
  const limiter = createRateLimiter({ limit: Math.max(1, Math.floor(config.requests_per_second ?? 10)), intervalMs: 1000 });
  const base: RequestFn = axiosRequest({ baseURL: config.base_url, headers, logger: ctx.logger });
  const request = withRetry(
    withRateLimit(base, () => [limiter]),
    {
      retries: config.retries ?? 4,
      onRetry: ({ reason, req }) => {
        ctx.metrics.add(undefined, RETRIES);
        ctx.logger.warn(`retrying ${req.url}: ${reason}`);
      },
    },
  );

  return async (req, endpoint) => {
    ctx.metrics.add(endpoint, apiCallsMetric());
    const res = await request({ ...req, signal: ctx.signal });
    if (res.status >= 200 && res.status < 300) return res;
    if (res.status === 401 || res.status === 403) {
      throw new AuthError(`endpoint "${endpoint}": ${config.base_url} rejected the token (${res.status}) on ${res.url}`, {
        hint: config.token ? 'check the token and its permissions, then set it again in your environment' : 'this API needs a token: set `token: ${API_TOKEN}` in the source config',
      });
    }
    const excerpt = typeof res.data === 'string' ? res.data.slice(0, 200) : JSON.stringify(res.data).slice(0, 200);
    throw new HttpError(`endpoint "${endpoint}": GET ${res.url} returned ${res.status}: ${globalRedactor.redact(excerpt)}`, {
      status: res.status,
      method: req.method,
      url: res.url,
      retryable: res.status === 429 || res.status >= 500,
      hint: res.status === 404 ? 'check `base_url` and the endpoint `path`' : undefined,
    });
  };
}
