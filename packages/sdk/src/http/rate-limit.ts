import pThrottle from 'p-throttle';
import type { HttpRequest, HttpResponse, RequestFn } from './request.ts';

/**
 * A rolling-window limiter: at most `limit` acquisitions in any `intervalMs` window
 * (p-throttle in strict mode). One instance per API budget, shared by every stream
 * that spends from it.
 */
export interface RateLimiter {
  /** Resolves when a call may start; returns how long it waited (ms). */
  acquire(signal?: AbortSignal): Promise<number>;
  readonly limit: number;
  readonly intervalMs: number;
}

export function createRateLimiter(opts: { limit: number; intervalMs: number }): RateLimiter {
  const gate = pThrottle({ limit: opts.limit, interval: opts.intervalMs, strict: true })(() => undefined);
  return {
    limit: opts.limit,
    intervalMs: opts.intervalMs,
    async acquire(signal) {
      const started = performance.now();
      if (signal?.aborted) throw signal.reason;
      await gate();
      if (signal?.aborted) throw signal.reason;
      return performance.now() - started;
    },
  };
}

/**
 * Wraps a request function so every call first takes a slot from the limiter(s) the
 * `pick` function chooses for it (e.g. search requests use the search bucket).
 */
export function withRateLimit(
  fn: RequestFn,
  pick: (req: HttpRequest) => RateLimiter[],
  onWait?: (ms: number, req: HttpRequest) => void,
): RequestFn {
  return async <T>(req: HttpRequest): Promise<HttpResponse<T>> => {
    let waited = 0;
    for (const limiter of pick(req)) waited += await limiter.acquire(req.signal);
    if (waited > 1) onWait?.(waited, req);
    return fn<T>(req);
  };
}
