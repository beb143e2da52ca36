// Compares the rows the source produced with the simulator's ground truth, value by value.
import type { Column, Row } from '@pipe/sdk';
import { expect } from 'vitest';
import { archivedRows, type Harness, liveRows } from './harness.ts';

interface TruthRecord {
  id: string;
  properties: Record<string, string | null>;
  archived: boolean;
  archivedAt?: string;
}

/** Does the typed value say the same as HubSpot's raw string? */
export function sameValue(col: Column, raw: string | null | undefined, value: unknown, rejected: Record<string, string> | null, name: string): boolean {
  if (raw === null || raw === undefined || (raw.trim() === '' && col.type !== 'string')) return value === null || value === undefined || (Array.isArray(value) && value.length === 0);
  if (value === null && rejected?.[name] === raw) return true; // did not parse: kept raw
  switch (col.type) {
    case 'number':
      return value === Number(raw);
    case 'boolean':
      return value === (raw.toLowerCase() === 'true');
    case 'timestamp':
      return value instanceof Date && value.getTime() === (/^\d+$/.test(raw) ? Number(raw) : Date.parse(raw));
    case 'date':
      return value === (/^\d+$/.test(raw) ? new Date(Number(raw)).toISOString().slice(0, 10) : raw.slice(0, 10));
    case 'string[]':
      return Array.isArray(value) && value.join(';') === raw.split(';').filter(Boolean).join(';');
    default:
      return value === raw;
  }
}

export function expectMatchesTruth(h: Harness, stream: string, live: TruthRecord[], archived: TruthRecord[]): void {
  const schema = h.schemas.find((s) => s.name === stream)!;
  const cols = new Map(schema.columns.map((c) => [c.name, c]));
  const check = (rows: Row[], truth: TruthRecord[]) => {
    const byId = new Map(rows.map((r) => [r.id as string, r]));
    expect([...byId.keys()].sort()).toEqual(truth.map((t) => t.id).sort());
    const bad: string[] = [];
    for (const t of truth) {
      const row = byId.get(t.id)!;
      for (const [name, raw] of Object.entries(t.properties)) {
        const col = cols.get(name);
        if (!col) continue;
        if (!sameValue(col, raw, row[name], row._rejected as Record<string, string> | null, name)) bad.push(`${t.id}.${name}: raw ${JSON.stringify(raw)} → ${JSON.stringify(row[name])}`);
      }
    }
    expect(bad.slice(0, 10)).toEqual([]);
  };
  check(liveRows(h, stream), live);
  check(archivedRows(h, stream), archived);
}
