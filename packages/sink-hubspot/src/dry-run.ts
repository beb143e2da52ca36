/**
 * Dry run: what a write would do, without writing. Reads the batch's records (batch/read,
 * same rate budget) and compares HubSpot's current values with the values pipe would send.
 */
import type { HubSpotClient } from '@pipe/hubspot-api';
import { readCurrent } from './api.ts';
import { sameValue } from './convert.ts';
import type { StreamPlan } from './plan.ts';
import { type OutgoingRecord, keyOf } from './records.ts';

export interface PropertyChange {
  property: string;
  from: string | null;
  to: string;
}

export interface PlannedChange {
  key: string;
  action: 'create' | 'update' | 'unchanged' | 'not_found';
  /** For `update`: the properties that differ; for `create`: every property sent. */
  changes: PropertyChange[];
  /** Record id, for updates. */
  id?: string;
}

export async function planChanges(client: HubSpotClient, plan: StreamPlan, records: OutgoingRecord[], where: string): Promise<PlannedChange[]> {
  if (records.length === 0) return [];
  const names = plan.fields.map((f) => f.property.name);
  const current = await readCurrent(
    client,
    plan,
    records.map((r) => r.key),
    names,
    where,
  );
  const byKey = new Map<string, { id?: string; properties: Record<string, string | null> }>();
  for (const r of current) {
    const raw = plan.byRecordId ? r.id : r.properties?.[plan.idProperty];
    if (raw !== undefined && raw !== null) byKey.set(keyOf(plan, String(raw)), { id: r.id, properties: r.properties ?? {} });
  }
  const defs = new Map(plan.fields.map((f) => [f.property.name, f.property]));
  return records.map((r) => {
    const now = byKey.get(keyOf(plan, r.key));
    const sent = Object.entries(r.properties).filter(([p]) => p !== plan.idProperty);
    if (!now) {
      // By record id there is nothing to create: the real run would reject it as not found.
      return { key: r.key, action: plan.byRecordId ? 'not_found' : 'create', changes: sent.map(([property, to]) => ({ property, from: null, to })) };
    }
    const changes = sent
      .filter(([p, to]) => !sameValue(defs.get(p)!, to, now.properties[p]))
      .map(([property, to]) => ({ property, from: now.properties[property] ?? null, to }));
    return { key: r.key, id: now.id, action: changes.length > 0 ? 'update' : 'unchanged', changes };
  });
}

/** One line of the sample diff: `update email=a@b.c (id 101): score "3" → "7.5", grade (empty) → "A"`. */
export function describeChange(plan: StreamPlan, c: PlannedChange): string {
  const show = (v: string | null) => (v === null || v === '' ? '(empty)' : JSON.stringify(v.length > 60 ? `${v.slice(0, 57)}…` : v));
  const id = c.id ? ` (id ${c.id})` : '';
  const diff = c.changes.map((ch) => (c.action === 'create' ? `${ch.property} = ${show(ch.to)}` : `${ch.property} ${show(ch.from)} → ${show(ch.to)}`));
  if (c.action === 'not_found') return `would reject ${plan.object} ${plan.idProperty}=${c.key}: no such record`;
  return `would ${c.action} ${plan.object} ${plan.idProperty}=${c.key}${id}: ${diff.join(', ') || 'no changes'}`;
}
