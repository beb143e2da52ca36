/**
 * Row values → HubSpot's write formats, by the property's type from the properties API:
 * booleans as "true"/"false", numbers as decimal strings, dates as epoch milliseconds at
 * midnight UTC, datetimes as ISO 8601, multi-selects joined with ";", enumeration values
 * checked against the property's options.
 */
import type { PropertyDef } from './plan.ts';

export type Conversion = { ok: true; value: string } | { ok: false; category: 'INVALID_OPTION' | 'INVALID_VALUE'; message: string; badOptions?: string[] };

const DAY_MS = 86_400_000;
const invalid = (def: PropertyDef, v: unknown, why: string): Conversion => ({
  ok: false,
  category: 'INVALID_VALUE',
  message: `${def.name}: ${describe(v)} ${why}`,
});

function describe(v: unknown): string {
  const text = v instanceof Date ? v.toISOString() : typeof v === 'string' ? JSON.stringify(v) : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

/** Epoch ms of a date-like value, or NaN. Strings: ISO date or datetime, or epoch-ms digits. */
function epochMs(v: unknown): number {
  if (v instanceof Date) return v.getTime();
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v !== 'string') return Number.NaN;
  const s = v.trim();
  if (/^-?\d+$/.test(s)) return Number(s);
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return Date.parse(`${s}T00:00:00Z`);
  return Date.parse(s);
}

function toBool(def: PropertyDef, v: unknown): Conversion {
  if (typeof v === 'boolean') return { ok: true, value: String(v) };
  if (v === 1 || v === 0) return { ok: true, value: String(v === 1) };
  const s = String(v).trim().toLowerCase();
  if (s === 'true' || s === 'yes' || s === '1') return { ok: true, value: 'true' };
  if (s === 'false' || s === 'no' || s === '0') return { ok: true, value: 'false' };
  return invalid(def, v, 'is not a boolean (true/false)');
}

function toNumber(def: PropertyDef, v: unknown): Conversion {
  if (typeof v === 'number') return Number.isFinite(v) ? { ok: true, value: String(v) } : invalid(def, v, 'is not a finite number');
  if (typeof v === 'bigint') return { ok: true, value: String(v) };
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v.trim()))) return { ok: true, value: v.trim() };
  return invalid(def, v, 'is not a number');
}

function toDate(def: PropertyDef, v: unknown): Conversion {
  const ms = epochMs(v);
  if (!Number.isFinite(ms)) return invalid(def, v, 'is not a date');
  // HubSpot rejects date values that are not at midnight UTC: keep the UTC calendar day.
  return { ok: true, value: String(Math.floor(ms / DAY_MS) * DAY_MS) };
}

function toDatetime(def: PropertyDef, v: unknown): Conversion {
  const ms = epochMs(v);
  if (!Number.isFinite(ms)) return invalid(def, v, 'is not a date-time');
  return { ok: true, value: new Date(ms).toISOString() };
}

const isMulti = (def: PropertyDef) => def.fieldType === 'checkbox';

function toEnumeration(def: PropertyDef, v: unknown): Conversion {
  const parts = Array.isArray(v) ? v.map((x) => String(x)) : typeof v === 'boolean' ? [String(v)] : isMulti(def) ? String(v).split(';') : [String(v)];
  if (parts.length > 1 && !isMulti(def)) return invalid(def, v, `has ${parts.length} values, but ${def.name} takes one (it is not a multiple checkbox)`);
  const options = def.options ?? [];
  if (!def.externalOptions && options.length > 0) {
    const allowed = new Set(options.map((o) => o.value));
    const bad = parts.filter((p) => !allowed.has(p));
    if (bad.length > 0) {
      return {
        ok: false,
        category: 'INVALID_OPTION',
        message: `${def.name}: ${bad.map((b) => JSON.stringify(b)).join(', ')} ${bad.length === 1 ? 'is not an option' : 'are not options'}; allowed: ${[...allowed].join(', ')}`,
        badOptions: bad,
      };
    }
  }
  return { ok: true, value: parts.join(';') };
}

function toText(v: unknown): Conversion {
  if (typeof v === 'string') return { ok: true, value: v };
  if (v instanceof Date) return { ok: true, value: v.toISOString() };
  if (Array.isArray(v) && v.every((x) => typeof x !== 'object' || x === null)) return { ok: true, value: v.join(';') };
  if (typeof v === 'object') return { ok: true, value: JSON.stringify(v) };
  return { ok: true, value: String(v) };
}

/** The value to send for `v`, or undefined for a null/missing value (the caller decides skip or clear). */
export function toHubSpot(def: PropertyDef, v: unknown): Conversion | undefined {
  if (v === null || v === undefined) return undefined;
  switch (def.type) {
    case 'bool':
      return toBool(def, v);
    case 'number':
      return toNumber(def, v);
    case 'date':
      return toDate(def, v);
    case 'datetime':
      return toDatetime(def, v);
    case 'enumeration':
      return toEnumeration(def, v);
    default:
      return toText(v);
  }
}

/** Whether a value we would send equals HubSpot's current value (for the dry-run diff). */
export function sameValue(def: PropertyDef, sent: string, current: string | null | undefined): boolean {
  if (current === null || current === undefined || current === '') return sent === '';
  switch (def.type) {
    case 'number':
      return Number(sent) === Number(current);
    case 'bool':
      return sent.toLowerCase() === current.toLowerCase();
    case 'date':
      return Math.floor(epochMs(sent) / DAY_MS) === Math.floor(epochMs(current) / DAY_MS);
    case 'datetime':
      return epochMs(sent) === epochMs(current);
    case 'enumeration':
      return isMulti(def) ? [...sent.split(';')].sort().join(';') === [...current.split(';')].sort().join(';') : sent === current;
    default:
      return sent === current;
  }
}
