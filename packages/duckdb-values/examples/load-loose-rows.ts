/**
 * Load loose rows into an in-memory DuckDB table the way sink-duckdb does: read the columns,
 * convert and lay them out with prepareColumn, copy them into one data chunk, append it.
 *
 *   pnpm exec tsx packages/duckdb-values/examples/load-loose-rows.ts
 */
import { DuckDBDataChunk, DuckDBInstance } from '@duckdb/node-api';
import duckdb from '@duckdb/node-bindings';
import type { Column } from '@pipe/sdk';
import { applyColumn, compileColumnReader, DUCK_TYPE_OF, ident, KIND_OF, prepareColumn, RowValueError, VECTOR_TYPE } from '../src/index.ts';

const columns: Column[] = [
  { name: 'id', type: 'integer', nullable: false },
  { name: 'active', type: 'boolean' },
  { name: 'seen_at', type: 'timestamp' },
  { name: 'note', type: 'string' },
];
const rows = [
  { id: '1', active: 'true', seen_at: '2024-03-01T10:00:00.123456Z', note: { from: 'crm' } },
  { id: 2n, active: false, seen_at: new Date('2024-03-01T11:00:00Z'), note: 42 },
  { id: 3, active: null, seen_at: 1709290800000, note: 'plain text' },
];

const instance = await DuckDBInstance.create(':memory:');
const con = await instance.connect();
await con.run(`CREATE TABLE people (${columns.map((c) => `${ident(c.name)} ${DUCK_TYPE_OF[c.type]}`).join(', ')})`);

const raw = columns.map(() => new Array<unknown>(rows.length));
compileColumnReader(columns.map((c) => c.name))(rows, 0, rows.length, raw);
const keepAlive: unknown[] = []; // helper vectors long strings point into: alive until the append is flushed
const chunk = new DuckDBDataChunk(duckdb.create_data_chunk(columns.map((c) => VECTOR_TYPE[c.type].toLogicalType().logical_type)));
duckdb.data_chunk_set_size(chunk.chunk, rows.length);
columns.forEach((c, i) => {
  try {
    applyColumn(duckdb.data_chunk_get_vector(chunk.chunk, i), prepareColumn(KIND_OF[c.type], raw[i]!, c.nullable === false, keepAlive));
  } catch (e) {
    if (e instanceof RowValueError) throw new Error(`column ${c.name}, row ${e.row}: ${e.message}`);
    throw e;
  }
});
const appender = await con.createAppender('people');
appender.appendDataChunk(chunk);
appender.closeSync();

const result = await con.runAndReadAll(`SELECT id, active, strftime(seen_at AT TIME ZONE 'UTC', '%Y-%m-%d %H:%M:%S.%f') AS seen_at, note FROM people ORDER BY id`);
console.table(result.getRowObjectsJson());
con.closeSync();
instance.closeSync();
