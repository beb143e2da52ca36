// Reads what pipe wrote back into plain rows in the same canonical form as expected.ts:
// timestamps as epoch ms, dates as YYYY-MM-DD, lists as arrays, JSON parsed.
import fs from 'node:fs';
import path from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import type { Row } from './expected.ts';

const q = (name: string) => `"${name.replaceAll('"', '""')}"`;

async function canonicalRows(conn: DuckDBConnection, schema: string, table: string, where = ''): Promise<Row[]> {
  const cols = (
    await conn.runAndReadAll(`SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = $s AND table_name = $t ORDER BY ordinal_position`, {
      s: schema,
      t: table,
    })
  ).getRowObjectsJson() as { column_name: string; data_type: string }[];
  if (!cols.length) throw new Error(`no table ${schema}.${table}`);
  const select = cols.map(({ column_name: c, data_type: t }) => {
    if (t.startsWith('TIMESTAMP')) return `epoch_ms(${q(c)})::DOUBLE AS ${q(c)}`;
    if (t === 'DATE') return `strftime(${q(c)}, '%Y-%m-%d') AS ${q(c)}`;
    if (t === 'JSON') return `${q(c)}::VARCHAR AS ${q(c)}`;
    return q(c);
  });
  const reader = await conn.runAndReadAll(`SELECT ${select.join(', ')} FROM ${q(schema)}.${q(table)} ${where}`);
  const json = new Set(cols.filter((c) => c.data_type === 'JSON').map((c) => c.column_name));
  return (reader.getRowObjectsJson() as Row[]).map((r) => {
    for (const c of json) if (typeof r[c] === 'string') r[c] = JSON.parse(r[c] as string);
    return r;
  });
}

/** Every row of `schema.table` in a DuckDB file (opened read-only). */
export async function duckdbRows(file: string, schema: string, table: string): Promise<Row[]> {
  const db = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
  const conn = await db.connect();
  try {
    return await canonicalRows(conn, schema, table);
  } finally {
    conn.closeSync();
    db.closeSync();
  }
}

/** The Parquet dataset's latest-state view of a stream, through the `_pipe/views.sql` pipe generates. */
export async function parquetLatestRows(dir: string, stream: string): Promise<Row[]> {
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  try {
    await conn.run(fs.readFileSync(path.join(dir, '_pipe/views.sql'), 'utf8'));
    return await canonicalRows(conn, 'main', `${stream}_latest`);
  } finally {
    conn.closeSync();
    db.closeSync();
  }
}

/** Leftovers of an interrupted write that a finished run must not leave behind. */
export function halfWrittenFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.tmp$|tmp\.|\.wal$|\.partial$/i.test(e.name)) out.push(path.relative(dir, p));
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return out;
}
