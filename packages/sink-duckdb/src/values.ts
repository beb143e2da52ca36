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

/** Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's days_from_civil), no Date or regex. */
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

/** 'YYYY-MM-DD' → days, or undefined when the text is not exactly a valid calendar date. */
function parseIsoDate(s: string): number | undefined {
  if (s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return undefined;
  const y = digits(s, 0, 4);
  const m = digits(s, 5, 7);
  const d = digits(s, 8, 10);
  if (y < 0 || m < 1 || m > 12 || d < 1 || d > DAYS_IN_MONTH[m - 1]!) return undefined;
  if (m === 2 && d === 29 && !(y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0))) return undefined;
  return daysFromCivil(y, m, d);
}

/** DATE as days since the epoch. */
export function toDays(v: unknown): number {
  if (typeof v === 'string') {
    const days = parseIsoDate(v);
    if (days !== undefined) return days;
    if (DATE_TEXT.test(v)) return fail(v, 'a valid calendar date');
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
