/**
 * One request budget per token, shared by every stream and every connection in the process:
 * the rolling 10-second burst bucket, and the separate per-second bucket of search calls.
 * We aim a little below HubSpot's numbers so that we stay under the limit instead of
 * bouncing off it (429s count against the account's error budget).
 */
import { createRequire } from 'node:module';
import { type RateLimiter, createRateLimiter } from '@pipe/sdk';

export const BURST_BY_TIER = { free: 100, starter: 100, professional: 190, enterprise: 190, capacity_pack: 250, unlimited: Number.POSITIVE_INFINITY } as const;
export type Tier = keyof typeof BURST_BY_TIER;

/** Share of the published limit we plan to use. */
const HEADROOM = 0.9;
const BURST_WINDOW_MS = 10_000;

export class TokenBudget {
  private burst: RateLimiter;
  private search: RateLimiter[];
  /** Burst limit HubSpot reported, or the tier's; changes only when `learn` sees a new value. */
  burstMax: number;
  /** The window `burstMax` counts over: HubSpot's 10 s unless a response names another. */
  burstWindowMs = BURST_WINDOW_MS;
  dailyLimit?: number;
  dailyRemaining?: number;

  constructor(
    burstMax: number,
    private searchPerSecond: number,
  ) {
    this.burstMax = burstMax;
    this.burst = makeBurst(burstMax);
    this.search = makeSearch(searchPerSecond);
  }

  /** The limiters a call takes a slot from: its bucket's pause gate (after a 429), then the bucket. */
  limitersFor(search: boolean): RateLimiter[] {
    return search ? [this.searchGate, ...this.search] : [this.burstGate, this.burst];
  }

  /** Every stream on this token holds back (after a 429: others share the account's window). */
  pause(search: boolean, ms: number): void {
    (search ? this.searchGate : this.burstGate).pauseFor(ms);
  }
  private readonly burstGate = new PauseGate();
  private readonly searchGate = new PauseGate();

  /** Adopts the limits HubSpot reports in response headers (any subset may be missing). */
  learn(headers: Record<string, string>): void {
    const max = Number(headers['x-hubspot-ratelimit-max']);
    const window = Number(headers['x-hubspot-ratelimit-interval-milliseconds']);
    // What HubSpot reports wins over the configured tier (packs and upgrades change it), and so
    // does its window: the same Max over a shorter window is a higher rate.
    const windowMs = Number.isInteger(window) && window >= 100 && window <= 3_600_000 ? window : this.burstWindowMs;
    if (Number.isInteger(max) && max > 0 && (max !== this.burstMax || windowMs !== this.burstWindowMs)) {
      this.burstMax = max;
      this.burstWindowMs = windowMs;
      this.burst = makeBurst(max, windowMs);
    }
    const daily = Number(headers['x-hubspot-ratelimit-daily']);
    const left = Number(headers['x-hubspot-ratelimit-daily-remaining']);
    if (headers['x-hubspot-ratelimit-daily'] !== undefined && Number.isFinite(daily)) this.dailyLimit = daily;
    if (headers['x-hubspot-ratelimit-daily-remaining'] !== undefined && Number.isFinite(left)) this.dailyRemaining = left;
  }

  setSearchPerSecond(n: number): void {
    if (n !== this.searchPerSecond) {
      this.searchPerSecond = n;
      this.search = makeSearch(n);
    }
  }
}

function makeBurst(max: number, windowMs = BURST_WINDOW_MS): RateLimiter {
  // `tier: unlimited` (simulators, engine benchmarks): no client-side burst bucket at all.
  if (max === Number.POSITIVE_INFINITY) return { limit: max, intervalMs: windowMs, acquire: async () => 0 };
  return createRateLimiter({ limit: Math.max(1, Math.floor(max * HEADROOM)), intervalMs: windowMs });
}

function makeSearch(perSecond: number): RateLimiter[] {
  if (perSecond < 1) return [createRateLimiter({ limit: 1, intervalMs: Math.ceil(1000 / perSecond) })];
  // n per second, and any n + 1 calls spread over (n + 1) / n seconds: the same rate, but HubSpot
  // (which counts arrivals, 5 in any second) sees n + 1 calls in one second only if their arrival
  // times shift by more than 1000 / n ms (250 ms at 4/s). With the 1 s window alone, any call that
  // arrives later than the one four slots after it made a 429 (seen under load with parallel lanes).
  const n = Math.floor(perSecond);
  return [createRateLimiter({ limit: n, intervalMs: 1000 }), createRateLimiter({ limit: n + 1, intervalMs: Math.ceil((1000 * (n + 1)) / perSecond) })];
}

const budgets = new Map<string, TokenBudget>();

// node:crypto loads on the first budget, not when the plugin loads: `pipe validate` never needs
// it and its start-up is measured (bench/engine/installed.ts).
let cryptoModule: typeof import('node:crypto') | undefined;
const crypto = () => (cryptoModule ??= createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto'));

/**
 * The budget of a token at a host. Keyed by a hash so the token is not kept as a map key
 * that could end up in a heap dump or a debug print.
 */
export function budgetFor(baseUrl: string, token: string, tier: Tier | 'auto', searchPerSecond: number): TokenBudget {
  const key = crypto().createHash('sha256').update(`${baseUrl}\n${token}`).digest('hex');
  let b = budgets.get(key);
  if (!b) {
    b = new TokenBudget(tier === 'auto' ? BURST_BY_TIER.free : BURST_BY_TIER[tier], searchPerSecond);
    budgets.set(key, b);
  } else {
    b.setSearchPerSecond(searchPerSecond);
  }
  return b;
}

/** A limiter that lets everything through, except for a while after `pauseFor`. */
class PauseGate implements RateLimiter {
  readonly limit = Number.POSITIVE_INFINITY;
  readonly intervalMs = 0;
  private until = 0;

  pauseFor(ms: number): void {
    this.until = Math.max(this.until, Date.now() + ms);
  }

  async acquire(signal?: AbortSignal): Promise<number> {
    const wait = this.until - Date.now();
    if (wait <= 0) return 0;
    await new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, wait);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
    return wait;
  }
}
