import type { Row } from './schema.ts';
import type { StreamState } from './state.ts';

/**
 * A page of rows of one stream. Batches only: there is no per-record interface.
 * `checkpoint` is the stream's state once these rows, and all before them, are durable.
 */
export interface Batch {
  stream: string;
  /** Handed over to the sink's `write`, which may empty it (SinkWriter's contract). */
  rows: Row[];
  checkpoint?: StreamState;
}

/**
 * Estimated heap bytes (estimateRowBytes) at which the engine ends a write to a sink, whatever
 * the sink's `batchSize` (a write is whole source pages, so it may pass this by one page). Wide
 * rows come in proportionally fewer per write, and so do rows of long text; rows of 20 short
 * fields (~1 KB) stay well under it at a sink's usual 2,048 rows. Measured by
 * bench/engine/width.ts (wide rows) and bench/engine/memory.ts (peak RSS).
 */
export const MAX_BATCH_BYTES = 32 * 2 ** 20;

/**
 * A key of an object literal compiled from data (`new Function`), so that rows of one property
 * list share one fast V8 shape. A string literal, so a name is data, never code; `__proto__`
 * needs a computed key, or the literal would set the prototype instead of an own member.
 */
export function objectLiteralKey(name: string): string {
  return name === '__proto__' ? '["__proto__"]' : JSON.stringify(name);
}

/**
 * What rows cost in the JavaScript heap, roughly: 8 bytes per field plus the strings they hold
 * (2 bytes per character: V8 keeps text with any non-Latin-1 character as UTF-16), estimated
 * from up to 8 rows spread over the batch so that it stays cheap for wide rows.
 */
export function estimateRowBytes(rows: readonly Row[]): number {
  const n = rows.length;
  if (n === 0) return 0;
  const step = Math.max(1, Math.floor(n / 8));
  let bytes = 0;
  let sampled = 0;
  for (let i = 0; i < n; i += step, sampled++) bytes += rowBytes(rows[i]!);
  return Math.round((bytes / sampled) * n);
}

function rowBytes(row: Row): number {
  let bytes = 24;
  for (const key in row) {
    const v = row[key];
    bytes += 8;
    if (typeof v === 'string') bytes += 16 + 2 * v.length;
    else if (Array.isArray(v)) for (const item of v) bytes += 8 + (typeof item === 'string' ? 16 + 2 * item.length : 16);
    else if (typeof v === 'object' && v !== null) bytes += 32;
  }
  return bytes;
}
