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

/**
 * Fields (rows × fields of its rows) at which the engine ends a write to a sink, whatever the
 * sink's `batchSize` (a write is whole source pages, so it may pass this by one page): a row's
 * heap grows with its fields: a row of every HubSpot property (~180 fields) costs ~3.5× the heap
 * of one with 20 (bench/source-hubspot/row-shape.ts; ~7× before rows got one shape). Up to 64 fields a row
 * the sink's row count decides; wider rows come in proportionally fewer per write.
 */
export const MAX_BATCH_CELLS = 2_048 * 64;
