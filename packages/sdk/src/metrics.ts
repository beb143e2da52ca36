/**
 * Counters a plugin reports for the run summary: per stream, by name
 * (e.g. `api_calls.list`, `http_429`, `limiter_wait_ms`, `rejected_values.amount`).
 * Most names are free-form and only shown; the ones below are read by the engine or the
 * CLI, so a plugin reports them under exactly these names.
 */
export interface Metrics {
  add(stream: string | undefined, name: string, value?: number): void;
  snapshot(): Record<string, Record<string, number>>;
}

/**
 * One API call, as `api_calls` or `api_calls.<kind>` (see `apiCallsMetric`). `pipe run
 * --max-calls` stops the run once their sum over every stream reaches the limit, and the
 * live display shows it.
 */
export const API_CALLS = 'api_calls';
/** Records the destination refused (e.g. HubSpot 207 errors). Any makes `pipe run` exit 1. */
export const REJECTED_RECORDS = 'rejected_records';
/** Values a source could not convert and left NULL, as `rejected_values.<column>`; listed in the summary. */
export const REJECTED_VALUES = 'rejected_values';
/** HTTP 429 answers, retries, and milliseconds spent waiting for a rate limiter: the live display's API line. */
export const HTTP_429 = 'http_429';
export const RETRIES = 'retries';
export const LIMITER_WAIT_MS = 'limiter_wait_ms';

/** `api_calls.<kind>`, or `api_calls` without a kind. */
export function apiCallsMetric(kind?: string): string {
  return kind ? `${API_CALLS}.${kind}` : API_CALLS;
}

/** `rejected_values.<column>`. */
export function rejectedValuesMetric(column: string): string {
  return `${REJECTED_VALUES}.${column}`;
}

/** The kind of an `api_calls.<kind>` metric (`''` for plain `api_calls`), or undefined for another metric. */
export function apiCallsKind(name: string): string | undefined {
  if (name === API_CALLS) return '';
  return name.startsWith(`${API_CALLS}.`) ? name.slice(API_CALLS.length + 1) : undefined;
}

/** The column of a `rejected_values.<column>` metric, or undefined for another metric. */
export function rejectedValuesColumn(name: string): string | undefined {
  return name.startsWith(`${REJECTED_VALUES}.`) ? name.slice(REJECTED_VALUES.length + 1) : undefined;
}

/** API calls among one stream's metrics (one bucket of a snapshot), every kind summed. */
export function apiCallsIn(metrics: Record<string, number>): number {
  let n = 0;
  for (const [k, v] of Object.entries(metrics)) if (apiCallsKind(k) !== undefined) n += v;
  return n;
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
