// Seeded fault injection and latency: 5xx (HTML or empty), resets mid-body, 423, bursts of 429.
import type { FaultOptions, SimOptions } from '../options.ts';
import { Rng } from '../data/random.ts';

export type Fault = { kind: 'none' } | { kind: '5xx'; status: number; html: boolean } | { kind: 'reset' } | { kind: '423' } | { kind: '429' };

export class FaultInjector {
  private f: FaultOptions = {};
  private rng = new Rng(1);
  private burstLeft = 0;
  private latency: { median: number; jitter: number } = { median: 0, jitter: 0 };
  private latencyRng = new Rng(7);

  constructor(
    private readonly defaultSeed: number,
    faults: FaultOptions | undefined,
    latency: SimOptions['latencyMs'],
  ) {
    this.set(faults);
    this.setLatency(latency);
  }

  set(faults: FaultOptions | undefined): void {
    this.f = { ...(faults ?? {}) };
    this.rng = new Rng((this.f.seed ?? this.defaultSeed) ^ 0xfa017);
    this.burstLeft = 0;
  }

  setLatency(latency: SimOptions['latencyMs']): void {
    if (latency === undefined || typeof latency === 'number') this.latency = { median: latency ?? 0, jitter: latency ? 0.5 : 0 };
    else if ('p50' in latency) this.latency = { median: latency.p50, jitter: latencySigma(latency.p50, latency.p99) };
    else this.latency = { median: latency.median, jitter: latency.jitter ?? 0.5 };
    this.latencyRng = new Rng(this.defaultSeed ^ 0x1a7e);
  }

  /** Log-normal around the median: most calls near it, a long tail of slow ones (`jitter` = sigma). */
  delayMs(): number {
    const { median, jitter } = this.latency;
    if (median <= 0) return 0;
    return Math.max(0, median * Math.exp(jitter * this.latencyRng.normal()));
  }

  /** Draws the fault (if any) for the next request. Order: running 429 burst, 5xx, 423, 429 start, reset. */
  next(): Fault {
    const f = this.f;
    if (this.burstLeft > 0) {
      this.burstLeft--;
      return { kind: '429' };
    }
    if (!f.rate5xx && !f.rate423 && !f.burst429 && !f.resetRate) return { kind: 'none' };
    const r = this.rng;
    if (f.rate5xx && r.chance(f.rate5xx)) return { kind: '5xx', status: r.pick([502, 503, 504]), html: f.htmlBodies !== false };
    if (f.rate423 && r.chance(f.rate423)) return { kind: '423' };
    if (f.burst429 && r.chance(f.burst429)) {
      this.burstLeft = Math.max(0, (f.burst429Length ?? 5) - 1);
      return { kind: '429' };
    }
    if (f.resetRate && r.chance(f.resetRate)) return { kind: 'reset' };
    return { kind: 'none' };
  }
}

/** z of the 99th percentile of a standard normal. */
const Z99 = 2.3263;

/** The log-normal sigma whose 99th percentile is `p99` when the median is `p50`. */
export function latencySigma(p50: number, p99: number): number {
  return p50 > 0 && p99 > p50 ? Math.log(p99 / p50) / Z99 : 0;
}
