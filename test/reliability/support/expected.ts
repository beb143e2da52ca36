// The simulator's ground truth as the rows pipe should have written, typed by the data contract
// in docs/hubspot.md (written independently of the source's own typing code on purpose).
import type { Simulator, TruthRecord } from '@pipe/hubspot-sim';
import { TOKEN } from './token.ts';

export type Value = string | number | boolean | string[] | null | Record<string, string>;
export type Row = Record<string, Value>;

interface PropertyDef {
  name: string;
  type: string;
  fieldType?: string;
}

const PIPE_COLUMNS = new Set(['id', 'created_at', 'updated_at', 'archived', 'archived_at', 'merged_into', 'deleted_at', '_rejected']);
export const columnOf = (property: string) => (PIPE_COLUMNS.has(property) ? `property_${property}` : property);

const epochMs = (raw: string) => (/^-?\d+$/.test(raw) ? Number(raw) : Date.parse(raw));
const ymd = (raw: string) => (/^-?\d+$/.test(raw) ? new Date(Number(raw)).toISOString().slice(0, 10) : raw.slice(0, 10));

/** One property value as the contract types it; `rejected` when it does not parse. */
function typed(def: PropertyDef, raw: string | null | undefined): { value: Value; rejected?: string } {
  if (raw === null || raw === undefined) return { value: null };
  // UTF-8 cannot hold a lone surrogate (the simulator cuts some long texts inside an emoji):
  // what any UTF-8 store can keep is U+FFFD in its place
  raw = raw.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
  if (def.type === 'string' || (def.type === 'enumeration' && def.fieldType !== 'checkbox') || !['number', 'bool', 'datetime', 'date', 'enumeration'].includes(def.type))
    return { value: raw };
  if (raw.trim() === '') return { value: null }; // blank is no value, not a rejection
  switch (def.type) {
    case 'number': {
      const n = Number(raw);
      return Number.isFinite(n) && raw.trim() !== '' && /^[\s\d.eE+-]+$/.test(raw) ? { value: n } : { value: null, rejected: raw };
    }
    case 'bool':
      return raw === 'true' || raw === 'false' ? { value: raw === 'true' } : { value: null, rejected: raw };
    case 'datetime': {
      const ms = epochMs(raw);
      return Number.isFinite(ms) ? { value: ms } : { value: null, rejected: raw };
    }
    case 'date':
      return /^\d{4}-\d{2}-\d{2}/.test(raw) || /^-?\d+$/.test(raw) ? { value: ymd(raw) } : { value: null, rejected: raw };
    default:
      return { value: raw.split(';') };
  }
}

/** The property definitions the simulator serves for `type`, as pipe sees them. */
export async function propertyDefs(sim: Simulator, type: string): Promise<PropertyDef[]> {
  const res = await fetch(`${sim.url}/crm/v3/properties/${type}`, { headers: { authorization: `Bearer ${TOKEN}` } });
  if (!res.ok) throw new Error(`properties of ${type}: HTTP ${res.status}`);
  return ((await res.json()) as { results: PropertyDef[] }).results;
}

export function expectedRow(rec: TruthRecord, defs: PropertyDef[]): Row {
  const row: Row = { id: rec.id, created_at: Date.parse(rec.createdAt), updated_at: Date.parse(rec.updatedAt), archived: rec.archived };
  const rejected: Record<string, string> = {};
  for (const def of defs) {
    const t = typed(def, rec.properties[def.name]);
    row[columnOf(def.name)] = t.value;
    if (t.rejected !== undefined) rejected[def.name] = t.rejected;
  }
  row._rejected = Object.keys(rejected).length ? rejected : null;
  return row;
}

/** Live and archived truth of one object type, typed. */
export async function expectedTables(sim: Simulator, type: string): Promise<{ live: Row[]; archived: Row[] }> {
  const defs = await propertyDefs(sim, type);
  return {
    live: sim.control.truth(type).map((r) => expectedRow(r, defs)),
    archived: sim.control.truth(type, { archived: true }).map((r) => expectedRow(r, defs)),
  };
}
