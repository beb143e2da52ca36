import pRetry, { AbortError } from 'p-retry';
import { HttpError } from '../errors.ts';
import type { HttpRequest, HttpResponse, RequestFn } from './request.ts';

/** What to do with a response or a network error. */
export type RetryDecision =
  | { retry: false }
  /** `delayMs`: wait at least this long first (e.g. Retry-After), on top of backoff. */
  | { retry: true; delayMs?: number; reason: string };

export interface RetryOptions {
  /** Attempts after the first. */
  retries?: number;
  minTimeoutMs?: number;
  maxTimeoutMs?: number;
  /** Decide on a response; default: 408, 423, 429, 5xx retry; everything else returns as is. */
  classify?: (res: HttpResponse) => RetryDecision;
  onRetry?: (info: { attempt: number; reason: string; req: HttpRequest }) => void;
}

class RetryableResponse extends Error {
  constructor(
    readonly response: HttpResponse,
    readonly decision: Extract<RetryDecision, { retry: true }>,
  ) {
    super(decision.reason);
  }
}

export function defaultClassify(res: HttpResponse): RetryDecision {
  const s = res.status;
  if (s === 408 || s === 423 || s === 429 || s >= 500) return { retry: true, reason: `HTTP ${s}`, delayMs: retryAfterMs(res) };
  return { retry: false };
}

/** The longest wait a `Retry-After` header can impose before one retry. */
export const MAX_RETRY_AFTER_MS = 60_000;

/**
 * A response's `Retry-After` (seconds, or an HTTP date) in ms, at most MAX_RETRY_AFTER_MS:
 * a server that means milliseconds (HubSpot documents ms for webhooks) would otherwise hold
 * a run for hours on one answer. Undefined when absent or unreadable.
 */
export function retryAfterMs(res: HttpResponse, now = Date.now()): number | undefined {
  const raw = res.headers['retry-after'];
  if (typeof raw !== 'string' || raw.trim() === '') return undefined;
  const seconds = Number(raw);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(raw) - now;
  return Number.isFinite(ms) && ms > 0 ? Math.min(ms, MAX_RETRY_AFTER_MS) : undefined;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(t), reject(signal.reason)), { once: true });
  });

/**
 * Wraps a request function with jittered exponential backoff (p-retry). Retries network
 * errors and the responses `classify` marks; after the last attempt the last response
 * is returned (so callers still produce their specific error message).
 */
export function withRetry(fn: RequestFn, opts: RetryOptions = {}): RequestFn {
  const classify = opts.classify ?? defaultClassify;
  return async <T>(req: HttpRequest): Promise<HttpResponse<T>> => {
    try {
      return await pRetry(
        async () => {
          // p-retry 6 adds an abort listener per call when given the signal and never removes
          // it; on a long run's signal those pile up, so check the signal here instead.
          if (req.signal?.aborted) throw new AbortError(req.signal.reason instanceof Error ? req.signal.reason : new Error('aborted'));
          const res = await fn<T>(req);
          const d = classify(res);
          if (d.retry) throw new RetryableResponse(res, d);
          return res;
        },
        {
          retries: opts.retries ?? 6,
          minTimeout: opts.minTimeoutMs ?? 250,
          maxTimeout: opts.maxTimeoutMs ?? 30_000,
          factor: 2,
          randomize: true,
          shouldRetry: (e) => e instanceof RetryableResponse || (e instanceof HttpError && e.retryable),
          onFailedAttempt: async (e) => {
            const reason = e instanceof RetryableResponse ? e.decision.reason : e.message;
            opts.onRetry?.({ attempt: e.attemptNumber, reason, req });
            if (e instanceof RetryableResponse && e.decision.delayMs) await sleep(e.decision.delayMs, req.signal);
          },
        },
      );
    } catch (e) {
      if (e instanceof RetryableResponse) return e.response as HttpResponse<T>;
      if (e instanceof AbortError) throw e.originalError;
      throw e;
    }
  };
}
