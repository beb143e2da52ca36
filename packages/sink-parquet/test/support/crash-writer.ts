/**
 * Child process of crash.test.ts: writes 500-row batches of `events` to the dataset at
 * argv[2] through the plugin, printing `committed <k>` after each write resolves, until
 * the parent SIGKILLs it.
 */
import { createMetrics, PIPELINE_STATE_VERSION, silentLogger } from '@pipe/sdk';
import parquetSink from '../../src/index.ts';

export const BATCH_ROWS = 500;

async function main(): Promise<void> {
  const dir = process.argv[2]!;
  const ctx = { logger: silentLogger, signal: new AbortController().signal, baseDir: dir, pipeline: 'crash', metrics: createMetrics() };
  const writer = await parquetSink.open({ dir, max_rows_per_file: 200, s3: { region: '', endpoint: '', force_path_style: true } } as never, ctx);
  const schema = { name: 'events', primaryKey: ['id'], columns: [{ name: 'id', type: 'integer' as const }, { name: 'payload', type: 'string' as const }] };
  await writer.prepare([{ schema, mode: 'merge', options: {} }]);
  for (let k = 1; ; k++) {
    const rows = Array.from({ length: BATCH_ROWS }, (_, i) => ({ id: (k - 1) * BATCH_ROWS + i + 1, payload: `row ${i} ✓`.repeat(20) }));
    const state = { version: PIPELINE_STATE_VERSION, pipeline: 'crash', streams: { events: { checkpoint: k, seq: k, updatedAt: new Date(0).toISOString() } } };
    await writer.write({ stream: 'events', rows, checkpoint: k }, state);
    process.stdout.write(`committed ${k}\n`);
  }
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  main().catch((e: unknown) => {
    process.stdout.write(`error ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
}
