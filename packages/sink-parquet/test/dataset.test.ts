import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { LockedError, SchemaChangeError, type StreamSchema } from '@pipe/sdk';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestContext } from '@pipe/testkit';
import parquet from '../src/index.ts';
import { openWriter, sinkStream, stateAt } from './helpers.ts';
import { type Backend, LOCAL, S3, S3_SETTINGS, withStorage } from './support/backends.ts';
import { listDataset, queryDataset, readManifestAt } from './support/read-dataset.ts';
import { startS3Server } from './support/s3-server.ts';

const server = await startS3Server();
afterAll(() => server.close());

const EVENTS: StreamSchema = {
  name: 'events',
  primaryKey: ['id'],
  columns: [
    { name: 'id', type: 'integer' },
    { name: 'kind', type: 'string' },
    { name: 'updated_at', type: 'timestamp' },
    { name: 'archived', type: 'boolean' },
  ],
};

function event(id: number, overrides: Record<string, unknown> = {}) {
  return { id, kind: `k${id % 3}`, updated_at: new Date(Date.UTC(2026, 9 + (id % 2), 15, 0, 0, id)), archived: false, ...overrides };
}
const events = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => event(from + i));

async function write(dir: string, batches: Record<string, unknown>[][], opts: { mode?: 'append' | 'merge' | 'replace'; config?: Record<string, unknown>; schema?: StreamSchema; end?: boolean } = {}) {
  const w = await openWriter({ dir, ...opts.config });
  try {
    await w.prepare([sinkStream(opts.schema ?? EVENTS, opts.mode ?? 'merge')]);
    for (const [k, rows] of batches.entries()) await w.write({ stream: 'events', rows, checkpoint: k + 1 }, stateAt({ events: k + 1 }, k + 1));
    if (opts.end ?? true) await w.endStream('events', stateAt({ events: batches.length }, batches.length));
  } finally {
    await w.close();
  }
}

const ids = async (dir: string, view = 'events') => (await queryDataset(dir, `SELECT id FROM "${view}" ORDER BY id`)).map((r) => Number(r.id));

