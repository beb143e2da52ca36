// A small DuckDB file (and a Parquet file beside it) to query in tests.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

export interface Fixture {
  dir: string;
  file: string;
  cleanup(): void;
}

/**
 * `leads`: 250 rows, about four per `updated_at` value (ties a timestamp-only cursor would
 * lose), a few NULL cursors, and every type the source maps. `scores.parquet`: 40 rows.
 */
export async function makeFixture(): Promise<Fixture> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pipe-source-duckdb-'));
  const file = path.join(dir, 'warehouse.duckdb');
  const db = await DuckDBInstance.create(file);
  const c = await db.connect();
  await c.run(`
    CREATE TABLE leads AS
    SELECT
      i AS id,
      'lead' || i || '@example.com' AS email,
      CASE WHEN i % 7 = 0 THEN 'Zoë ' || i || ' 🚀' ELSE 'name ' || i END AS name,
      (i * 1.25)::DOUBLE AS score,
      (i % 3)::DECIMAL(10, 2) AS tier,
      i % 2 = 0 AS active,
      CASE WHEN i % 50 = 0 THEN NULL ELSE TIMESTAMPTZ '2026-01-01 00:00:00+00' + to_minutes((i // 4)::BIGINT) END AS updated_at,
      DATE '1899-12-31' + (i * 97)::INTEGER AS signup_day,
      ['a', 'b' || i] AS tags,
      {'n': i, 'tag': 'x'} AS meta,
      9007199254740993::HUGEINT + i AS big
    FROM range(1, 251) t(i)`);
  await c.run(`COPY (SELECT i AS id, i * 2 AS score FROM range(40) t(i)) TO '${path.join(dir, 'scores.parquet')}' (FORMAT parquet)`);
  c.closeSync();
  db.closeSync();
  return { dir, file, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
