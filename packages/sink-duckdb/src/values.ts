/**
 * Row values → the primitive each DuckDB column stores. Lenient where the meaning is
 * unambiguous (numeric strings, ISO strings, epoch milliseconds), strict otherwise: a
 * value that does not fit throws `BadValue`, and the loader names stream, column and row.
 */

/** A value that does not fit its column. */
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

/** BIGINT: a safe integer stays a number (cheaper to store); larger ones are bigint. */
export function toInt64(v: unknown): number | bigint {
  if (typeof v === 'number' && Number.isInteger(v)) return Number.isSafeInteger(v) ? v : BigInt(v);
  if (typeof v === 'bigint') return v;
  if (typeof v === 'string' && INTEGER_TEXT.test(v)) {
    const n = Number(v);
    return Number.isSafeInteger(n) ? n : BigInt(v);
  }
  return fail(v, 'an integer');
}

export function toDouble(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) return Number(v);
  return fail(v, 'a number');
}

export function toBoolean(v: unknown): boolean {
  if (typeof v === 'boolean') return v;
  if (v === 'true') return true;
  if (v === 'false') return false;
  return fail(v, 'a boolean');
}

/** TIMESTAMPTZ as microseconds since the epoch; ISO strings keep their microseconds (a Date stops at milliseconds). */
export function toMicros(v: unknown): number | bigint {
  let ms: number;
  let extra = 0;
  if (v instanceof Date) ms = v.getTime();
  else if (typeof v === 'string') {
    ms = Date.parse(v);
    const digits = SUB_MILLI.exec(v)?.[1];
    // The fraction always counts forward in time, also before 1970.
    if (digits) extra = Number(digits.padEnd(3, '0'));
  } else if (typeof v === 'number') ms = Math.round(v); // epoch milliseconds
  else return fail(v, 'a timestamp (Date or ISO string)');
  if (!Number.isFinite(ms)) return fail(v, 'a valid timestamp (Date or ISO 8601 string)');
  const micros = ms * 1000 + extra;
  return Number.isSafeInteger(micros) ? micros : BigInt(ms) * 1000n + BigInt(extra);
}

/** DATE as days since the epoch. */
export function toDays(v: unknown): number {
  if (typeof v === 'string') {
    const m = DATE_TEXT.exec(v);
    if (m) return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / MS_PER_DAY;
    const ms = Date.parse(v);
    if (!Number.isNaN(ms)) return Math.floor(ms / MS_PER_DAY);
  }
  if (v instanceof Date && !Number.isNaN(v.getTime())) return Math.floor(v.getTime() / MS_PER_DAY);
  return fail(v, "a date ('YYYY-MM-DD')");
}

/** Text columns take any value: numbers and booleans as written, instants as ISO, objects as JSON. */
export function toText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

export function toJsonText(v: unknown): string {
  if (typeof v === 'bigint') return v.toString();
  const text = JSON.stringify(v);
  if (text === undefined) return fail(v, 'a JSON value');
  return text;
}

export function toTextList(v: unknown): (string | null)[] {
  if (!Array.isArray(v)) return fail(v, 'a list of strings');
  return v.map((item) => (item === null || item === undefined ? null : toText(item)));
}
