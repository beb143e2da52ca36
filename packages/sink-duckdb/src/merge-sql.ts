import { type TableRef, ident, qualified } from './identifiers.ts';

/**
 * One `MERGE INTO` per batch: the stage's rows, deduplicated on the primary key (the
 * last row of the batch wins, by insertion order), update matching rows and insert the
 * rest. Needs no PRIMARY KEY constraint on the target, so appends stay index-free and
 * columns can still be altered.
 */
export function mergeSql(target: TableRef, stage: TableRef, columns: string[], primaryKey: string[]): string {
  const keys = primaryKey.map(ident);
  const on = keys.map((k) => `t.${k} = s.${k}`).join(' AND ');
  const pk = new Set(primaryKey.map((k) => k.toLowerCase()));
  const updates = columns.filter((c) => !pk.has(c.toLowerCase())).map((c) => `${ident(c)} = s.${ident(c)}`);
  const all = columns.map(ident);
  return [
    `MERGE INTO ${qualified(target)} AS t`,
    `USING (SELECT * FROM ${qualified(stage)} QUALIFY row_number() OVER (PARTITION BY ${keys.join(', ')} ORDER BY rowid DESC) = 1) AS s`,
    `ON ${on}`,
    updates.length > 0 ? `WHEN MATCHED THEN UPDATE SET ${updates.join(', ')}` : 'WHEN MATCHED THEN DO NOTHING',
    `WHEN NOT MATCHED THEN INSERT (${all.join(', ')}) VALUES (${all.map((c) => `s.${c}`).join(', ')})`,
  ].join('\n');
}
