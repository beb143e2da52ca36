// The simulated clock: starts at `startTime`, runs with real time, and can be pushed forward.
export class SimClock {
  private readonly realStart = performance.now();
  private offset = 0;
  constructor(readonly startMs: number) {}
  nowMs(): number {
    return Math.floor(this.startMs + (performance.now() - this.realStart) + this.offset);
  }
  advance(ms: number): void {
    if (!(ms >= 0)) throw new Error(`advanceClock(ms): ms must be a non-negative number, got ${ms}`);
    this.offset += ms;
  }
}
