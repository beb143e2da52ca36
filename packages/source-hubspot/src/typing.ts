/**
 * HubSpot property types → column types, and raw property strings → typed row values.
 *
 * number → 'number' (DOUBLE), bool → 'boolean', datetime → 'timestamp' (a Date), date → 'date'
 * ('YYYY-MM-DD'; HubSpot sends both that and epoch-ms strings), enumeration with fieldType
 * checkbox (multi-select, `;`-joined) → 'string[]', everything else → 'string'.
 * A value that does not parse as its declared type becomes NULL in its column and is kept
 * verbatim in the row's `_rejected` JSON column ({property: raw}); callers count it.
 */
import { type Column, type ColumnType, objectLiteralKey } from '@pipe/sdk';

export interface PropertyDef {
  name: string;
  label?: string;
  type: string;
  fieldType?: string;
  groupName?: string;
  description?: string;
  options?: { label?: string; value?: string; hidden?: boolean; displayOrder?: number }[];
  hidden?: boolean;
  calculated?: boolean;
  hasUniqueValue?: boolean;
  hubspotDefined?: boolean;
  referencedObjectType?: string;
}

export function columnTypeOf(p: Pick<PropertyDef, 'type' | 'fieldType'>): ColumnType {
  switch (p.type) {
    case 'number':
      return 'number';
    case 'bool':
      return 'boolean';
    case 'datetime':
      return 'timestamp';
    case 'date':
      return 'date';
    case 'enumeration':
      return p.fieldType === 'checkbox' ? 'string[]' : 'string';
    default:
      return 'string';
  }
}

/** Columns pipe adds to every object table; property columns with these names are renamed `property_<name>`. */
export const SYSTEM_COLUMNS: Column[] = [
  { name: 'id', type: 'string', nullable: false, description: 'HubSpot record id (primary key).' },
  { name: 'created_at', type: 'timestamp', description: 'When the record was created (createdAt).' },
  { name: 'updated_at', type: 'timestamp', description: 'When the record last changed (updatedAt).' },
  { name: 'archived', type: 'boolean', description: 'True when the record is gone from the live CRM: archived, merged into another, or hard-deleted.' },
  { name: 'archived_at', type: 'timestamp', description: 'When HubSpot archived the record (or when pipe saw it merged or deleted).' },
  { name: 'merged_into', type: 'string', description: 'For a record merged away: the id of the surviving record.' },
  { name: 'deleted_at', type: 'timestamp', description: 'When pipe noticed the record vanished without trace (GDPR delete), at the first delete check after it.' },
  { name: '_rejected', type: 'json', description: 'Raw values that did not parse as their property type: {property: raw}. Their typed columns are NULL.' },
];
const RESERVED = new Set(SYSTEM_COLUMNS.map((c) => c.name));

export function columnName(property: string): string {
  return RESERVED.has(property) ? `property_${property}` : property;
}

export function propertyColumns(defs: PropertyDef[]): Column[] {
  return defs.map((d) => ({ name: columnName(d.name), type: columnTypeOf(d), description: d.label ?? undefined }));
}

const NUMERIC = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const EPOCH_MS = /^-?\d{1,15}$/;

/** Parsed value, or `REJECT` when the raw string does not fit the type. Empty and null → null. */
export const REJECT = Symbol('reject');
export type Parsed = unknown | typeof REJECT;

export function parseValue(type: ColumnType, raw: string | null | undefined): Parsed {
  if (raw === null || raw === undefined) return null;
  if (type === 'string') return raw;
  const s = raw.trim();
  if (s === '') return null;
  switch (type) {
    case 'number': {
      if (!NUMERIC.test(s)) return REJECT;
      const n = Number(s);
      return Number.isFinite(n) ? n : REJECT;
    }
    case 'boolean': {
      const l = s.toLowerCase();
      return l === 'true' ? true : l === 'false' ? false : REJECT;
    }
    case 'timestamp': {
      const ms = EPOCH_MS.test(s) ? Number(s) : Date.parse(s);
      return Number.isNaN(ms) ? REJECT : new Date(ms);
    }
    case 'date':
      return parseDate(s);
    case 'string[]':
      return s
        .split(';')
        .map((v) => v.trim())
        .filter((v) => v !== '');
    default:
      return raw;
  }
}

