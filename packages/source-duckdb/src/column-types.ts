/**
 * DuckDB result types → pipe's logical column types, and the SQL expression that brings each
 * column into the JS shape that type promises (dates as text, nested values as JSON text).
 */
import { type DuckDBType, DuckDBTypeId } from '@duckdb/node-api';
import { ident } from '@pipe/duckdb-values';
import type { ColumnType } from '@pipe/sdk';

export interface QueryColumn {
  name: string;
  type: ColumnType;
  /** DuckDB's name for the type, for casts of checkpoint values (`TIMESTAMP WITH TIME ZONE`). */
  sqlType: string;
  /** How the column is selected so that the JS value has the logical type's shape. */
  read: 'as_is' | 'text' | 'json_text';
}

const INTEGERS = new Set<DuckDBTypeId>([
  DuckDBTypeId.TINYINT,
  DuckDBTypeId.SMALLINT,
  DuckDBTypeId.INTEGER,
  DuckDBTypeId.BIGINT,
  DuckDBTypeId.UTINYINT,
  DuckDBTypeId.USMALLINT,
  DuckDBTypeId.UINTEGER,
  DuckDBTypeId.UBIGINT,
  DuckDBTypeId.HUGEINT,
  DuckDBTypeId.UHUGEINT,
]);
const NUMBERS = new Set<DuckDBTypeId>([DuckDBTypeId.FLOAT, DuckDBTypeId.DOUBLE, DuckDBTypeId.DECIMAL]);
const TIMESTAMPS = new Set<DuckDBTypeId>([
  DuckDBTypeId.TIMESTAMP,
  DuckDBTypeId.TIMESTAMP_S,
  DuckDBTypeId.TIMESTAMP_MS,
  DuckDBTypeId.TIMESTAMP_NS,
  DuckDBTypeId.TIMESTAMP_TZ,
]);
const NESTED = new Set<DuckDBTypeId>([DuckDBTypeId.LIST, DuckDBTypeId.ARRAY, DuckDBTypeId.STRUCT, DuckDBTypeId.MAP, DuckDBTypeId.UNION]);

export function columnOf(name: string, t: DuckDBType): QueryColumn {
  const sqlType = t.alias ?? t.toString();
  const id = t.typeId;
  if (t.alias?.toUpperCase() === 'JSON') return { name, type: 'json', sqlType, read: 'json_text' };
  if (id === DuckDBTypeId.BOOLEAN) return { name, type: 'boolean', sqlType, read: 'as_is' };
  if (INTEGERS.has(id)) return { name, type: 'integer', sqlType, read: 'as_is' };
  if (NUMBERS.has(id)) return { name, type: 'number', sqlType, read: 'as_is' };
  if (TIMESTAMPS.has(id)) return { name, type: 'timestamp', sqlType, read: 'as_is' };
  // Text keeps years before 1 and after 9999 that a JS Date would mangle.
  if (id === DuckDBTypeId.DATE) return { name, type: 'date', sqlType, read: 'text' };
  if (id === DuckDBTypeId.VARCHAR || id === DuckDBTypeId.ENUM) return { name, type: 'string', sqlType, read: 'as_is' };
  if ((id === DuckDBTypeId.LIST || id === DuckDBTypeId.ARRAY) && 'valueType' in t && t.valueType.typeId === DuckDBTypeId.VARCHAR) {
    return { name, type: 'string[]', sqlType, read: 'as_is' };
  }
  if (NESTED.has(id)) return { name, type: 'json', sqlType, read: 'json_text' };
  // UUID, TIME, INTERVAL, BLOB, BIT, … : DuckDB's text form is the most faithful plain value.
  return { name, type: 'string', sqlType, read: 'text' };
}

/** The select-list entry for a column of the wrapped query `q`. */
export function projection(c: QueryColumn): string {
  const col = `q.${ident(c.name)}`;
  if (c.read === 'text') return `CAST(${col} AS VARCHAR) AS ${ident(c.name)}`;
  if (c.read === 'json_text') return `CAST(to_json(${col}) AS VARCHAR) AS ${ident(c.name)}`;
  return `${col} AS ${ident(c.name)}`;
}

/** A JS value from DuckDB's JS converter in the shape of the column's logical type. */
export function toRowValue(c: QueryColumn, v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (c.read === 'json_text') return JSON.parse(v as string);
  // Integers as numbers when safe (what most sinks and tests expect), bigint beyond.
  if (typeof v === 'bigint' && v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER)) return Number(v);
  return v;
}
