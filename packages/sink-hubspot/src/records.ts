/**
 * A batch of rows → the records to send: key and converted properties per row. Rows that
 * cannot be sent (no key, a value HubSpot would refuse) become rejects here, before any call.
 */
import type { Row } from '@pipe/sdk';
import { type Conversion, toHubSpot } from './convert.ts';
import type { StreamPlan } from './plan.ts';

export interface OutgoingRecord {
  /** The id value as sent. */
  key: string;
  properties: Record<string, string>;
}

export interface Reject {
  key: string | null;
  category: string;
  reason: string;
  /** Who refused it: HubSpot's answer, or pipe's check before sending. */
  by: 'hubspot' | 'pipe';
  properties?: Record<string, string>;
}

export interface PreparedBatch {
  records: OutgoingRecord[];
  rejects: Reject[];
  /** Invalid enumeration values by property (for the `invalid_options: fail` error). */
  badOptions: Map<string, Set<string>>;
  /** Rows dropped because a later row in the batch had the same key. */
  duplicates: number;
}

/** How keys compare: HubSpot matches emails without regard to case. */
export function keyOf(plan: StreamPlan, key: string): string {
  return plan.idProperty === 'email' ? key.trim().toLowerCase() : key;
}

function keyValue(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  const s = v instanceof Date ? v.toISOString() : String(v);
  return s.trim() === '' ? null : s;
}

export function prepareBatch(plan: StreamPlan, rows: Row[]): PreparedBatch {
  const byKey = new Map<string, OutgoingRecord>();
  const rejects: Reject[] = [];
  const badOptions = new Map<string, Set<string>>();
  let duplicates = 0;
  for (const row of rows) {
    const key = keyValue(row[plan.keyColumn]);
    const properties: Record<string, string> = {};
    const problems: Conversion[] = [];
    for (const f of plan.fields) {
      const c = toHubSpot(f.property, row[f.column]);
      if (c === undefined) {
        if (plan.nulls === 'clear') properties[f.property.name] = '';
      } else if (c.ok) properties[f.property.name] = c.value;
      else {
        problems.push(c);
        if (c.badOptions) for (const b of c.badOptions) (badOptions.get(f.property.name) ?? badOptions.set(f.property.name, new Set()).get(f.property.name)!).add(b);
      }
    }
    if (key === null) {
      rejects.push({ key: null, category: 'MISSING_KEY', reason: `column ${plan.keyColumn} (the ${plan.idProperty} to find the record by) is empty`, by: 'pipe', properties });
      continue;
    }
    if (problems.length > 0) {
      const category = problems.every((p) => !p.ok && p.category === 'INVALID_OPTION') ? 'INVALID_OPTION' : 'INVALID_VALUE';
      rejects.push({ key, category, reason: problems.map((p) => (p.ok ? '' : p.message)).join('; '), by: 'pipe', properties });
      continue;
    }
    // Upsert by a unique property: sending it also sets it on records the upsert creates.
    if (!plan.byRecordId) properties[plan.idProperty] = key;
    const k = keyOf(plan, key);
    if (byKey.has(k)) {
      duplicates++;
      byKey.delete(k); // keep stream order: the later row goes last
    }
    byKey.set(k, { key, properties });
  }
  return { records: [...byKey.values()], rejects, badOptions, duplicates };
}
