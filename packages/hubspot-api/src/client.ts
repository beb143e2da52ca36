/**
 * The HubSpot HTTP client: base URL and auth, then behaviour added by wrapping a plain request
 * function (SDK): rate limit (one budget per token) inside retry (jittered exponential backoff),
 * then HubSpot's errors turned into ones a person can act on.
 */
import { ConfigError, HTTP_429, type HttpRequest, type HttpResponse, LIMITER_WAIT_MS, type PluginContext, RETRIES, apiCallsMetric, axiosRequest, globalRedactor, withRateLimit, withRetry } from '@pipe/sdk';
import type { HubSpotConnection } from './connection.ts';
import { TOKEN_REF, classifyResponse, errorFor, policyOf } from './errors.ts';
import { type TokenBudget, budgetFor } from './limits.ts';
import { MalformedPageError } from './page.ts';
import { setTimeout as sleep } from 'node:timers/promises';

export interface CallOptions {
  stream?: string;
  /** Metric label: list, search, batch_read, properties, account. */
  kind: string;
  params?: HttpRequest['params'];
  /** Statuses the caller handles itself instead of getting an error (e.g. 404, 207). */
  accept?: number[];
  /** Aborts this call (besides the run's signal), e.g. when a parallel reader stops early. */
  signal?: AbortSignal;
  /**
   * Checks a 2xx body before it is returned (see `fetchPage`): a `MalformedPageError` it throws
   * makes the client try the call again, up to MALFORMED_RETRIES times, then it is thrown.
   */
  check?: (data: unknown) => void;
}

/** Retries of a 2xx whose body is malformed (a JSON page of the wrong shape), after the first try. */
export const MALFORMED_RETRIES = 3;

export interface ApiPaths {
  objects: string;
  properties: string;
  owners: string;
  pipelines: string;
  /** v4 associations (batch read, labels). */
  associations: string;
  /** The spec's path of v4 association labels (`/crm/associations/v4`), asked when `associations` answers 404 to labels; none for a dated release. */
  associationLabelsAlias?: string;
  schemas: string;
  /** The older alias of `schemas` (`/crm/v3/schemas`), asked when `schemas` answers 404; none for a dated release. */
  legacySchemas?: string;
  marketingEmails: string;
}

/**
 * `/crm/v3` → `/crm/v3/objects`, `/crm/v3/owners`, `/crm/v4/associations`, `/crm-object-schemas/v3/schemas`…;
 * a dated release `/crm/objects/2026-03` → `/crm/properties/2026-03`, `/crm/owners/2026-03`, `/marketing/emails/2026-03`…
 */
export function apiPaths(basePath: string): ApiPaths {
  const base = basePath.replace(/\/+$/, '');
  const dated = /^(.*)\/crm\/objects\/([^/]+)$/.exec(base);
  if (dated) {
    const [, root, v] = dated;
    return {
      objects: base,
      properties: `${root}/crm/properties/${v}`,
      owners: `${root}/crm/owners/${v}`,
      pipelines: `${root}/crm/pipelines/${v}`,
      associations: `${root}/crm/associations/${v}`,
      schemas: `${root}/crm-object-schemas/${v}/schemas`,
      marketingEmails: `${root}/marketing/emails/${v}`,
    };
  }
  const root = base.replace(/\/crm\/v3$/, '');
  return {
    objects: `${base}/objects`,
    properties: `${base}/properties`,
    owners: `${base}/owners`,
    pipelines: `${base}/pipelines`,
    associations: `${root}/crm/v4/associations`,
    associationLabelsAlias: `${root}/crm/associations/v4`,
    schemas: `${root}/crm-object-schemas/v3/schemas`,
    legacySchemas: `${base}/schemas`,
    marketingEmails: `${root}/marketing/v3/emails`,
  };
}

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/**
 * The base URL to use: HUBSPOT_BASE_URL wins; plain http only to loopback (the token must not travel in clear).
 * `configPath` names the plugin's config in errors (`source.hubspot`, `sinks.hubspot`).
 */
