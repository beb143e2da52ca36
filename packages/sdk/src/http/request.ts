import type { AxiosInstance, AxiosStatic } from 'axios';
import { parseJsonBytes } from './json-bytes.ts';
import { HttpError } from '../errors.ts';
import { type Logger, globalRedactor, type Redactor } from '../log.ts';

/**
 * HTTP as a plain function, so behaviour is added by wrapping (retry, rate limit)
 * instead of flags inside plugins.
 */
export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path relative to the client's base URL, or absolute. */
  url: string;
  params?: Record<string, string | number | boolean | string[] | undefined>;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Label for metrics and messages, e.g. `list`, `search`. */
  kind?: string;
}

export interface HttpResponse<T = unknown> {
  status: number;
  headers: Record<string, string>;
  /** Parsed JSON when the body is JSON; otherwise the raw text (HTML error pages, empty bodies). */
  data: T;
  /** Full URL as sent, redacted. */
  url: string;
}

export type RequestFn = <T = unknown>(req: HttpRequest) => Promise<HttpResponse<T>>;

export interface AxiosRequestOptions {
  baseURL: string;
  headers?: Record<string, string>;
  timeoutMs?: number;
  /** Upper bound on parallel sockets to the host. */
  maxSockets?: number;
  redactor?: Redactor;
  /** HTTP traces (method, URL, status, time) go to its debug level: `pipe --debug`. */
  logger?: Logger;
  /** The key of objects with hundreds of flat members in JSON answers (HubSpot's `properties`), parsed into fast objects (json-bytes.ts). */
  wideObjects?: string;
}

let axiosModule: Promise<{ axios: AxiosStatic; http: typeof import('node:http'); https: typeof import('node:https') }> | undefined;
/**
 * axios (with the mime database it brings) and node:http(s) with their sockets and TLS load on the
 * first request, not when the SDK loads: commands that never call an API (`pipe validate`,
 * `pipe plan`) start without them (bench/engine/installed.ts measures that start).
 */
const loadAxios = () =>
  (axiosModule ??= Promise.all([import('axios'), import('node:http'), import('node:https')]).then(([axios, http, https]) => ({
    axios: axios.default,
    http: http.default,
    https: https.default,
  })));

/**
 * A `RequestFn` over axios. It resolves for every HTTP status (callers decide what an
 * error is) and throws `HttpError` with status 0 only for network failures and timeouts.
 * Never follows redirects: a redirect could carry the Authorization header to another host.
 */
export function axiosRequest(opts: AxiosRequestOptions): RequestFn {
  const redactor = opts.redactor ?? globalRedactor;
  const maxSockets = opts.maxSockets ?? 16;
  let instance: Promise<AxiosInstance> | undefined;
  const clientFor = () => (instance ??= loadAxios().then(({ axios, http, https }) => axios.create({
    baseURL: opts.baseURL,
    headers: opts.headers,
    timeout: opts.timeoutMs ?? 60_000,
    maxRedirects: 0,
    validateStatus: () => true,
    // Bytes, not text: parseBody decodes JSON faster than axios' UTF-8 text (json-bytes.ts).
    responseType: 'arraybuffer',
    transformResponse: [(d: unknown) => d],
    httpAgent: new http.Agent({ keepAlive: true, maxSockets }),
    httpsAgent: new https.Agent({ keepAlive: true, maxSockets }),
    paramsSerializer: { indexes: null }, // repeated keys: properties=a&properties=b
  })));
  return async <T>(req: HttpRequest): Promise<HttpResponse<T>> => {
    const client = await clientFor();
    const fullUrl = client.getUri({ url: req.url, params: req.params });
    const started = performance.now();
    const trace = (status: number | string) =>
      opts.logger?.debug(`HTTP ${req.method} ${redactor.redact(fullUrl)} → ${status} in ${Math.round(performance.now() - started)} ms`);
    try {
      const res = await client.request<Buffer>({
        method: req.method,
        url: req.url,
        params: req.params,
        data: req.body === undefined ? undefined : JSON.stringify(req.body),
        headers: { ...(req.body === undefined ? {} : { 'content-type': 'application/json' }), ...req.headers },
        signal: req.signal,
      });
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(res.headers)) if (v != null) headers[k.toLowerCase()] = String(v);
      trace(res.status);
      return { status: res.status, headers, data: parseBody(res.data, headers['content-type'], opts.wideObjects) as T, url: redactor.redact(fullUrl) };
    } catch (e) {
      if (req.signal?.aborted) throw req.signal.reason ?? e;
      const err = e as { code?: string; message?: string };
      trace(err.code ?? 'network error');
      throw new HttpError(`${req.method} ${redactor.redact(fullUrl)} failed: ${err.code ?? ''} ${redactor.redact(err.message ?? String(e))}`.trim(), {
        status: 0,
        method: req.method,
        url: redactor.redact(fullUrl),
        retryable: true,
      });
    }
  };
}

/** JSON when it parses, the text otherwise: gateways send HTML or nothing. Takes the body's bytes or its text. */
export function parseBody(body: unknown, contentType?: string, wideObjects?: string): unknown {
  if (Buffer.isBuffer(body)) {
    if (body.length === 0) return '';
    if (!(contentType?.includes('json') || startsLikeJson(body))) return body.toString('utf8');
    try {
      return parseJsonBytes(body, wideObjects);
    } catch {
      return body.toString('utf8');
    }
  }
  if (typeof body !== 'string') return body;
  if (body === '') return '';
  const looksJson = contentType?.includes('json') || /^\s*[[{]/.test(body);
  if (!looksJson) return body;
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}

/** First non-whitespace byte is `[` or `{`. */
function startsLikeJson(buf: Buffer): boolean {
  for (const byte of buf) {
    if (byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d) continue;
    return byte === 0x5b || byte === 0x7b;
  }
  return false;
}

/** A short, redacted excerpt of a body for error messages. */
export function bodyExcerpt(data: unknown, redactor: Redactor = globalRedactor, max = 300): string {
  const text = typeof data === 'string' ? data : JSON.stringify(data);
  if (!text) return '(empty body)';
  const squashed = text.replace(/\s+/g, ' ').trim();
  return redactor.redact(squashed.length > max ? `${squashed.slice(0, max)}…` : squashed);
}
