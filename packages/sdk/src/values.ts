import type { ColumnType } from './schema.ts';

/**
 * The loose-value rule: what a row value may be for each logical column type, what it is
 * converted to, and what is rejected. Every sink applies it the same way (sink-duckdb,
 * sink-parquet and the testkit's memory sink), so one loose value cannot pass one sink and
 * fail another. Sources should emit the canonical form (the SDK's schema.ts); this rule is
 * how sinks treat everything else.
 *
 * `null` and `undefined` are NULL in every column (rejected in a primary-key column).
 *
 * | column    | accepted as is            | converted                                                      | rejected                                   |
 * |-----------|---------------------------|----------------------------------------------------------------|--------------------------------------------|
 * | string    | string                    | number, bigint, boolean → their text; Date → ISO 8601;         | invalid Date, function, symbol             |
 * |           |                           | object / array → JSON text                                     |                                            |
 * | integer   | safe integer, bigint      | integer text (`-?\d+`) → number, or bigint beyond 2^53         | fractions, NaN, ±Infinity, numbers beyond  |
 * |           | in int64 range            |                                                                | ±2^53 (already rounded: send a bigint or   |
 * |           |                           |                                                                | text), values outside int64, other text,   |
 * |           |                           |                                                                | booleans                                   |
 * | number    | finite number             | bigint → nearest double; numeric text (`'2.5'`, `' 1e3 '`)     | NaN, ±Infinity (also as text), other text, |
 * |           |                           |                                                                | booleans                                   |
 * | boolean   | true, false               | `'true'`, `'false'` (exactly)                                  | other text (`'yes'`, `'1'`), numbers       |
 * | timestamp | valid Date                | ISO 8601 text (microseconds kept; no offset means UTC);        | invalid Date, non-ISO text, NaN, ±Infinity |
 * |           |                           | finite number = epoch milliseconds (fraction kept to the µs)   |                                            |
 * | date      | `'YYYY-MM-DD'` (a real    | valid Date, ISO 8601 timestamp text → its UTC day              | impossible dates (`'2023-02-29'`), other   |
 * |           | calendar day)             |                                                                | text, numbers (days or ms? ambiguous)      |
 * | string[]  | array of strings / nulls  | other items by the string rule                                 | anything that is not an array (`'a,b'`)    |
 * | json      | any JSON value            | stored as JSON text; bigint → a string of its digits;          | undefined-only values (function, symbol)   |
 * |           |                           | Date → ISO text; NaN / ±Infinity → null (JSON.stringify's rule)|                                            |
 *
 * A rejected value throws `ValueError`; the sink fails the whole batch with a SinkError that
 * names stream, column and row, writes nothing of it and does not advance the state. Sinks
 * do not keep rejected values aside: a source that wants to keep junk does so in its own
 * `_rejected` JSON column before the sink (as source-hubspot does), where it is data.
 */

/** A value that does not fit its column; the sink adds where (stream, column, row). */
export class ValueError extends Error {}

/** How a column's values are stored: one per DuckDB type pipe creates (JSON travels as text). */
export type ValueKind = 'varchar' | 'json' | 'bigint' | 'double' | 'boolean' | 'timestamptz' | 'date' | 'varchar_list';

/** The storage kind of each logical column type. */
export const KIND_OF: Record<ColumnType, ValueKind> = {
  string: 'varchar',
  integer: 'bigint',
  number: 'double',
  boolean: 'boolean',
  timestamp: 'timestamptz',
  date: 'date',
  'string[]': 'varchar_list',
  json: 'json',
};

const MS_PER_DAY = 86_400_000;
const INTEGER_TEXT = /^-?\d+$/;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
/** ISO 8601: a date, optionally a time (`T` or a space) and an offset. */
const ISO_INSTANT = /^(?:[+-]\d{6}|\d{4})-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;
/** Fraction digits after the milliseconds in an ISO instant (`.123456Z` → `456`). */
const SUB_MILLI = /\.\d{3}(\d{1,3})/;