export function resolveBaseUrl(configured: string, env: NodeJS.ProcessEnv = process.env, configPath = 'source.hubspot'): string {
  const raw = env.HUBSPOT_BASE_URL?.trim() || configured;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`${configPath}.base_url: "${raw}" is not a URL`, { hint: 'Use e.g. https://api.hubapi.com' });
  }
  if (url.protocol === 'https:') return raw.replace(/\/+$/, '');
  if (url.protocol === 'http:' && LOOPBACK.test(url.hostname)) return raw.replace(/\/+$/, '');
  throw new ConfigError(`${configPath}.base_url: refusing to send the HubSpot token to ${url.protocol}//${url.host}: only https, or plain http to a loopback address, is allowed`, {
    hint: 'Use an https:// URL (the default is https://api.hubapi.com).',
  });
}

/**
 * One HubSpot API client. Every client for the same token and host spends from the same
 * budget (limits.ts), so sources and sinks in one process cannot overrun the account together.
 * Note: 5xx, resets and timeouts are retried for every method; writers should make their
 * calls idempotent (batch upsert, objectWriteTraceId) before sending them through it.
 */
export class HubSpotClient {
  readonly paths: ApiPaths;
  readonly budget: TokenBudget;
  private readonly send: <T>(req: HttpRequest) => Promise<HttpResponse<T>>;
  private resetsAt?: Date;
  private readonly malformedRetries: number;
  private readonly retryBaseMs: number;

  /** `configPath` is where the plugin's config lives, so errors name the key the user wrote (`sinks.hubspot.token`). */
  constructor(
    config: HubSpotConnection,
    private readonly ctx: PluginContext,
    configPath = 'source.hubspot',
  ) {
    const baseUrl = resolveBaseUrl(config.base_url, process.env, configPath);
    if (!config.token) throw new ConfigError(`${configPath}.token is empty`, { hint: `Set token: ${TOKEN_REF} in the pipeline and export HUBSPOT_TOKEN.` });
    globalRedactor.add(config.token);
    this.paths = apiPaths(config.base_path);
    this.malformedRetries = Math.min(MALFORMED_RETRIES, config.max_retries);
    this.retryBaseMs = config.retry_base_ms;
    this.budget = budgetFor(baseUrl, config.token, config.tier, config.search_requests_per_second);
    const raw = axiosRequest({
      baseURL: baseUrl,
      headers: { authorization: `Bearer ${config.token}`, accept: 'application/json' },
      timeoutMs: config.request_timeout_ms,
      logger: ctx.logger, // HTTP traces at debug level (pipe --debug); URLs and tokens redacted
      wideObjects: 'properties', // a record's properties: hundreds of members on real portals
    });
    const observed = async <T>(req: HttpRequest): Promise<HttpResponse<T>> => {
      ctx.metrics.add(undefined, 'http_requests');
      const res = await raw<T>(req);
      this.budget.learn(res.headers);
      if (res.status === 429) {
        ctx.metrics.add(undefined, HTTP_429);
        // Someone else shares the account's window: hold every stream back a moment, not just this call.
        const policy = policyOf(res);
        if (policy === 'TEN_SECONDLY_ROLLING') this.budget.pause(false, 1_000);
        else if (policy === 'SECONDLY' && req.kind === 'search') this.budget.pause(true, 500);
      }
      return res;
    };
    const limited = withRateLimit(
      observed,
      (req) => this.budget.limitersFor(req.kind === 'search'),
      (ms) => ctx.metrics.add(undefined, LIMITER_WAIT_MS, Math.round(ms)),
    );
    this.send = withRetry(limited, {
      retries: config.max_retries,
      minTimeoutMs: config.retry_base_ms,
      maxTimeoutMs: 30_000,
      classify: classifyResponse,
      onRetry: ({ attempt, reason, req }) => {
        ctx.metrics.add(undefined, RETRIES);
        ctx.logger.debug(`retrying HubSpot call (${reason})`, { kind: req.kind, attempt });
      },
    });
  }

  private readonly warned = new Set<string>();

  /** Log `message` as a warning the first time `key` is seen: a server quirk every lane of a stream runs into is said once. */
  warnOnce(key: string, message: string): void {
    if (this.warned.has(key)) return;
    this.warned.add(key);
    this.ctx.logger.warn(message);
  }

  async get<T>(url: string, opts: CallOptions): Promise<HttpResponse<T>> {
    return this.call<T>({ method: 'GET', url, params: opts.params, kind: opts.kind }, opts);
  }

  async post<T>(url: string, body: unknown, opts: CallOptions): Promise<HttpResponse<T>> {
    return this.call<T>({ method: 'POST', url, body, params: opts.params, kind: opts.kind }, opts);
  }

