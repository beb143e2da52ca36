/**
 * Reading one query: a single streaming statement ordered by (cursor, primary key), cut into
 * batches. Each batch's checkpoint is its last row's (cursor, key) as DuckDB text, and a
 * resumed read starts strictly after it (keyset), so rows sharing a cursor value are neither
 * lost nor repeated.
 */
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { AbortedError, type Batch, type Json, type Row, type StreamRequest } from '@pipe/sdk';
import { ident } from '@pipe/duckdb-values';
import { type QueryColumn, projection, toRowValue } from './column-types.ts';
import { queryError } from './database.ts';
import type { QueryStream } from './discover.ts';

/** What a checkpoint holds: the last committed row's cursor and key values, as DuckDB text. */
export interface QueryCheckpoint {
  cursor: string | null;
  key: string[];
}

const CURSOR_ALIAS = '__pipe_cursor';
const keyAlias = (i: number) => `__pipe_key_${i}`;

export function isQueryCheckpoint(v: unknown): v is QueryCheckpoint {
  if (!v || typeof v !== 'object') return false;
  const c = v as Record<string, unknown>;
  return (c.cursor === null || typeof c.cursor === 'string') && Array.isArray(c.key) && c.key.every((k) => typeof k === 'string');
}

interface Statement {
  sql: string;
  params: DuckDBValue[];
}

/** `col > value` in the column's own type (the value is DuckDB text from an earlier run). */
function compare(col: QueryColumn, op: '>' | '=', params: DuckDBValue[], value: string): string {
  params.push(value);
  return `q.${ident(col.name)} ${op} CAST(? AS ${col.sqlType})`;
}

/** Rows strictly after `key` in primary-key order: k1 > K1 OR (k1 = K1 AND k2 > K2) … */
function keyAfter(keys: QueryColumn[], values: string[], params: DuckDBValue[]): string {
  const terms: string[] = [];
  for (let i = 0; i < keys.length; i++) {
    const equal = keys.slice(0, i).map((k, j) => compare(k, '=', params, values[j]!));
    terms.push(`(${[...equal, compare(keys[i]!, '>', params, values[i]!)].join(' AND ')})`);
  }
  return `(${terms.join(' OR ')})`;
}

export function buildStatement(q: QueryStream, incremental: boolean, after: QueryCheckpoint | undefined): Statement {
  const byName = new Map(q.columns.map((c) => [c.name, c]));
  const keys = q.primaryKey.map((k) => byName.get(k)!);
  const cursor = incremental && q.cursor ? byName.get(q.cursor) : undefined;
  const params: DuckDBValue[] = [];
  const select = q.columns.map(projection);
  let where = '';
  let order = keys.map((k) => `q.${ident(k.name)}`);
  if (cursor) {
    select.push(`CAST(q.${ident(cursor.name)} AS VARCHAR) AS ${CURSOR_ALIAS}`);
    for (const [i, k] of keys.entries()) select.push(`CAST(q.${ident(k.name)} AS VARCHAR) AS ${keyAlias(i)}`);
    order = [`q.${ident(cursor.name)} ASC NULLS FIRST`, ...order];
    if (after && after.key.length === keys.length) {
      const c = `q.${ident(cursor.name)}`;
      if (after.cursor === null) {
        where = `WHERE ${c} IS NOT NULL OR (${c} IS NULL AND ${keyAfter(keys, after.key, params)})`;
      } else {
        const greater = compare(cursor, '>', params, after.cursor);
        const equal = compare(cursor, '=', params, after.cursor);
        where = `WHERE ${greater} OR (${equal} AND ${keyAfter(keys, after.key, params)})`;
      }
    }
  }
  const orderBy = order.length > 0 ? ` ORDER BY ${order.join(', ')}` : '';
  return { sql: `SELECT ${select.join(', ')} FROM (${q.sql}) AS q ${where}${orderBy}`, params };
}

export async function* readQuery(
  connection: DuckDBConnection,
  q: QueryStream,
  req: StreamRequest,
  batchSize: number,
  signal: AbortSignal,
): AsyncGenerator<Batch> {
  const incremental = req.mode === 'incremental' && q.cursor !== undefined;
  const after = incremental && isQueryCheckpoint(req.state) ? req.state : undefined;
  const statement = buildStatement(q, incremental, after);
  if (signal.aborted) throw new AbortedError();
  let result: Awaited<ReturnType<DuckDBConnection['stream']>>;
  try {
    result = await connection.stream(statement.sql, statement.params);
  } catch (e) {
    throw queryError(q.name, e);
  }
  let rows: Row[] = [];
  let last: QueryCheckpoint | undefined;
  const batch = (): Batch => {
    const b: Batch = { stream: q.name, rows };
    if (incremental && last) b.checkpoint = last as unknown as Json;
    rows = [];
    return b;
  };
  for await (const chunk of result.yieldRowObjectJs()) {
    if (signal.aborted) throw new AbortedError();
    for (const raw of chunk) {
      const row: Row = {};
      for (const col of q.columns) row[col.name] = toRowValue(col, raw[col.name]);
      rows.push(row);
      if (incremental) {
        last = { cursor: (raw[CURSOR_ALIAS] as string | null) ?? null, key: q.primaryKey.map((_, i) => String(raw[keyAlias(i)])) };
      }
      if (rows.length >= batchSize) {
        if (signal.aborted) throw new AbortedError();
        yield batch();
      }
    }
  }
  // The last (possibly empty) batch carries the final checkpoint; on an empty resume it repeats the old one.
  if (rows.length > 0 || !last) {
    if (!last && after) last = after;
    yield batch();
  }
}