/** A value as a message shows it: `1.5 (number)`, `"soon" (string)`. */
export function shown(value: unknown): string {
  let text: string;
  try {
    text = typeof value === 'bigint' ? `${value}n` : value instanceof Date && Number.isNaN(value.getTime()) ? 'Invalid Date' : (JSON.stringify(value) ?? String(value));
    if (typeof value === 'number' && !Number.isFinite(value)) text = String(value);
  } catch {
    text = String(value);
  }
  const kind = value instanceof Date ? 'Date' : Array.isArray(value) ? 'array' : typeof value;
  return `${text.length > 60 ? `${text.slice(0, 57)}...` : text} (${kind})`;
}

function fail(value: unknown, expected: string): never {
  throw new ValueError(`expected ${expected}, got ${shown(value)}`);
}

/** BIGINT: a safe integer stays a number (cheaper to store); larger ones are bigint. */
export function toInt64(v: unknown): number | bigint {
  if (typeof v === 'number') {
    if (Number.isSafeInteger(v)) return v;
    if (Number.isInteger(v)) return fail(v, 'an integer within ±2^53 (send larger ones as bigint or text)');
    return fail(v, 'an integer');
  }
  if (typeof v === 'bigint') return v >= INT64_MIN && v <= INT64_MAX ? v : fail(v, 'a 64-bit integer');
  if (typeof v === 'string' && INTEGER_TEXT.test(v)) {
    const n = Number(v);
    if (Number.isSafeInteger(n)) return n;
    const big = BigInt(v);
    return big >= INT64_MIN && big <= INT64_MAX ? big : fail(v, 'a 64-bit integer');
  }
  return fail(v, 'an integer');
}

/** DOUBLE: finite numbers only. */
export function toDouble(v: unknown): number {
  if (typeof v === 'number') return Number.isFinite(v) ? v : fail(v, 'a finite number');
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    if (Number.isFinite(n)) return n;
  }
  return fail(v, 'a number');
}

export function toBoolean(v: unknown): boolean {
  if (typeof v === 'boolean') return v;
  if (v === 'true') return true;
  if (v === 'false') return false;
  return fail(v, 'a boolean');
}

/** TIMESTAMPTZ as microseconds since the epoch; ISO text keeps its microseconds (a Date stops at milliseconds). */
export function toMicros(v: unknown): number | bigint {
  let ms: number;
  let extra = 0;
  if (v instanceof Date) ms = v.getTime();
  else if (typeof v === 'string') {
    const iso = ISO_INSTANT.exec(v);
    if (!iso) return fail(v, 'an ISO 8601 timestamp');
    // A time without an offset is UTC (Date.parse would take the machine's time zone).
    const text = v.length > 10 && iso[1] === undefined ? `${v}Z` : v;
    ms = Date.parse(text.charCodeAt(10) === 32 ? `${text.slice(0, 10)}T${text.slice(11)}` : text);
    const digits = SUB_MILLI.exec(v)?.[1];
    // The fraction always counts forward in time, also before 1970.
    if (digits) extra = Number(digits.padEnd(3, '0'));
  } else if (typeof v === 'number') {
    if (!Number.isFinite(v)) return fail(v, 'a timestamp (Date, ISO 8601 text or epoch milliseconds)');
    const micros = Math.round(v * 1000); // epoch milliseconds, fraction kept to the microsecond
    return Number.isSafeInteger(micros) ? micros : BigInt(micros);
  } else return fail(v, 'a timestamp (Date, ISO 8601 text or epoch milliseconds)');
  if (!Number.isFinite(ms)) return fail(v, 'a valid timestamp');
  const micros = ms * 1000 + extra;
  return Number.isSafeInteger(micros) ? micros : BigInt(ms) * 1000n + BigInt(extra);
}

/** Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The number written in s[from, to) in decimal digits, or -1 when a character is not a digit. */
function digits(s: string, from: number, to: number): number {
  let n = 0;
  for (let k = from; k < to; k++) {
    const digit = s.charCodeAt(k) - 48;
    if (digit < 0 || digit > 9) return -1;
    n = n * 10 + digit;
  }
  return n;
}

/** 'YYYY-MM-DD' → days, -1 for the right shape but no such day, undefined for another shape. Parsed by hand: this runs for every date value. */
function parseIsoDate(s: string): number | undefined {
  if (s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return undefined;
  const y = digits(s, 0, 4);
  const m = digits(s, 5, 7);
  const d = digits(s, 8, 10);
  if (y < 0 || m < 0 || d < 0) return undefined;
  if (m < 1 || m > 12 || d < 1 || d > DAYS_IN_MONTH[m - 1]!) return Number.NaN;
  if (m === 2 && d === 29 && !(y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0))) return Number.NaN;
  return daysFromCivil(y, m, d);
}

/** DATE as days since the epoch. */
export function toDays(v: unknown): number {
  if (typeof v === 'string') {
    const days = parseIsoDate(v);
    if (days !== undefined) return Number.isNaN(days) ? fail(v, 'a valid calendar date') : days;
    if (ISO_INSTANT.test(v)) return Math.floor(Number(toMicros(v)) / 1000 / MS_PER_DAY);
  } else if (v instanceof Date && !Number.isNaN(v.getTime())) return Math.floor(v.getTime() / MS_PER_DAY);
  return fail(v, "a date ('YYYY-MM-DD')");
}

/** Text columns take any value: numbers and booleans as written, instants as ISO, objects as JSON. */
export function toText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? fail(v, 'text') : v.toISOString();
  if (typeof v === 'object' && v !== null) return toJsonText(v);
  if (typeof v === 'function' || typeof v === 'symbol') return fail(v, 'text');
  return String(v);
}

const bigintAsText = (_key: string, x: unknown) => (typeof x === 'bigint' ? x.toString() : x);

/** JSON text; a bigint anywhere becomes a JSON string of its digits (JSON numbers beyond 2^53 lose digits in most readers). */
export function toJsonText(v: unknown): string {
  const text = JSON.stringify(v, bigintAsText);
  if (text === undefined) return fail(v, 'a JSON value');
  return text;
}

export function toTextList(v: unknown): (string | null)[] {
  if (!Array.isArray(v)) return fail(v, 'a list of strings');
  // Most lists already hold only strings: keep them rather than allocate a copy per row.
  for (const item of v) if (typeof item !== 'string') return v.map((x) => (x === null || x === undefined ? null : toText(x)));
  return v;
}

/** The converter of each kind: a non-null value → the primitive its column stores (throws ValueError). */
export const CONVERT: Record<ValueKind, (v: unknown) => unknown> = {
  varchar: toText,
  json: toJsonText,
  bigint: toInt64,
  double: toDouble,
  boolean: toBoolean,
  timestamptz: toMicros,
  date: toDays,
  varchar_list: toTextList,
};

/**
 * A non-null value in the canonical JS form of its logical type (schema.ts), by the rule
 * above: what a sink that keeps JS values (the testkit's memory sink) stores. Timestamps
 * become Dates, so they stop at milliseconds; dates become 'YYYY-MM-DD'.
 */
export function canonicalValue(type: ColumnType, v: unknown): unknown {
  switch (type) {
    case 'timestamp': {
      const micros = toMicros(v);
      return new Date(Math.floor(Number(micros) / 1000));
    }
    case 'date': {
      const days = toDays(v);
      return typeof v === 'string' && v.length === 10 ? v : new Date(days * MS_PER_DAY).toISOString().slice(0, 10);
    }
    case 'json':
      return JSON.parse(toJsonText(v));
    default:
      return CONVERT[KIND_OF[type]](v);
  }
}
