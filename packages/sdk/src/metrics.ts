/**
 * Counters a plugin reports for the run summary: per stream, by name
 * (e.g. `api_calls.list`, `http_429`, `limiter_wait_ms`, `rejected_values.amount`).
 */
export interface Metrics {
  add(stream: string | undefined, name: string, value?: number): void;
  snapshot(): Record<string, Record<string, number>>;
}

/** Simple in-memory metrics; `stream` undefined goes under `*`. */
export function createMetrics(): Metrics {
  const data: Record<string, Record<string, number>> = {};
  return {
    add(stream, name, value = 1) {
      const key = stream ?? '*';
      const bucket = (data[key] ??= {});
      bucket[name] = (bucket[name] ?? 0) + value;
    },
    snapshot() {
      return structuredClone(data);
    },
  };
}
