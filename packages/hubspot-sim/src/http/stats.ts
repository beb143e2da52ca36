// Request statistics for tests and benchmarks.
export class Stats {
  requests = 0;
  byRoute: Record<string, number> = {};
  served429 = 0;

  count(route: string): void {
    this.requests++;
    this.byRoute[route] = (this.byRoute[route] ?? 0) + 1;
  }

  reset(): void {
    this.requests = 0;
    this.byRoute = {};
    this.served429 = 0;
  }
}
