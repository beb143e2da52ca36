import type { PipelineState, Row, SinkWriter, StreamSchema, WriteMode } from '@pipe/sdk';
import { sinkStream } from './fixtures.ts';
import type { SinkSupports } from './types.ts';

/** The mode generic cases write with: merge when supported, else append, else replace. */
export function baseMode(supports: SinkSupports): WriteMode {
  if (supports.merge) return 'merge';
  if (supports.append) return 'append';
  return 'replace';
}

export interface TestBatch {
  rows: Row[];
  state: PipelineState;
}

/**
 * Do what the engine does for one stream in one run: prepare, write each batch with its
 * state, then `endStream` with the last state (unless `end` is false: a run that stopped).
 */
export async function runStream(
  writer: SinkWriter,
  schema: StreamSchema,
  mode: WriteMode,
  batches: TestBatch[],
  opts: { end?: boolean } = {},
): Promise<void> {
  await writer.prepare([sinkStream(schema, mode)]);
  // A copy, as the engine's own: the writer may empty the array it is handed (SinkWriter's contract).
  for (const b of batches) await writer.write({ stream: schema.name, rows: [...b.rows], checkpoint: lastCheckpoint(b.state, schema.name) }, b.state);
  const last = batches.at(-1);
  if ((opts.end ?? true) && last && writer.endStream) await writer.endStream(schema.name, last.state);
}

function lastCheckpoint(state: PipelineState, stream: string) {
  return state.streams[stream]?.checkpoint;
}

/** A call as a promise, even when it throws synchronously (a write that is not `async`). */
export function settle<T>(fn: () => Promise<T>): Promise<T> {
  return Promise.resolve().then(fn);
}