function parseDate(s: string): Parsed {
  if (isIsoDate(s)) return s;
  if (s.length === 10 && s.charCodeAt(4) === 45 && s.charCodeAt(7) === 45) return REJECT; // 'YYYY-MM-DD' shape, no such day
  if (EPOCH_MS.test(s)) return new Date(Number(s)).toISOString().slice(0, 10);
  // Some portals send full timestamps in date properties; keep the calendar day (UTC).
  const ms = Date.parse(s);
  return Number.isNaN(ms) ? REJECT : new Date(ms).toISOString().slice(0, 10);
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** A real calendar day as 'YYYY-MM-DD', checked by hand: it runs for every date value, and a Date per value was most of its cost. */
function isIsoDate(s: string): boolean {
  if (s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return false;
  let y = 0;
  for (let k = 0; k < 4; k++) {
    const d = s.charCodeAt(k) - 48;
    if (d < 0 || d > 9) return false;
    y = y * 10 + d;
  }
  const m1 = s.charCodeAt(5) - 48;
  const m2 = s.charCodeAt(6) - 48;
  const d1 = s.charCodeAt(8) - 48;
  const d2 = s.charCodeAt(9) - 48;
  if (m1 < 0 || m1 > 9 || m2 < 0 || m2 > 9 || d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9) return false;
  const m = m1 * 10 + m2;
  const d = d1 * 10 + d2;
  if (m < 1 || m > 12 || d < 1 || d > DAYS_IN_MONTH[m - 1]!) return false;
  return !(m === 2 && d === 29 && !(y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0)));
}

/** A property value that came as JSON other than a string, as the string HubSpot would have sent. */
export function textOf(v: unknown): string {
  if (Array.isArray(v)) return v.map(String).join(';');
  return v !== null && typeof v === 'object' ? JSON.stringify(v) : String(v);
}

export interface HubSpotRecord {
  id: string;
  properties?: Record<string, string | null>;
  createdAt?: string;
  updatedAt?: string;
  archived?: boolean;
  archivedAt?: string;
}

export interface TypedProperty {
  name: string;
  column: string;
  type: ColumnType;
}

export function typedProperties(defs: PropertyDef[]): TypedProperty[] {
  return defs.map((d) => ({ name: d.name, column: columnName(d.name), type: columnTypeOf(d) }));
}

const toDate = (v: string | undefined) => (v ? new Date(v) : null);

/** One record's values, reused: the row factory copies them into the row at once. */
let scratch: unknown[] = [];

/**
 * One table row from one HubSpot record. `onReject(property)` is called for every value that did
 * not parse (the caller counts it per property for the run summary).
 */
export function recordToRow(rec: HubSpotRecord, props: TypedProperty[], onReject: (property: string) => void): Record<string, unknown> {
  let rejected: Record<string, string> | null = null;
  const source = rec.properties ?? {};
  if (scratch.length < props.length) scratch = new Array<unknown>(props.length);
  const values = scratch;
  for (let i = 0; i < props.length; i++) {
    const p = props[i]!;
    let raw = source[p.name];
    // Most values of a wide record are empty, and most of the rest are text: no call for either.
    if (raw === null || raw === undefined) {
      values[i] = null;
      continue;
    }
    // HubSpot sends every value as a string; a server sending JSON numbers, booleans or lists is read as their text.
    if (typeof raw !== 'string') raw = textOf(raw);
    if (p.type === 'string') {
      values[i] = raw;
      continue;
    }
    const v = parseValue(p.type, raw);
    if (v === REJECT) {
      values[i] = null;
      (rejected ??= {})[p.name] = raw;
      onReject(p.name);
    } else {
      values[i] = v;
    }
  }
  return rowFactory(props)(String(rec.id), toDate(rec.createdAt), toDate(rec.updatedAt), rec.archived === true, rec.archived ? toDate(rec.archivedAt) : null, values, rejected);
}

type RowFactory = (id: string, createdAt: Date | null, updatedAt: Date | null, archived: boolean, archivedAt: Date | null, values: unknown[], rejected: Record<string, string> | null) => Record<string, unknown>;
const rowFactories = new WeakMap<TypedProperty[], RowFactory>();

/**
 * Rows of one property list come from one object literal, compiled once, so they share a fast
 * V8 shape. Assigning computed keys one by one turns an object into a hash table past 12 added
 * properties: a 28-field row then costs ~1,860 bytes of heap instead of ~480 and 2.5× the time to
 * build, and 178 fields ~12,600 bytes instead of ~1,700 and 3.7× the time
 * (bench/source-hubspot/row-shape.ts).
 * Column names are data: objectLiteralKey makes each one a string literal, never code.
 */
function rowFactory(props: TypedProperty[]): RowFactory {
  let make = rowFactories.get(props);
  if (!make) {
    // Plain string keys: computed ones (`["x"]: …`) build several times slower (row-shape.ts).
    const columns = props.map((p, i) => `${objectLiteralKey(p.column)}: values[${i}], `).join('');
    make = new Function(
      'id',
      'createdAt',
      'updatedAt',
      'archived',
      'archivedAt',
      'values',
      'rejected',
      `return { id, created_at: createdAt, updated_at: updatedAt, archived, archived_at: archivedAt, merged_into: null, deleted_at: null, ${columns}_rejected: rejected };\n//# sourceURL=pipe-row-factory`, // names it in CPU profiles (bench/engine/width.ts)
    ) as RowFactory;
    rowFactories.set(props, make);
  }
  return make;
}

/** A row that only says "this id is gone" (merged away or hard-deleted); property columns stay NULL. */
export function tombstoneRow(id: string, at: Date, how: { mergedInto: string } | { deleted: true }): Record<string, unknown> {
  return {
    id,
    archived: true,
    archived_at: at,
    merged_into: 'mergedInto' in how ? how.mergedInto : null,
    deleted_at: 'deleted' in how ? at : null,
    _rejected: null,
  };
}
