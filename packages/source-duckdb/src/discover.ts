import type { DuckDBConnection } from '@duckdb/node-api';
import { ConfigError, type StreamSchema } from '@pipe/sdk';
import { type QueryColumn, columnOf } from './column-types.ts';
import type { QueryConfig } from './config.ts';
import { queryError } from './database.ts';

/** A configured query with its result columns, as DuckDB types them. */
export interface QueryStream {
  name: string;
  sql: string;
  primaryKey: string[];
  cursor?: string;
  columns: QueryColumn[];
  schema: StreamSchema;
}

/** The query as written, without a trailing `;` so it can be wrapped as a subquery. */
export function bareSql(sql: string): string {
  return sql.trim().replace(/;\s*$/, '');
}

/** Types the query's result by preparing it (nothing runs) and checks its key and cursor columns exist. */
export async function describeQuery(c: DuckDBConnection, name: string, q: QueryConfig): Promise<QueryStream> {
  const sql = bareSql(q.sql);
  let columns: QueryColumn[];
  try {
    const prepared = await c.prepare(`SELECT * FROM (${sql}) AS q`);
    columns = Array.from({ length: prepared.columnCount }, (_, i) => columnOf(prepared.columnName(i), prepared.columnType(i)));
  } catch (e) {
    throw queryError(name, e);
  }
  const primaryKey = q.primary_key ?? [];
  const names = new Set(columns.map((col) => col.name));
  const where = `source.duckdb.queries.${name}`;
  const available = `the query returns: ${[...names].join(', ')}`;
  for (const k of primaryKey) {
    if (!names.has(k)) throw new ConfigError(`${where}.primary_key: column "${k}" is not in the query's result; ${available}`);
  }
  if (q.cursor !== undefined) {
    if (!names.has(q.cursor)) throw new ConfigError(`${where}.cursor: column "${q.cursor}" is not in the query's result; ${available}`);
    if (primaryKey.length === 0) {
      throw new ConfigError(`${where}: a cursor needs a primary_key`, {
        hint: 'Rows with the same cursor value are ordered and resumed by the primary key; without one a resumed run could skip or repeat them.',
      });
    }
  }
  const keys = new Set(primaryKey);
  const schema: StreamSchema = {
    name,
    primaryKey,
    columns: columns.map((col) => ({ name: col.name, type: col.type, ...(keys.has(col.name) ? { nullable: false } : {}) })),
    syncModes: q.cursor ? ['incremental', 'full'] : ['full'],
    ...(q.cursor ? { cursor: q.cursor } : {}),
    ...(q.description ? { description: q.description } : {}),
  };
  return { name, sql, primaryKey, cursor: q.cursor, columns, schema };
}
