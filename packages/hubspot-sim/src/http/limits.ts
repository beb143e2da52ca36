// Rate limits as HubSpot applies them: a rolling 10-second burst per token, a daily limit per
// account, and a separate per-second limit for search (which is exempt from the burst bucket).
import { randomUUID } from 'node:crypto';
import { ACCOUNT_UTC_OFFSET_MS } from '../data/object-types.ts';
import type { RateLimitHeaderStyle } from '../options.ts';
import type { Reply } from './reply.ts';

/** Timestamps in a rolling window; amortised O(1) push and expiry. */
class Window {
  private times: number[] = [];
  private head = 0;
  count(now: number, spanMs: number): number {
    while (this.head < this.times.length && this.times[this.head]! <= now - spanMs) this.head++;
    if (this.head > 4096 && this.head * 2 > this.times.length) {
      this.times = this.times.slice(this.head);
      this.head = 0;
    }
    return this.times.length - this.head;
  }
  push(now: number): void {
    this.times.push(now);
  }
  oldest(): number | undefined {
    return this.times[this.head];
  }
}

export interface LimitSettings {
  enabled: boolean;
  burst: number;
  daily: number;
  searchPerSecond: number;
  retryAfter: boolean;
  searchPolicyName: string | null;
  secondlyHeaders: boolean;
  /** Spelling of the X-HubSpot-RateLimit-* headers (default 'standard'). */
  headerStyle?: RateLimitHeaderStyle;
}

export type LimitOutcome = { ok: true; headers: Record<string, string> } | { ok: false; reply: Reply };

export class RateLimiter {
  private readonly burst = new Map<string, Window>();
  private readonly search = new Map<string, Window>();
  /** Every request per token (accepted or not), to report the client's peak rate. */
  private readonly seen = new Map<string, Window>();
  readonly peakPer10s = new Map<string, number>();
  private dailyCount = 0;
  private dailyDay = -1;

  constructor(private readonly s: LimitSettings) {}

  /** Counts the request and decides whether it may proceed. `now` is real time; `simNow` decides the day. */
  check(token: string, search: boolean, now: number, simNow: number): LimitOutcome {
    this.trackPeak(token, now);
    const day = Math.floor((simNow + ACCOUNT_UTC_OFFSET_MS) / 86_400_000);
    if (day !== this.dailyDay) {
      this.dailyDay = day;
      this.dailyCount = 0;
    }
    if (!this.s.enabled) {
      this.dailyCount++;
      return { ok: true, headers: {} };
    }
    if (this.dailyCount >= this.s.daily) {
      return this.deny('DAILY', 'You have reached your daily limit.', (day + 1) * 86_400_000 - ACCOUNT_UTC_OFFSET_MS - simNow);
    }
    if (search) {
      const w = this.window(this.search, token);
      if (w.count(now, 1000) >= this.s.searchPerSecond) return this.deny(this.s.searchPolicyName, 'You have reached your secondly limit.', 1000);
      w.push(now);
      this.dailyCount++;
      return { ok: true, headers: {} };
    }
    const w = this.window(this.burst, token);
    const used = w.count(now, 10_000);
    if (used >= this.s.burst) {
      return this.deny('TEN_SECONDLY_ROLLING', 'You have reached your ten_secondly_rolling limit.', w.oldest()! + 10_000 - now);
    }
    w.push(now);
    this.dailyCount++;
    return { ok: true, headers: this.headers(used + 1) };
  }

  headers(usedInWindow: number): Record<string, string> {
    const h: Record<string, string> = {
      'X-HubSpot-RateLimit-Interval-Milliseconds': '10000',
      'X-HubSpot-RateLimit-Max': String(this.s.burst),
      'X-HubSpot-RateLimit-Remaining': String(Math.max(0, this.s.burst - usedInWindow)),
      'X-HubSpot-RateLimit-Daily': String(this.s.daily),
      'X-HubSpot-RateLimit-Daily-Remaining': String(Math.max(0, this.s.daily - this.dailyCount)),
    };
    if (this.s.secondlyHeaders) {
      h['X-HubSpot-RateLimit-Secondly'] = String(Math.ceil(this.s.burst / 10));
      h['X-HubSpot-RateLimit-Secondly-Remaining'] = String(Math.max(0, Math.ceil((this.s.burst - usedInWindow) / 10)));
    }
    return styled(h, this.s.headerStyle ?? 'standard');
  }

  /** A 429 exactly as HubSpot shapes it (policyName may be null for search: then it is omitted). */
  deny(policyName: string | null, message: string, waitMs: number): { ok: false; reply: Reply } {
    // Shape of HubSpot's documented daily-limit body: no `category`, but errorType + policyName.
    const body: Record<string, unknown> = { status: 'error', message, errorType: 'RATE_LIMIT', correlationId: randomUUID() };
    if (policyName) body.policyName = policyName;
    body.requestId = randomUUID();
    const reply: Reply = { status: 429, body };
    if (this.s.retryAfter) reply.headers = { 'Retry-After': String(Math.max(1, Math.ceil(waitMs / 1000))) };
    return { ok: false, reply };
  }

  get dailyUsed(): number {
    return this.dailyCount;
  }

  private window(map: Map<string, Window>, token: string): Window {
    let w = map.get(token);
    if (!w) map.set(token, (w = new Window()));
    return w;
  }

  private trackPeak(token: string, now: number): void {
    const w = this.window(this.seen, token);
    w.push(now);
    const n = w.count(now, 10_000);
    const label = redactToken(token);
    if (n > (this.peakPer10s.get(label) ?? 0)) this.peakPer10s.set(label, n);
  }

  resetPeaks(): void {
    this.peakPer10s.clear();
    this.seen.clear();
  }
}

/** Statistics name tokens without revealing them: `pat-na1-…0000`. */
export function redactToken(token: string): string {
  return token.length <= 12 ? '…' : `${token.slice(0, 8)}…${token.slice(-4)}`;
}

/** Renames (or drops) rate-limit headers as some portals and proxies send them. */
function styled(h: Record<string, string>, style: RateLimitHeaderStyle): Record<string, string> {
  switch (style) {
    case 'standard':
      return h;
    case 'none':
      return {};
    case 'no-daily':
      return Object.fromEntries(Object.entries(h).filter(([k]) => !k.includes('-Daily')));
    case 'lowercase':
      return Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));
    case 'uppercase':
      return Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toUpperCase(), v]));
  }
}
