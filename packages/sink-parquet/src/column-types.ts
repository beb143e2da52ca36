import {
  BIGINT,
  BOOLEAN,
  DATE,
  DOUBLE,
  type DuckDBType,
  type DuckDBValue,
  dateValue,
  LIST,
  listValue,
  TIMESTAMPTZ,
  timestampTZValue,
  VARCHAR,
} from '@duckdb/node-api';
import type { ColumnType } from '@pipe/sdk';

/**
 * Logical column types → DuckDB types → Parquet. DuckDB writes TIMESTAMPTZ as INT64
 * TIMESTAMP(MICROS, isAdjustedToUTC) — never nanoseconds, which some readers reject —,
 * DATE as INT32 DATE, VARCHAR[] as a 3-level LIST and JSON as a UTF-8 string with the
 * JSON logical type.
 */
export const SQL_TYPE: Record<ColumnType, string> = {
  string: 'VARCHAR',
  integer: 'BIGINT',
  number: 'DOUBLE',
  boolean: 'BOOLEAN',
  timestamp: 'TIMESTAMPTZ',
  date: 'DATE',
  'string[]': 'VARCHAR[]',
  json: 'JSON',
};

/** The vector type each column is loaded through (JSON goes in as text). */
export const VECTOR_TYPE: Record<ColumnType, DuckDBType> = {
  string: VARCHAR,
  integer: BIGINT,
  number: DOUBLE,
  boolean: BOOLEAN,
  timestamp: TIMESTAMPTZ,
  date: DATE,
  'string[]': LIST(VARCHAR),
  json: VARCHAR,
};

/** A value that does not fit its column; the caller adds where (stream, column, row). */
export class ValueError extends Error {}

const MS_PER_DAY = 86_400_000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const INTEGER_RE = /^-?\d+$/;

function describe(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (typeof v === 'bigint') return `${v}n`;
  if (v instanceof Date) return `Date(${Number.isNaN(v.getTime()) ? 'invalid' : v.toISOString()})`;
  return typeof v === 'object' ? (Array.isArray(v) ? 'an array' : 'an object') : String(v);
}

function toInteger(v: unknown): bigint {
  if (typeof v === 'number') {
    if (Number.isSafeInteger(v)) return BigInt(v);
    throw new ValueError(`expected a whole number (safe integer or bigint), got ${describe(v)}`);
  }
  if (typeof v === 'bigint') return v;
  if (typeof v === 'string' && INTEGER_RE.test(v.trim())) return BigInt(v.trim());
  throw new ValueError(`expected a whole number, got ${describe(v)}`);
}

function toNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) return Number(v);
  throw new ValueError(`expected a number, got ${describe(v)}`);
}

/** Milliseconds since the epoch of a Date, ISO string or epoch-ms number. */
export function toEpochMs(v: unknown): number {
  const ms = v instanceof Date ? v.getTime() : typeof v === 'string' ? Date.parse(v) : typeof v === 'number' ? v : Number.NaN;
  if (Number.isNaN(ms)) throw new ValueError(`expected a timestamp (Date or ISO 8601 string), got ${describe(v)}`);
  return ms;
}

/** Days since 1970-01-01 of a 'YYYY-MM-DD' string (or a Date, taken in UTC). */
export function toEpochDays(v: unknown): number {
  if (v instanceof Date && !Number.isNaN(v.getTime())) return Math.floor(v.getTime() / MS_PER_DAY);
  if (typeof v === 'string') {
    const m = DATE_RE.exec(v);
    if (m) {
      const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
      const back = new Date(ms).toISOString().slice(0, 10);
      if (back === v) return ms / MS_PER_DAY;
    }
  }
  throw new ValueError(`expected a date 'YYYY-MM-DD', got ${describe(v)}`);
}

function toText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  throw new ValueError(`expected a string, got ${describe(v)}`);
}

function toJsonText(v: unknown): string {
  const text = JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x));
  if (text === undefined) throw new ValueError(`expected a JSON value, got ${describe(v)}`);
  return text;
}

/** Converts one non-null row value to what the column's vector takes. */
export const TO_VECTOR_VALUE: Record<ColumnType, (v: unknown) => DuckDBValue> = {
  string: toText,
  integer: toInteger,
  number: toNumber,
  boolean: (v) => {
    if (typeof v === 'boolean') return v;
    throw new ValueError(`expected true or false, got ${describe(v)}`);
  },
  timestamp: (v) => timestampTZValue(BigInt(toEpochMs(v)) * 1000n),
  date: (v) => dateValue(toEpochDays(v)),
  'string[]': (v) => {
    if (!Array.isArray(v)) throw new ValueError(`expected a list of strings, got ${describe(v)}`);
    return listValue(v.map((x) => (x === null || x === undefined ? null : toText(x))));
  },
  json: toJsonText,
};

/** Double-quoted SQL identifier. */
export function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Single-quoted SQL string literal. */
export function literal(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}
