import type { Column, ColumnType, Row, StreamSchema } from '@pipe/sdk';

/**
 * Deterministic rows for the memory source: the same (stream, seed) always gives the
 * same rows, in cursor order (updated_at, id). Many rows share an updated_at on purpose,
 * so a cursor on the timestamp alone would skip or repeat rows.
 */

export interface MemoryStreamSpec {
  name: string;
  rows: number;
  /** Extra columns with generated values; `id` (key) and `updated_at` (cursor) are always added. */
  columns?: { name: string; type: ColumnType }[];
}

export const DEFAULT_STREAMS: MemoryStreamSpec[] = [
  { name: 'users', rows: 300 },
  { name: 'orders', rows: 200 },
];

const USERS_COLUMNS: Column[] = [
  { name: 'name', type: 'string', description: 'Display name, with accents, CJK, emoji and quotes.' },
  { name: 'email', type: 'string' },
  { name: 'score', type: 'number' },
  { name: 'active', type: 'boolean' },
  { name: 'signed_up', type: 'timestamp' },
  { name: 'birthday', type: 'date' },
  { name: 'tags', type: 'string[]' },
  { name: 'meta', type: 'json' },
];

const ORDERS_COLUMNS: Column[] = [
  { name: 'user_id', type: 'integer' },
  { name: 'amount', type: 'number' },
  { name: 'currency', type: 'string' },
  { name: 'status', type: 'string' },
  { name: 'placed_at', type: 'timestamp' },
  { name: 'items', type: 'json' },
];

const NAMES = ['Ada Lovelace', 'José Álvarez', 'Zoë Brontë', '李雷', 'Алиса', "Seán O'Brien", 'Ōtani 大谷', '🦄 Unicorn', 'Nguyễn Văn A', 'François "Fran"'];
const TAGS = ['vip', 'beta', 'newsletter', 'churn-risk', 'ünïcödé'];
const STATUSES = ['pending', 'paid', 'shipped', 'refunded'];
const CURRENCIES = ['EUR', 'USD', 'JPY'];
const BASE_TIME = Date.UTC(2024, 0, 1);

/** mulberry32: a tiny seeded PRNG, plenty for test data. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hash(text: string): number {
  let h = 2166136261;
  for (const ch of text) h = Math.imul(h ^ ch.codePointAt(0)!, 16777619);
  return h >>> 0;
}

export function columnsOf(spec: MemoryStreamSpec): Column[] {
  const extra = spec.columns ?? (spec.name === 'orders' ? ORDERS_COLUMNS : USERS_COLUMNS);
  return [
    { name: 'id', type: 'integer', nullable: false, description: 'Primary key.' },
    ...extra,
    { name: 'updated_at', type: 'timestamp', nullable: false, description: 'Cursor: last change.' },
  ];
}

export function schemaOf(spec: MemoryStreamSpec): StreamSchema {
  return {
    name: spec.name,
    description: `Generated rows (${spec.rows}) of the memory source.`,
    primaryKey: ['id'],
    cursor: 'updated_at',
    columns: columnsOf(spec),
    syncModes: ['incremental', 'full'],
  };
}

function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)]!;
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Realistic values for the default streams' columns (used only when the type matches). */
const NAMED_VALUES: Record<string, { type: ColumnType; make: (id: number, rand: () => number, userCount: number) => unknown }> = {
  name: { type: 'string', make: (id, rand) => `${pick(rand, NAMES)} #${id}` },
  email: { type: 'string', make: (id) => `user${id}@example.com` },
  user_id: { type: 'integer', make: (_id, rand, userCount) => 1 + Math.floor(rand() * userCount) },
  currency: { type: 'string', make: (_id, rand) => pick(rand, CURRENCIES) },
  status: { type: 'string', make: (_id, rand) => pick(rand, STATUSES) },
  meta: {
    type: 'json',
    make: (_id, rand) => ({ plan: pick(rand, ['free', 'pro', 'enterprise']), seats: Math.floor(rand() * 50), flags: [rand() < 0.5, 'ß'] }),
  },
  items: { type: 'json', make: (_id, rand) => [{ sku: `SKU-${Math.floor(rand() * 1000)}`, qty: 1 + Math.floor(rand() * 5) }] },
};

function generateValue(column: Column, id: number, rand: () => number, userCount: number): unknown {
  // A few nulls in nullable columns, never in the key or cursor.
  if (column.nullable !== false && rand() < 0.05) return null;
  const named = NAMED_VALUES[column.name];
  if (named && named.type === column.type) return named.make(id, rand, userCount);
  switch (column.type) {
    case 'string':
      return `${column.name} ${id} ${pick(rand, NAMES)}`;
    case 'integer':
      return Math.floor(rand() * 1_000_000) - 1000;
    case 'number':
      return Math.round(rand() * 1_000_000) / 100;
    case 'boolean':
      return rand() < 0.5;
    case 'timestamp':
      return new Date(BASE_TIME - Math.floor(rand() * 1000 * 86_400_000) + Math.floor(rand() * 1000));
    case 'date':
      return isoDate(BASE_TIME - Math.floor(rand() * 20_000) * 86_400_000);
    case 'string[]':
      return TAGS.filter(() => rand() < 0.3);
    case 'json':
      return { n: id, label: pick(rand, NAMES), nested: { ok: rand() < 0.5 } };
  }
}

/** Every row of a stream, sorted by the cursor (updated_at, id). */
export function generateRows(spec: MemoryStreamSpec, seed: number): Row[] {
  const rand = prng(seed ^ hash(spec.name));
  const columns = columnsOf(spec);
  // About three rows per updated_at second: ties on the timestamp are the norm.
  const spread = Math.max(1, Math.ceil(spec.rows / 3));
  const rows: Row[] = [];
  for (let id = 1; id <= spec.rows; id++) {
    const row: Row = {};
    for (const c of columns) {
      if (c.name === 'id') row.id = id;
      else if (c.name === 'updated_at') row.updated_at = new Date(BASE_TIME + Math.floor(rand() * spread) * 1000);
      else row[c.name] = generateValue(c, id, rand, 300);
    }
    rows.push(row);
  }
  return rows.sort(compareCursor);
}

export interface MemoryCursor {
  updated_at: string;
  id: number;
}

export function cursorOf(row: Row): MemoryCursor {
  return { updated_at: (row.updated_at as Date).toISOString(), id: row.id as number };
}

function compareCursor(a: Row, b: Row): number {
  return (a.updated_at as Date).getTime() - (b.updated_at as Date).getTime() || (a.id as number) - (b.id as number);
}

/** Index of the first row strictly after `cursor`. */
export function indexAfter(rows: Row[], cursor: MemoryCursor): number {
  const t = Date.parse(cursor.updated_at);
  const i = rows.findIndex((r) => {
    const rt = (r.updated_at as Date).getTime();
    return rt > t || (rt === t && (r.id as number) > cursor.id);
  });
  return i === -1 ? rows.length : i;
}
