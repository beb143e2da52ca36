import type { Column, ColumnType, Row } from '@pipe/sdk';

/**
 * Logical values as the SDK documents them (schema.ts), checked and put in one canonical
 * form so rows a sink reads back compare equal to the rows written, whatever native
 * types the sink returns (bigint vs number, Date vs ISO string, JSON text vs value).
 */

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_INSTANT_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

function isCalendarDate(text: string): boolean {
  const m = DATE_RE.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === text;
}

/** True for values `JSON.stringify` keeps as they are (no Date, bigint, undefined, NaN). */
export function isJsonValue(value: unknown): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(isJsonValue);
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.values(value as object).every(isJsonValue);
  }
  return false;
}

/** Why a non-null value does not fit a logical column type, or undefined when it fits. */
export function typeMismatch(value: unknown, type: ColumnType): string | undefined {
  const ok = (() => {
    switch (type) {
      case 'string':
        return typeof value === 'string';
      case 'integer':
        return typeof value === 'bigint' || (typeof value === 'number' && Number.isSafeInteger(value));
      case 'number':
        return typeof value === 'number' && Number.isFinite(value);
      case 'boolean':
        return typeof value === 'boolean';
      case 'timestamp':
        if (value instanceof Date) return !Number.isNaN(value.getTime());
        return typeof value === 'string' && ISO_INSTANT_RE.test(value) && !Number.isNaN(Date.parse(value));
      case 'date':
        return typeof value === 'string' && isCalendarDate(value);
      case 'string[]':
        return Array.isArray(value) && value.every((v) => typeof v === 'string');
      case 'json':
        return isJsonValue(value);
    }
  })();
  if (ok) return undefined;
  const shown = typeof value === 'bigint' ? `${value}n` : safeStringify(value);
  return `${shown} (${value instanceof Date ? 'Date' : typeof value}) is not a valid ${type}`;
}

function safeStringify(value: unknown): string {
  try {
    const text = JSON.stringify(value) ?? String(value);
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
  } catch {
    return String(value);
  }
}

function parseJsonText(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** Canonical form of one value for comparisons; null and undefined become null. */
export function normalizeValue(value: unknown, type: ColumnType): unknown {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'integer':
      if (typeof value === 'bigint') return value.toString();
      if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value).toString();
      return value;
    case 'number':
      if (typeof value === 'bigint') return Number(value);
      if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) return Number(value);
      return value;
    case 'timestamp': {
      const d = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : undefined;
      return d && !Number.isNaN(d.getTime()) ? d.toISOString() : value;
    }
    case 'date':
      if (value instanceof Date) return value.toISOString().slice(0, 10);
      if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value)) return value.slice(0, 10);
      return value;
    case 'string[]':
      if (typeof value === 'string') return parseJsonText(value);
      return Array.isArray(value) ? value.map(String) : value;
    case 'json':
      return typeof value === 'string' ? parseJsonText(value) : value;
    default:
      return value;
  }
}

/** Canonical form of a row: every column present (missing means null), in column order. */
export function normalizeRow(row: Row, columns: Column[]): Row {
  const out: Row = {};
  for (const c of columns) out[c.name] = normalizeValue(row[c.name], c.type);
  return out;
}

/** A stable key for a row's primary key (the whole row when the key is empty). */
export function primaryKeyOf(row: Row, primaryKey: string[], columns: Column[]): string {
  const byName = new Map(columns.map((c) => [c.name, c.type] as const));
  const names = primaryKey.length > 0 ? primaryKey : columns.map((c) => c.name);
  return JSON.stringify(names.map((n) => normalizeValue(row[n], byName.get(n) ?? 'json')));
}

/** Normalized rows sorted by primary key, for order-free `toEqual` comparisons. */
export function canonicalRows(rows: Row[], columns: Column[], primaryKey: string[]): Row[] {
  return rows
    .map((r) => normalizeRow(r, columns))
    .map((r) => ({ key: primaryKeyOf(r, primaryKey, columns) + JSON.stringify(r), row: r }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((x) => x.row);
}
