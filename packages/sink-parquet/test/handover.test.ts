import path from 'node:path';
import type { Row, StreamSchema } from '@pipe/sdk';
import { expect, it } from 'vitest';
import { openWriter, readManifestFile, sinkStream, stateAt, tempDir, viewRows } from './helpers.ts';

// The writer takes `batch.rows` over (SinkWriter's contract) and empties it once its rows are laid
// out, so wide rows are not held through the COPY as well (bench/engine/memory.ts, peak RSS).
const SCHEMA: StreamSchema = {
  name: 'events',
  primaryKey: ['id'],
  columns: [
    { name: 'id', type: 'integer', nullable: false },
    { name: 'kind', type: 'string' },
  ],
};

const events = (from: number, to: number): Row[] => Array.from({ length: to - from + 1 }, (_, k) => ({ id: from + k, kind: (from + k) % 2 === 0 ? 'even' : 'odd' }));

async function writeOnce(config: Record<string, unknown>, rows: Row[]): Promise<string> {
  const dir = path.join(tempDir(), 'ds');
  const w = await openWriter({ dir, ...config });
  try {
    await w.prepare([sinkStream(SCHEMA, 'append')]);
    await w.write({ stream: 'events', rows, checkpoint: 1 }, stateAt({ events: 1 }));
  } finally {
    await w.close();
  }
  return dir;
}

it('empties the rows it was handed, and every row is in the files', async () => {
  const rows = events(1, 5);
  const dir = await writeOnce({}, rows);
  expect(rows).toHaveLength(0);
  expect((await viewRows(dir, 'events', 'id')).map((r) => Number(r.id))).toEqual([1, 2, 3, 4, 5]);
});

it('empties them for partitioned streams too, each partition in its file', async () => {
  const rows = events(1, 5);
  const dir = await writeOnce({ partition_by: { column: 'kind', transform: 'identity' } }, rows);
  expect(rows).toHaveLength(0);
  const files = readManifestFile(dir).streams.events.files as { rows: number; partition: Record<string, string> }[];
  expect(files.map((f) => [f.partition.kind, f.rows])).toEqual([
    ['even', 2],
    ['odd', 3],
  ]);
  expect((await viewRows(dir, 'events', 'id')).map((r) => Number(r.id))).toEqual([1, 2, 3, 4, 5]);
});

it('records each file\'s rows when a write is split across files', async () => {
  const dir = await writeOnce({ max_rows_per_file: 2 }, events(1, 5));
  expect((readManifestFile(dir).streams.events.files as { rows: number }[]).map((f) => f.rows)).toEqual([2, 2, 1]);
  expect((await viewRows(dir, 'events', 'id')).map((r) => Number(r.id))).toEqual([1, 2, 3, 4, 5]);
});
