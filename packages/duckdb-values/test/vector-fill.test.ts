import { DuckDBDataChunk, DuckDBInstance } from '@duckdb/node-api';
import duckdb from '@duckdb/node-bindings';
import { COLUMN_TYPES, type ColumnType } from '@pipe/sdk';
import { KIND_OF } from '@pipe/sdk/values';
import { describe, expect, it } from 'vitest';
import { applyColumn, DUCK_TYPE_OF, NullValueError, prepareColumn, RowValueError, VECTOR_TYPE } from '../src/index.ts';

/** One non-null value per column type, as a source hands it over. */
const VALUE: Record<ColumnType, unknown> = {
  string: 'a value longer than twelve bytes',
  integer: 42,
  number: 2.5,
  boolean: true,
  timestamp: new Date('2026-01-02T03:04:05.000Z'),
  date: '2026-01-02',
  'string[]': ['red', 'a value longer than twelve bytes'],
  json: { a: 1 },
};

describe('prepareColumn + applyColumn', () => {
  it('loads all-NULL chunks of every type as NULL, before and after a chunk with values, through the same vectors', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const con = await instance.connect();
    try {
      const types = [...COLUMN_TYPES];
      await con.run(`CREATE TABLE t (${types.map((t, i) => `c${i} ${DUCK_TYPE_OF[t]}`).join(', ')})`);
      const chunk = DuckDBDataChunk.create(types.map((t) => VECTOR_TYPE[t]));
      const appender = await con.createAppender('t');
      // Rows per chunk: a full vector, then a short last chunk, as the sinks cut them.
      for (const [rows, filled] of [
        [2048, false],
        [3, true],
        [2048, false],
        [5, false],
      ] as const) {
        const keepAlive: unknown[] = [];
        duckdb.data_chunk_reset(chunk.chunk); // as DuckDB resets a table function's output chunk
        types.forEach((t, c) => {
          const values = Array.from({ length: rows }, () => (filled ? VALUE[t] : null));
          applyColumn(duckdb.data_chunk_get_vector(chunk.chunk, c), prepareColumn(KIND_OF[t], values, false, keepAlive));
        });
        duckdb.data_chunk_set_size(chunk.chunk, rows);
        appender.appendDataChunk(chunk);
        appender.flushSync();
      }
      appender.closeSync();
      const counts = await con.runAndReadAll(`SELECT count(*)::INTEGER, ${types.map((_, i) => `count(c${i})::INTEGER`).join(', ')} FROM t`);
      expect(counts.getRows()[0]).toEqual([2048 + 3 + 2048 + 5, ...types.map(() => 3)]);
      const filled = await con.runAndReadAll(`SELECT c0, c1, c2, c3, c4::VARCHAR, c5::VARCHAR, c6, c7::VARCHAR FROM t WHERE c0 IS NOT NULL LIMIT 1`);
      expect(filled.getRowsJson()[0]).toEqual([
        'a value longer than twelve bytes',
        '42',
        2.5,
        true,
        '2026-01-02 03:04:05+00',
        '2026-01-02',
        ['red', 'a value longer than twelve bytes'],
        '{"a":1}',
      ]);
    } finally {
      con.closeSync();
      instance.closeSync();
    }
  });

  it('still refuses an all-NULL column that may not hold a NULL, naming the first row', () => {
    for (const t of COLUMN_TYPES) {
      const error = (() => {
        try {
          prepareColumn(KIND_OF[t], [null, null], true, []);
        } catch (e) {
          return e;
        }
      })();
      expect(error, t).toBeInstanceOf(RowValueError);
      expect((error as RowValueError).row).toBe(0);
      expect((error as RowValueError).error).toBeInstanceOf(NullValueError);
    }
  });
});
