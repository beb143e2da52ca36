import type { Row } from './schema.ts';
import type { StreamState } from './state.ts';

/**
 * A page of rows of one stream. Batches only: there is no per-record interface.
 * `checkpoint` is the stream's state once these rows, and all before them, are durable.
 */
export interface Batch {
  stream: string;
  rows: Row[];
  checkpoint?: StreamState;
}
