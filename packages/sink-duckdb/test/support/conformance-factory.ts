import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import type { Row } from '@pipe/sdk';
import type { SinkFactory } from '@pipe/testkit';
import duckdb from '../../src/index.ts';

const fileIn = (location: string) => path.join(location, 'warehouse.duckdb');

/** The kit's batches are 200 rows (its CRASH_BATCH_ROWS); commit every 3 writes, so the suite runs through group commits. */
const WRITES_PER_COMMIT = 3;

/** The DuckDB sink as @pipe/testkit's sink suite opens and inspects it: one file per test folder. */
export const factory: SinkFactory = {
  open: async (location, ctx) => duckdb.open({ path: fileIn(location), commit_rows: WRITES_PER_COMMIT * 200 }, ctx),
  writesPerCommit: WRITES_PER_COMMIT,
  async readRows(location, stream) {
    const instance = await DuckDBInstance.create(fileIn(location));
    const con = await instance.connect();
    try {
      const exists = await con.runAndReadAll(`SELECT schema_name FROM duckdb_tables() WHERE table_name = $1`, [stream]);
      const schema = exists.getRowsJson()[0]?.[0];
      if (typeof schema !== 'string') return [];
      const ident = (s: string) => `"${s.replaceAll('"', '""')}"`;
      // JS form: BIGINT → bigint, TIMESTAMPTZ → Date, DATE → Date-like value, JSON → text, lists → arrays.
      const reader = await con.runAndReadAll(`SELECT * FROM ${ident(schema)}.${ident(stream)}`);
      return reader.getRowObjectsJS() as Row[];
    } finally {
      con.closeSync();
      instance.closeSync();
    }
  },
  crashModule: fileURLToPath(import.meta.url),
  crashExport: 'factory',
};
