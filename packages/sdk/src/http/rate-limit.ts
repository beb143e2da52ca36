import type { HttpRequest, HttpResponse, RequestFn } from './request.ts';

/**
 * A rolling-window limiter: at most `limit` acquisitions in ANY `intervalMs` window. One
 * instance per API budget, shared by every stream that spends from it.
 *
 * Written here rather than taken from p-throttle: its strict mode precomputes start times,
 * and when timers fire late (a busy machine) more than `limit` calls can land in one
 * window — measured in this package's tests. HubSpot counts the real arrival times, so
 * this limiter records the real start of each call and waits on those.
 */
export interface RateLimiter {
  /** Resolves when a call may start; returns how long it waited (ms). */
  acquire(signal?: AbortSignal): Promise<number>;
  readonly limit: number;
  readonly intervalMs: number;
}

export function createRateLimiter(opts: { limit: number; intervalMs: number }): RateLimiter {
  const limit = Math.max(1, Math.floor(opts.limit));
  const starts: number[] = []; // real start times of the last `limit` calls, oldest first
  let queue: Promise<unknown> = Promise.resolve();
  const sleep = (ms: number, signal?: AbortSignal) =>
    new Promise<void>((resolve, reject) => {
      const t = setTimeout(resolve, ms);
      signal?.addEventListener('abort', () => (clearTimeout(t), reject(signal.reason)), { once: true });
    });
  return {
    limit,
    intervalMs: opts.intervalMs,
    acquire(signal) {
      const requested = performance.now();
      // One waiter at a time keeps the order fair (first come, first served).
      const turn = queue.then(async () => {
        for (;;) {
          if (signal?.aborted) throw signal.reason;
          const now = performance.now();
          if (starts.length < limit) break;
          const wait = starts[0]! + opts.intervalMs - now;
          if (wait <= 0) {
            starts.shift();
            break;
          }
          await sleep(wait + 1, signal);
        }
        starts.push(performance.now());
        return performance.now() - requested;
      });
      queue = turn.catch(() => undefined);
      return turn;
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
