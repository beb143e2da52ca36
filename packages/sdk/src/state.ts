import type { Json } from './schema.ts';

/**
 * A stream's checkpoint: opaque to the engine, owned by the source (HubSpot keeps its
 * (last-modified, id) cursor and frozen upper bound here). Must be JSON.
 */
export type StreamState = Json;

/** Current version of the PipelineState document; bump it and add a migration in core when the shape changes. */
export const PIPELINE_STATE_VERSION = 1;

/**
 * Everything pipe remembers between runs of one pipeline. Sinks that implement
 * `readState` store this document alongside the rows it describes.
 */
export interface PipelineState {
  version: number;
  pipeline: string;
  streams: Record<string, StreamStateEntry>;
}

export interface StreamStateEntry {
  /** The source's checkpoint: all rows up to it are durable in the sink. */
  checkpoint: StreamState;
  /**
   * Monotonic count of committed batches for this stream across runs. When sinks
   * disagree after a crash, the engine resumes from the least advanced one.
   */
  seq: number;
  updatedAt: string;
}

