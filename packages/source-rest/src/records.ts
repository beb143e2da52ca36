import type { Column, Row } from '@pipe/sdk';

/** The value at a dot path (`data.items`, `meta.next_cursor`); the body itself for ''. */
export function valueAtPath(body: unknown, dotPath: string): unknown {
  if (!dotPath) return body;
  let at: unknown = body;
  for (const part of dotPath.split('.')) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<string, unknown>)[part];
  }
  return at;
}

/** The records array of a response, or a message saying what the body holds instead. */
export function recordsOf(body: unknown, recordsPath: string): unknown[] | string {
  const records = valueAtPath(body, recordsPath);
  if (Array.isArray(records)) return records;
  const where = recordsPath ? `at "${recordsPath}"` : 'as the response body';
  const found = records === undefined ? 'nothing' : Array.isArray(records) ? 'an array' : typeof records;
  const keys = body && typeof body === 'object' && !Array.isArray(body) ? `; the body has keys: ${Object.keys(body).slice(0, 10).join(', ')}` : '';
  return `expected an array of records ${where}, found ${found}${keys}`;
}

/** Keep the declared columns only, converted to their logical types; a missing field is null. */
export function toRow(record: unknown, columns: Column[]): Row {
  const source = record && typeof record === 'object' ? (record as Record<string, unknown>) : {};
  const row: Row = {};
  for (const c of columns) row[c.name] = convert(source[c.name], c.type);
  return row;
}

function convert(value: unknown, type: Column['type']): unknown {
  if (value === undefined || value === null) return null;
  switch (type) {
    case 'timestamp': {
      const d = typeof value === 'string' || typeof value === 'number' ? new Date(value) : undefined;
      return d && !Number.isNaN(d.getTime()) ? d : null;
    }
    case 'integer':
    case 'number': {
      const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
      if (Number.isNaN(n) || (type === 'integer' && !Number.isInteger(n))) return null;
      return n;
    }
    case 'boolean':
      return typeof value === 'boolean' ? value : value === 'true' ? true : value === 'false' ? false : null;
    case 'string':
      return typeof value === 'object' ? JSON.stringify(value) : String(value);
    case 'string[]':
      return Array.isArray(value) ? value.map(String) : [String(value)];
    case 'date':
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value) ? value.slice(0, 10) : null;
    default:
      return value;
  }
}
