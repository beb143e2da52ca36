import { type TableRef, ident, qualified } from './identifiers.ts';

/**
 * The statements of one merge batch, run in the batch's transaction: delete the target rows
 * whose primary key is in the stage, then insert the stage's rows, deduplicated on the key
 * (the last row of the batch wins, by insertion order). This is `MERGE INTO … WHEN MATCHED
 * THEN UPDATE … WHEN NOT MATCHED THEN INSERT` for whole rows, and it measured 1.5–2x faster
 * here (README): DuckDB deletes by scanning only the key columns and appends the new rows,
 * instead of updating every column in place. No PRIMARY KEY constraint is needed, so loads
 * are not slowed by an index and columns can still be altered.
 */
export function mergeStatements(target: TableRef, stage: TableRef, columns: string[], primaryKey: string[]): string[] {
  const keys = primaryKey.map(ident);
  const all = columns.map(ident).join(', ');
  return [
    `DELETE FROM ${qualified(target)} AS t USING ${qualified(stage)} AS s WHERE ${keys.map((k) => `t.${k} = s.${k}`).join(' AND ')}`,
    `INSERT INTO ${qualified(target)} (${all}) SELECT ${all} FROM ${qualified(stage)} QUALIFY row_number() OVER (PARTITION BY ${keys.join(', ')} ORDER BY rowid DESC) = 1`,
  ];
}
