import { DuckDBInstance } from '@duckdb/node-api';
import type { Row } from '@pipe/sdk';

/** Run SQL in a fresh in-memory DuckDB and return the rows as JS values. */
export async function query(sql: string): Promise<Row[]> {
  const instance = await DuckDBInstance.create(':memory:');
  const con = await instance.connect();
  try {
    const statements = sql.split(/;\s*\n/).filter((s) => s.trim() && !/^\s*--[^\n]*$/.test(s.trim()));
    let last: Row[] = [];
    for (const s of statements) {
      const reader = await con.runAndReadAll(s);
      last = reader.getRowObjectsJS() as Row[];
    }
    return last;
  } finally {
    con.closeSync();
    instance.closeSync();
  }
}
