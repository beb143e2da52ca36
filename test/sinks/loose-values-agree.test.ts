/**
 * The two DuckDB-backed sinks share one value layer (@pipe/duckdb-values): the same loose
 * batch must land as the same values in a DuckDB table and in Parquet files, down to the
 * microsecond. Read back with one DuckDB query shape each, so nothing is normalized away.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { Row, SinkWriter } from '@pipe/sdk';
import { createTestContext } from '@pipe/testkit';
import { afterAll, expect, it } from 'vitest';
import duckdbSink from '../../packages/sink-duckdb/src/index.ts';
import parquetSink from '../../packages/sink-parquet/src/index.ts';
import { ALL_TYPES, LOOSE_ROWS, sinkStream, stateWith } from '../../packages/testkit/src/sink/fixtures.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pipe-sinks-agree-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Microseconds before and after the epoch, in both ISO spellings the rule accepts. */
const MICROS_ROWS: Row[] = [
  { id: 201, ts: '2024-03-01T10:00:00.000001Z' },
  { id: 202, ts: '1969-12-31T23:59:59.999999Z' },
  { id: 203, ts: '2024-03-01 10:00:00.654321' },
  { id: 204, ts: '2024-03-01T10:00:00.5+01:00' },
];
const ROWS = [...LOOSE_ROWS, ...MICROS_ROWS];

const COLUMNS = `id::VARCHAR AS id, s, i::VARCHAR AS i, n, b, epoch_us(ts)::VARCHAR AS ts_us, d::VARCHAR AS d, tags, doc::VARCHAR AS doc`;

async function write(writer: SinkWriter): Promise<void> {
  try {
    await writer.prepare([sinkStream(ALL_TYPES, 'append')]);
    const state = stateWith({ all_types: 1 });
    await writer.write({ stream: ALL_TYPES.name, rows: [...ROWS], checkpoint: 1 }, state);
    await writer.endStream?.(ALL_TYPES.name, state);
  } finally {
    await writer.close();
  }
}

async function query(sql: string, file = ':memory:'): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(file);
  const con = await instance.connect();
  try {
    return (await con.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
  } finally {
    con.closeSync();
    instance.closeSync();
  }
}

it('sink-duckdb and sink-parquet store the same loose batch as the same values, microseconds included', async () => {
  const ctx = createTestContext({ baseDir: dir, pipeline: 'agree' });
  const file = path.join(dir, 'warehouse.duckdb');
  const dataset = path.join(dir, 'dataset');
  await write(await duckdbSink.open({ path: file, schema: 'agree' }, ctx));
  await write(await parquetSink.open({ dir: dataset } as never, ctx));

  const inDuckDB = await query(`SELECT ${COLUMNS} FROM agree.all_types ORDER BY id::BIGINT`, file);
  const parquetFiles = path.join(dataset, 'all_types', '*.parquet').replaceAll("'", "''");
  const inParquet = await query(`SELECT ${COLUMNS} FROM read_parquet('${parquetFiles}') ORDER BY id::BIGINT`);

  expect(inDuckDB).toHaveLength(ROWS.length);
  expect(inParquet).toEqual(inDuckDB);
  const micros = Object.fromEntries(inDuckDB.map((r) => [r.id, r.ts_us]));
  expect(micros).toMatchObject({
    '101': '1709287200123456',
    '201': '1709287200000001',
    '202': '-1',
    '203': '1709287200654321',
    '204': '1709283600500000',
  });
});