  /** Any method (the sink's PATCH/PUT/DELETE), with the same limits, retries and errors. */
  async request<T>(method: HttpRequest['method'], url: string, opts: CallOptions & { body?: unknown }): Promise<HttpResponse<T>> {
    return this.call<T>({ method, url, body: opts.body, params: opts.params, kind: opts.kind }, opts);
  }

  /** Remembers when the daily limit resets (from the usage endpoint), for the DAILY message. */
  noteDailyReset(at: Date | undefined): void {
    this.resetsAt = at;
  }

  /** Calls in flight, aborted together when the run's signal fires (one listener per client, not per call). */
  private readonly inFlight = new Set<AbortController>();
  private relaying = false;

  private async call<T>(req: HttpRequest, opts: CallOptions): Promise<HttpResponse<T>> {
    // Each request gets its own signal, linked to the run's: p-retry 6 and the SDK's backoff
    // sleep add abort listeners they never remove, which would pile up on the run's signal.
    // Parallel readers keep many calls in flight; one relay for all of them keeps the run's
    // signal under Node's listener warning.
    this.ctx.metrics.add(opts.stream, apiCallsMetric(opts.kind));
    const run = this.ctx.signal;
    if (run.aborted) throw run.reason;
    if (opts.signal?.aborted) throw opts.signal.reason;
    if (!this.relaying) {
      this.relaying = true;
      run.addEventListener('abort', () => {
        for (const c of this.inFlight) c.abort(run.reason);
      }, { once: true });
    }
    const own = new AbortController();
    this.inFlight.add(own);
    const mine = opts.signal;
    const relayMine = () => own.abort(mine?.reason);
    mine?.addEventListener('abort', relayMine, { once: true });
    let res: HttpResponse<T>;
    try {
      for (let attempt = 0; ; attempt++) {
        res = await this.send<T>({ ...req, signal: own.signal });
        if (!opts.check || res.status < 200 || res.status >= 300) break;
        try {
          opts.check(res.data);
          break;
        } catch (e) {
          // A JSON 200 of the wrong shape is as transient as one cut off: try again, a few times.
          if (!(e instanceof MalformedPageError)) throw e;
          this.ctx.metrics.add(opts.stream, 'malformed_pages');
          if (attempt >= this.malformedRetries) throw e;
          this.ctx.metrics.add(undefined, 'retries');
          this.ctx.logger.debug(`retrying HubSpot call (${e.problem})`, { kind: req.kind, attempt: attempt + 1 });
          await sleep(this.retryBaseMs * 2 ** attempt * (0.5 + Math.random() / 2), undefined, { signal: own.signal }).catch(() => {
            throw own.signal.reason;
          });
        }
      }
    } finally {
      this.inFlight.delete(own);
      mine?.removeEventListener('abort', relayMine);
    }
    if ((res.status >= 200 && res.status < 300) || opts.accept?.includes(res.status)) return res;
    if (res.status === 429) await this.learnDailyReset();
    throw errorFor(res, { method: req.method, what: req.url, stream: opts.stream, resetsAt: () => this.resetsAt });
  }

  /** The usage call in flight, so a 429 while the first one is out does not ask again. */
  private learning?: Promise<void>;

  /**
   * Best effort: the usage endpoint says when the daily counter resets. Asked once at the start
   * of reading (once the daily limit is hit, the usage endpoint is refused too) and again on a
   * 429. Never rejects.
   */
  learnDailyReset(): Promise<void> {
    this.learning ??= this.askDailyReset().finally(() => {
      this.learning = undefined;
    });
    return this.learning;
  }

  private async askDailyReset(): Promise<void> {
    if ((this.resetsAt && this.resetsAt.getTime() > Date.now()) || this.ctx.signal.aborted) return;
    try {
      const res = await this.send<{ results?: { resetsAt?: string }[] }>({ method: 'GET', url: '/account-info/v3/api-usage/daily/private-apps', kind: 'account' });
      const at = res.status === 200 ? res.data?.results?.[0]?.resetsAt : undefined;
      if (at && !Number.isNaN(Date.parse(at))) this.resetsAt = new Date(at);
    } catch {
      // The message falls back to "midnight in the account's time zone".
    }
  }
}
