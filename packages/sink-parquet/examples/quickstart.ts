/**
 * Write two batches of a stream with the Parquet sink, then read the dataset back with
 * DuckDB through the generated views.
 *
 *   pnpm exec tsx packages/sink-parquet/examples/quickstart.ts [dir]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { createMetrics, PIPELINE_STATE_VERSION, type PipelineState, type StreamSchema, silentLogger } from '@pipe/sdk';
import parquet from '../src/index.ts';

const dir = process.argv[2] ?? fs.mkdtempSync(path.join(os.tmpdir(), 'pipe-parquet-example-'));
const ctx = { logger: silentLogger, signal: new AbortController().signal, baseDir: dir, pipeline: 'example', metrics: createMetrics() };
const contacts: StreamSchema = {
  name: 'contacts',
  primaryKey: ['id'],
  columns: [
    { name: 'id', type: 'integer' },
    { name: 'email', type: 'string' },
    { name: 'tags', type: 'string[]' },
    { name: 'updated_at', type: 'timestamp' },
    { name: 'archived', type: 'boolean' },
  ],
};
const state = (checkpoint: string): PipelineState => ({
  version: PIPELINE_STATE_VERSION,
  pipeline: 'example',
  streams: { contacts: { checkpoint, seq: 1, updatedAt: new Date().toISOString() } },
});

const config = { dir, partition_by: { column: 'updated_at', transform: 'month', name: 'updated_month' } } as never;
// What the engine does in a run: prepare, write batches with their state, end the stream.
const writer = await parquet.open(config, ctx);
await writer.prepare([{ schema: contacts, mode: 'merge', options: {} }]);
await writer.write(
  {
    stream: 'contacts',
    rows: [
      { id: 1, email: 'zoë@example.com', tags: ['vip'], updated_at: new Date('2026-10-30T10:00:00Z'), archived: false },
      { id: 2, email: 'li@example.com', tags: [], updated_at: new Date('2026-11-02T08:00:00Z'), archived: false },
    ],
    checkpoint: 'page-1',
  },
  state('page-1'),
);
await writer.write(
  {
    stream: 'contacts',
    rows: [
      { id: 1, email: 'zoe@example.com', tags: ['vip', 'renamed'], updated_at: new Date('2026-11-05T09:00:00Z'), archived: false },
      { id: 2, email: 'li@example.com', tags: [], updated_at: new Date('2026-11-06T09:00:00Z'), archived: true },
    ],
    checkpoint: 'page-2',
  },
  state('page-2'),
);
await writer.endStream!('contacts', state('page-2'));
console.log('committed state:', JSON.stringify((await writer.readState!())?.streams.contacts?.checkpoint));
await writer.close();

const instance = await DuckDBInstance.create(':memory:');
const con = await instance.connect();
await con.run(fs.readFileSync(path.join(dir, '_pipe', 'views.sql'), 'utf8'));
const show = async (sql: string) => console.log(sql, '\n', (await con.runAndReadAll(sql)).getRowObjectsJson());
await show('SELECT id, email, tags FROM contacts ORDER BY id'); // latest row per id; id 2 is archived
await show('SELECT count(*) AS versions FROM contacts_history');
// What `pipe compact` does: the sink's compact capability, under the dataset lock.
console.log('compact:', await parquet.compact!(config, ['contacts'], ctx));
console.log('files:', fs.readdirSync(path.join(dir, 'contacts'), { recursive: true }).filter((f) => String(f).endsWith('.parquet')));
con.closeSync();
instance.closeSync();
