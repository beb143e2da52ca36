import type { Row } from '@pipe/sdk';
import { ident } from '@pipe/duckdb-values';
import { type TableRef, qualified } from './table-ref.ts';

/**
 * A merge write, in its transaction: delete the table's rows whose primary key is in `keys`
 * (the write's keys), then append the write's rows (deduplicated by `lastRowPerKey`). This is
 * `MERGE INTO … WHEN MATCHED THEN UPDATE … WHEN NOT MATCHED THEN INSERT` for whole rows, and
 * faster than `MERGE INTO` (bench/sink-duckdb/load.ts measures merges): DuckDB deletes by scanning only the key columns and
 * appends the new rows, instead of updating every column in place. No PRIMARY KEY constraint
 * is needed, so loads are not slowed by an index and columns can still be altered.
 */
export function deleteByKeysSql(target: TableRef, keys: TableRef, primaryKey: string[]): string {
  return `DELETE FROM ${qualified(target)} AS t USING ${qualified(keys)} AS k WHERE ${primaryKey
    .map(ident)
    .map((k) => `t.${k} = k.${k}`)
    .join(' AND ')}`;
}

/**
 * The last row of each primary key, in the order those rows came: a later row of a key
 * replaces an earlier one in the same write, as it would in a later write. `keyOf` gives a
 * row's key as text, from the values as converted for the key columns' types, so two
 * spellings of one key (`7` and `'7'`, a Date and its ISO text) count as the same key, as
 * they would in DuckDB.
 */
export function lastRowPerKey(rows: readonly Row[], keyOf: (row: Row) => string): readonly Row[] {
  const last = new Map<string, number>();
  for (let i = 0; i < rows.length; i++) last.set(keyOf(rows[i]!), i);
  if (last.size === rows.length) return rows;
  const keep = [...last.values()].sort((a, b) => a - b);
  return keep.map((i) => rows[i]!);
}