describe.each([LOCAL, S3])('dataset on $name storage', (backend: Backend) => {
  it('lays files out as <stream>/<partition>/part-<run>-<seq>.parquet, Hive-partitioned by month', async () => {
    const dir = backend.newDir();
    await write(dir, [events(1, 4)], { config: { partition_by: { column: 'updated_at', transform: 'month', name: 'updated_month' } } });
    await write(dir, [events(5, 5)], { config: { partition_by: { column: 'updated_at', transform: 'month', name: 'updated_month' } } });
    const files = (await listDataset(dir)).filter((f) => f.endsWith('.parquet'));
    expect(files).toEqual([
      'events/updated_month=2026-10/part-00001-000000.parquet',
      'events/updated_month=2026-11/part-00001-000001.parquet',
      'events/updated_month=2026-11/part-00002-000000.parquet',
    ]);
    const manifest = await readManifestAt(dir);
    expect(manifest!.streams.events!.files.map((f) => [f.rows, f.partition])).toEqual([
      [2, { updated_month: '2026-10' }],
      [2, { updated_month: '2026-11' }],
      [1, { updated_month: '2026-11' }],
    ]);
    expect(await ids(dir)).toEqual([1, 2, 3, 4, 5]);
  });

  it('identity partitions escape folder values, write NULL as the Hive default partition, and read back typed', async () => {
    const dir = backend.newDir();
    const rows = [event(1, { kind: 'a/b=c' }), event(2, { kind: null }), event(3, { kind: 'plain' })];
    await write(dir, [rows], { config: { partition_by: { column: 'kind', transform: 'identity' } } });
    const folders = (await listDataset(dir)).filter((f) => f.endsWith('.parquet')).map((f) => f.split('/')[1]);
    expect(folders).toEqual(['kind=__HIVE_DEFAULT_PARTITION__', 'kind=a%2Fb%3Dc', 'kind=plain']);
    expect(await queryDataset(dir, 'SELECT id, kind FROM events ORDER BY id')).toEqual([
      { id: 1n, kind: 'a/b=c' },
      { id: 2n, kind: null },
      { id: 3n, kind: 'plain' },
    ]);
  });

  it('rotates files by rows, and by bytes at the average row size so far', async () => {
    const dir = backend.newDir();
    await write(dir, [events(1, 10)], { mode: 'append', config: { max_rows_per_file: 3 } });
    const byRows = (await readManifestAt(dir))!.streams.events!.files.map((f) => f.rows);
    expect(byRows).toEqual([3, 3, 3, 1]);
    const dir2 = backend.newDir();
    await write(dir2, [events(1, 200), events(201, 400)], { mode: 'append', config: { max_bytes_per_file: 1200 } });
    const files = (await readManifestAt(dir2))!.streams.events!.files;
    expect(files[0]!.rows, 'the first file has no history to estimate from').toBe(200);
    expect(files.length).toBeGreaterThan(2);
    expect(files.reduce((n, f) => n + f.rows, 0)).toBe(400);
    expect(await ids(dir2)).toHaveLength(400);
  });

  it('is deterministic: the same rows give the same file names and bytes', async () => {
    const hashes = async (dir: string) => {
      const manifest = (await readManifestAt(dir))!;
      return withStorage(dir, async (s) => {
        const out: [string, string][] = [];
        for (const f of manifest.streams.events!.files) {
          const copy = await s.localCopy(f.path);
          out.push([f.path, createHash('sha256').update(fs.readFileSync(copy.path)).digest('hex')]);
          await copy.release();
        }
        return out;
      });
    };
    const a = backend.newDir();
    const b = backend.newDir();
    const config = { partition_by: { column: 'updated_at', transform: 'day' } };
    await write(a, [events(1, 50), events(51, 60)], { config });
    await write(b, [events(1, 50), events(51, 60)], { config });
    const [ha, hb] = [await hashes(a), await hashes(b)];
    expect(ha.length).toBeGreaterThan(1);
    expect(hb).toEqual(ha);
  });

  it('removes files an interrupted run left (not named in the manifest) on the next run, and nothing else', async () => {
    const dir = backend.newDir();
    await write(dir, [events(1, 3)]);
    await withStorage(dir, async (s) => {
      await s.writeTextAtomic('events/part-00009-000000.parquet', 'half a file');
      await s.writeTextAtomic('events/.part-00002-000000.parquet.abcd.tmp', 'staged');
      await s.writeTextAtomic('events/README.txt', 'not ours');
    });
    const before = await listDataset(dir);
    expect(before).toContain('events/part-00009-000000.parquet');
    const w = await openWriter({ dir });
    await w.prepare([sinkStream(EVENTS, 'merge')]);
    await w.close();
    expect(await listDataset(dir)).toEqual(['_pipe/manifest.json', '_pipe/views.sql', 'events/README.txt', 'events/part-00001-000000.parquet']);
    expect(await ids(dir)).toEqual([1, 2, 3]);
  });

  it('replace switches to the new snapshot in one step at endStream, then removes the old files', async () => {
    const dir = backend.newDir();
    await write(dir, [events(1, 5)], { mode: 'replace' });
    const oldFiles = (await readManifestAt(dir))!.streams.events!.files.map((f) => f.path);
    const w = await openWriter({ dir });
    try {
      await w.prepare([sinkStream(EVENTS, 'replace')]);
      await w.write({ stream: 'events', rows: events(100, 102), checkpoint: 'new' }, stateAt({ events: 'new' }, 2));
      // Mid-replace: the new files exist, but the dataset (manifest, views, state) is the old one.
      expect(await ids(dir)).toEqual([1, 2, 3, 4, 5]);
      expect((await readManifestAt(dir))!.state!.streams.events!.checkpoint).toBe(1);
      expect((await listDataset(dir)).filter((f) => f.endsWith('.parquet')).length).toBe(2);
      await w.endStream('events', stateAt({ events: 'new' }, 2));
    } finally {
      await w.close();
    }
    expect(await ids(dir)).toEqual([100, 101, 102]);
    expect((await readManifestAt(dir))!.state!.streams.events!.checkpoint).toBe('new');
    const files = await listDataset(dir);
    for (const f of oldFiles) expect(files).not.toContain(f);
  });

  it('views keep the latest row per key and drop deleted rows; _history keeps every row', async () => {
    const dir = backend.newDir();
    await write(dir, [events(1, 4), [event(2, { kind: 'changed' }), event(3, { archived: true })], [event(2, { kind: 'changed again' })]]);
    expect(await queryDataset(dir, 'SELECT id, kind FROM events ORDER BY id')).toEqual([
      { id: 1n, kind: 'k1' },
      { id: 2n, kind: 'changed again' },
      { id: 4n, kind: 'k1' },
    ]);
    expect(await queryDataset(dir, 'SELECT count(*)::INT AS n FROM events_history')).toEqual([{ n: 7 }]);
  });

  it('compact (the sink capability pipe compact calls) rewrites a stream to one row per key and switches the manifest to the new files', async () => {
    const dir = backend.newDir();
    const config = { partition_by: { column: 'updated_at', transform: 'month' } };
    await write(dir, [events(1, 6), [event(2, { kind: 'x' }), event(3, { archived: true })]], { config });
    const before = await queryDataset(dir, 'SELECT * FROM events ORDER BY id');
    const stateBefore = (await readManifestAt(dir))?.state;
    const compact = (streams?: string[]) => parquet.compact!({ dir, s3: S3_SETTINGS, ...config } as never, streams, createTestContext());
    expect(await compact(['events'])).toEqual([{ stream: 'events', rowsBefore: 8, rowsAfter: 5, filesBefore: 4, filesAfter: 2 }]);
    expect(await queryDataset(dir, 'SELECT * FROM events ORDER BY id')).toEqual(before);
    expect(await queryDataset(dir, 'SELECT count(*)::INT AS n FROM events_history')).toEqual([{ n: 5 }]);
    const parquetFiles = (await listDataset(dir)).filter((f) => f.endsWith('.parquet'));
    expect(parquetFiles).toEqual(['events/updated_at_month=2026-10/part-00002-000000.parquet', 'events/updated_at_month=2026-11/part-00002-000001.parquet']);
    expect((await readManifestAt(dir))?.state).toEqual(stateBefore);
    // Every stream at once (pipe compact without --stream): already compact, so nothing is dropped.
    expect(await compact()).toEqual([{ stream: 'events', rowsBefore: 5, rowsAfter: 5, filesBefore: 2, filesAfter: 2 }]);
    expect(await queryDataset(dir, 'SELECT * FROM events ORDER BY id')).toEqual(before);
    // A stream the dataset does not have is refused before anything is rewritten.
    await expect(compact(['events', 'evnts'])).rejects.toThrow(/has no stream "evnts"/);
    expect((await listDataset(dir)).filter((f) => f.endsWith('.parquet'))).toEqual(parquetFiles.map((f) => f.replace('00002', '00003')));
  });

  it('schema changes: new columns appear in new files; freeze refuses an incompatible type change, naming stream, column and types', async () => {
    const dir = backend.newDir();
    await write(dir, [events(1, 2)]);
    const v2: StreamSchema = { ...EVENTS, columns: [...EVENTS.columns, { name: 'score', type: 'integer' }] };
    await write(dir, [[{ ...event(3), score: 7 }]], { schema: v2 });
    expect(await queryDataset(dir, 'SELECT id, score FROM events ORDER BY id')).toEqual([
      { id: 1n, score: null },
      { id: 2n, score: null },
      { id: 3n, score: 7n },
    ]);
    const widened: StreamSchema = { ...v2, columns: v2.columns.map((c) => (c.name === 'score' ? { ...c, type: 'number' as const } : c)) };
    const w = await openWriter({ dir, schema_changes: 'freeze' });
    try {
      expect(await w.prepare([sinkStream(widened, 'merge')])).toEqual([{ stream: 'events', kind: 'widen', column: 'score', from: 'integer', to: 'number' }]);
      const changed: StreamSchema = { ...v2, columns: v2.columns.map((c) => (c.name === 'kind' ? { ...c, type: 'integer' as const } : c)) };
      const err = await w.prepare([sinkStream(changed, 'merge')]).catch((e) => e);
      expect(err).toBeInstanceOf(SchemaChangeError);
      expect(err.message).toMatch(/stream "events", column "kind" changed type from string to integer/);
    } finally {
      await w.close();
    }
    const evolve = await openWriter({ dir });
    try {
      const asText: StreamSchema = { ...v2, columns: v2.columns.map((c) => (c.name === 'score' ? { ...c, type: 'string' as const } : c)) };
      const changes = await evolve.prepare([sinkStream(asText, 'merge')]);
      expect(changes).toContainEqual({ stream: 'events', kind: 'other', column: 'score', from: 'number', to: 'string' });
      await evolve.write({ stream: 'events', rows: [{ ...event(4), score: 'high' }], checkpoint: 9 }, stateAt({ events: 9 }, 9));
    } finally {
      await evolve.close();
    }
    expect(await queryDataset(dir, 'SELECT id, score FROM events ORDER BY id')).toEqual([
      { id: 1n, score: null },
      { id: 2n, score: null },
      { id: 3n, score: '7' },
      { id: 4n, score: 'high' },
    ]);
  });
});

describe('compact under the dataset lock', () => {
  it('is refused while a run holds the dataset, and leaves its files alone', async () => {
    const dir = LOCAL.newDir();
    await write(dir, [events(1, 3), [event(2, { kind: 'x' })]]);
    const files = await listDataset(dir);
    const running = await openWriter({ dir });
    try {
      await expect(parquet.compact!({ dir } as never, undefined, createTestContext())).rejects.toBeInstanceOf(LockedError);
      expect(await listDataset(dir)).toEqual(files);
    } finally {
      await running.close();
    }
    expect(await parquet.compact!({ dir } as never, undefined, createTestContext())).toEqual([{ stream: 'events', rowsBefore: 4, rowsAfter: 3, filesBefore: 2, filesAfter: 1 }]);
  });
});
