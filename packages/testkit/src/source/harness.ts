import type { Batch, PluginContext, SourceConnection, StreamRequest, StreamSchema, StreamState, SyncMode } from '@pipe/sdk';
import { createTestContext } from '../context.ts';
import { primaryKeyOf } from '../values.ts';
import type { SourceFactory } from './types.ts';

/** Open the source, run `fn`, then close the connection and tear down whatever happens. */
export async function withConnection<T>(
  factory: SourceFactory,
  fn: (connection: SourceConnection) => Promise<T>,
  ctx: PluginContext = createTestContext(),
): Promise<T> {
  const { connection, teardown } = await factory.open(ctx);
  try {
    return await fn(connection);
  } finally {
    try {
      await connection.close?.();
    } finally {
      await teardown?.();
    }
  }
}

/** The mode a stream is read incrementally in when it can be, else `full`. */
export function readMode(schema: StreamSchema): SyncMode {
  const modes = schema.syncModes ?? (schema.cursor ? ['incremental', 'full'] : ['full']);
  return modes.includes('incremental') ? 'incremental' : 'full';
}

/** The streams the suite reads: the factory's list, or every discovered stream. */
export function selectStreams(factory: SourceFactory, discovered: StreamSchema[]): { schema: StreamSchema; options: Record<string, unknown> }[] {
  const wanted: { name: string; options?: Record<string, unknown> }[] = factory.streams ?? discovered.map((s) => ({ name: s.name }));
  return wanted.map((w) => {
    const schema = discovered.find((s) => s.name === w.name);
    if (!schema) throw new Error(`testkit: stream "${w.name}" (from the factory's streams) was not discovered; discovered: ${discovered.map((s) => s.name).join(', ')}`);
    return { schema, options: w.options ?? {} };
  });
}

export function request(schema: StreamSchema, options: Record<string, unknown>, state?: StreamState): StreamRequest {
  return { schema, options, mode: readMode(schema), state };
}

/** Read a stream to the end, keeping each batch. */
export async function readAll(connection: SourceConnection, req: StreamRequest): Promise<Batch[]> {
  const batches: Batch[] = [];
  for await (const batch of connection.read(req)) batches.push(batch);
  return batches;
}

export function keysOf(batches: Batch[], schema: StreamSchema): Set<string> {
  const keys = new Set<string>();
  for (const b of batches) for (const r of b.rows) keys.add(primaryKeyOf(r, schema.primaryKey, schema.columns));
  return keys;
}

/** Up to `count` indexes of batches with a checkpoint: the first, the last, and evenly between. */
export function resumePoints(batches: Batch[], count: number): number[] {
  const withCheckpoint = batches.flatMap((b, i) => (b.checkpoint === undefined ? [] : [i]));
  if (withCheckpoint.length <= count) return withCheckpoint;
  const picked = new Set<number>();
  for (let k = 0; k < count; k++) picked.add(withCheckpoint[Math.round((k * (withCheckpoint.length - 1)) / Math.max(1, count - 1))]!);
  return [...picked];
}

/**
 * Consume `batches` until they end or throw (both count as stopping), or until `limitMs`
 * passes. The timer is only a bound: nothing waits when the read ends promptly.
 */
export async function consumeWithin(batches: AsyncIterable<Batch>, limitMs: number, onBatch: (batch: Batch) => void): Promise<'stopped' | 'timeout'> {
  const consume = (async () => {
    try {
      for await (const batch of batches) onBatch(batch);
    } catch {
      // Throwing (AbortedError, the signal's reason) is a fine way to stop.
    }
    return 'stopped' as const;
  })();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), limitMs);
  });
  try {
    return await Promise.race([consume, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
