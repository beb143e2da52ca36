import {
  type DuckDBType,
  DuckDBTypeId,
  type DuckDBValue,
  JSToDuckDBValueConverter,
  dateValue,
  listValue,
  timestampTZValue,
} from '@duckdb/node-api';

/** Converts one row value to what the column's DuckDB vector takes; throws `BadValue` when it cannot. */
export type ValueConverter = (value: unknown) => DuckDBValue;

/** A value that does not fit its column; the loader adds stream, column and row to the message. */
export class BadValue extends Error {}

const MS_PER_DAY = 86_400_000;
const INTEGER_TEXT = /^-?\d+$/;
const DATE_TEXT = /^(\d{4})-(\d{2})-(\d{2})$/;
/** Fraction digits after the milliseconds in an ISO instant (`.123456Z` → `456`). */
const SUB_MILLI = /\.\d{3}(\d{1,3})/;

function shown(value: unknown): string {
  let text: string;
  try {
    text = typeof value === 'bigint' ? `${value}n` : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  const kind = value instanceof Date ? 'Date' : Array.isArray(value) ? 'array' : typeof value;
  return `${text.length > 60 ? `${text.slice(0, 57)}...` : text} (${kind})`;
}

function fail(value: unknown, expected: string): never {
  throw new BadValue(`expected ${expected}, got ${shown(value)}`);
}

const toBigInt: ValueConverter = (v) => {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
  if (typeof v === 'string' && INTEGER_TEXT.test(v)) return BigInt(v);
  return fail(v, 'an integer');
};

const toDouble: ValueConverter = (v) => {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) return Number(v);
  return fail(v, 'a number');
};

const toBoolean: ValueConverter = (v) => {
  if (typeof v === 'boolean') return v;
  if (v === 'true') return true;
  if (v === 'false') return false;
  return fail(v, 'a boolean');
};

/** Instants keep microseconds when an ISO string has them (Date alone stops at milliseconds). */
const toTimestampTZ: ValueConverter = (v) => {
  if (v instanceof Date) {
    const ms = v.getTime();
    if (Number.isNaN(ms)) fail(v, 'a valid Date');
    return timestampTZValue(BigInt(ms) * 1000n);
  }
  if (typeof v === 'string') {
    const ms = Date.parse(v);
    if (Number.isNaN(ms)) fail(v, 'an ISO 8601 timestamp');
    const extra = SUB_MILLI.exec(v)?.[1];
    const micros = extra ? Number(extra.padEnd(3, '0')) : 0;
    // The fraction always counts forward in time, also before 1970.
    return timestampTZValue(BigInt(ms) * 1000n + BigInt(micros));
  }
  if (typeof v === 'number' && Number.isFinite(v)) return timestampTZValue(BigInt(Math.round(v)) * 1000n); // epoch ms
  return fail(v, 'a timestamp (Date or ISO string)');
};

const toDate: ValueConverter = (v) => {
  if (typeof v === 'string') {
    const m = DATE_TEXT.exec(v);
    if (m) return dateValue(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / MS_PER_DAY);
    const ms = Date.parse(v);
    if (!Number.isNaN(ms)) return dateValue(Math.floor(ms / MS_PER_DAY));
  }
  if (v instanceof Date && !Number.isNaN(v.getTime())) return dateValue(Math.floor(v.getTime() / MS_PER_DAY));
  return fail(v, "a date ('YYYY-MM-DD')");
};

/** Text columns take any value: numbers and booleans as written, instants as ISO, objects as JSON. */
const toText: ValueConverter = (v) => {
  if (typeof v === 'string') return v;
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
};

const toJsonText: ValueConverter = (v) => {
  if (typeof v === 'bigint') return v.toString();
  const text = JSON.stringify(v);
  if (text === undefined) fail(v, 'a JSON value');
  return text;
};

const toTextList: ValueConverter = (v) => {
  if (!Array.isArray(v)) return fail(v, 'a list of strings');
  return listValue(v.map((item) => (item === null || item === undefined ? null : (toText(item) as string))));
};

/** The converter for a column, chosen once per table from the appender's column type. */
export function converterFor(type: DuckDBType): ValueConverter {
  if (type.alias === 'JSON') return toJsonText;
  switch (type.typeId) {
    case DuckDBTypeId.VARCHAR:
      return toText;
    case DuckDBTypeId.BIGINT:
      return toBigInt;
    case DuckDBTypeId.DOUBLE:
      return toDouble;
    case DuckDBTypeId.BOOLEAN:
      return toBoolean;
    case DuckDBTypeId.TIMESTAMP_TZ:
      return toTimestampTZ;
    case DuckDBTypeId.DATE:
      return toDate;
    case DuckDBTypeId.LIST:
      if (type.valueType.typeId === DuckDBTypeId.VARCHAR) return toTextList;
      break;
  }
  // A column type pipe never creates (a user's own): let the client library convert plain JS.
  return (v) => {
    try {
      return JSToDuckDBValueConverter(v as never, type, JSToDuckDBValueConverter);
    } catch (e) {
      return fail(v, `a value for ${type.toString()} (${(e as Error).message})`);
    }
  };
}
