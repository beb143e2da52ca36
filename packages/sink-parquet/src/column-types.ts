import { BIGINT, BOOLEAN, DATE, DOUBLE, type DuckDBType, LIST, TIMESTAMPTZ, VARCHAR } from '@duckdb/node-api';
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
const INTEGER_RE = /^-?\d+$/;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

function describe(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (typeof v === 'bigint') return `${v}n`;
  if (v instanceof Date) return `Date(${Number.isNaN(v.getTime()) ? 'invalid' : v.toISOString()})`;
  return typeof v === 'object' ? (Array.isArray(v) ? 'an array' : 'an object') : String(v);
}

function toInteger(v: unknown): number | bigint {
  if (typeof v === 'number') {
    if (Number.isSafeInteger(v)) return v;
    throw new ValueError(`expected a whole number (safe integer or bigint), got ${describe(v)}`);
  }
  if (typeof v === 'bigint') {
    if (v >= INT64_MIN && v <= INT64_MAX) return v;
    throw new ValueError(`expected a 64-bit integer, got ${describe(v)}`);
  }
  if (typeof v === 'string' && INTEGER_RE.test(v.trim())) return toInteger(BigInt(v.trim()));
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

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Days since 1970-01-01 of a 'YYYY-MM-DD' string (or a Date, taken in UTC). Parsed by hand: this runs for every date value. */
export function toEpochDays(v: unknown): number {
  if (v instanceof Date && !Number.isNaN(v.getTime())) return Math.floor(v.getTime() / MS_PER_DAY);
  if (typeof v === 'string' && v.length === 10 && v.charCodeAt(4) === 45 && v.charCodeAt(7) === 45) {
    const y = digits(v, 0, 4);
    const m = digits(v, 5, 2);
    const d = digits(v, 8, 2);
    const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
    if (y >= 0 && m >= 1 && m <= 12 && d >= 1 && d <= (m === 2 && leap ? 29 : DAYS_IN_MONTH[m - 1]!)) return daysFromCivil(y, m, d);
  }
  throw new ValueError(`expected a date 'YYYY-MM-DD', got ${describe(v)}`);
}

/** The number in v[at, at+len) when every character is a digit, else -1. */
function digits(v: string, at: number, len: number): number {
  let n = 0;
  for (let i = at; i < at + len; i++) {
    const c = v.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/** Howard Hinnant's days_from_civil: proleptic Gregorian date → days since 1970-01-01. */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
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

/**
 * Converts one non-null row value to the plain value vector-fill.ts writes: checks it
 * fits the column (throwing ValueError) without any native call.
 */
export const TO_PLAIN: Record<ColumnType, (v: unknown) => unknown> = {
  string: toText,
  integer: toInteger,
  number: toNumber,
  boolean: (v) => {
    if (typeof v === 'boolean') return v;
    throw new ValueError(`expected true or false, got ${describe(v)}`);
  },
  // Epoch microseconds stay exact in a double up to year 2255.
  timestamp: (v) => toEpochMs(v) * 1000,
  date: toEpochDays,
  'string[]': (v) => {
    if (!Array.isArray(v)) throw new ValueError(`expected a list of strings, got ${describe(v)}`);
    // Most lists already hold only strings: keep them rather than allocate a copy per row.
    for (const x of v) if (typeof x !== 'string' && x !== null) return v.map((y) => (y === null || y === undefined ? null : toText(y)));
    return v;
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
