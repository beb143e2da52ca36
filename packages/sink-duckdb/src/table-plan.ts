import type { SchemaChange, StreamSchema } from '@pipe/sdk';
import { DUCK_TYPE_OF, type DuckType, ident, parseDuckType } from '@pipe/duckdb-values';
import { compareTypes } from './type-changes.ts';
import { type TableRef, display, qualified } from './table-ref.ts';

/** A column as the table has (or will have) it. `sqlType` is DuckDB's spelling, used in DDL. */
export interface TableColumn {
  name: string;
  sqlType: string;
}

/** Columns of an existing table, from the catalog, in table order. */
export type ExistingColumns = TableColumn[] | undefined;

/** One difference that needs DDL, with everything a freeze message must name. */
export interface PlannedChange {
  change: SchemaChange;
  /** The statement that applies it to the live table. */
  ddl: string;
  /** `table hubspot.contacts, column age: BIGINT → VARCHAR` */
  description: string;
}

export interface TablePlan {
  table: TableRef;
  /** Columns after the plan is applied, in table order (existing first, new ones appended). */
  columns: TableColumn[];
  /** The table does not exist yet. */
  create: boolean;
  /** Changes to an existing table (empty when creating). */
  changes: PlannedChange[];
}

/**
 * Compare a stream's declared columns with the table as stored: pure, so it is easy to
 * test and the writer can apply it (merge/append) or build a fresh table from it (replace).
 * Column names match case-insensitively, as DuckDB identifiers do.
 */
export function planTable(table: TableRef, stream: StreamSchema, existing: ExistingColumns): TablePlan {
  const wanted = stream.columns.map((c) => ({ name: c.name, sqlType: DUCK_TYPE_OF[c.type] as string }));
  if (!existing) {
    return { table, columns: wanted, create: true, changes: [] };
  }
  const columns = existing.map((c) => ({ ...c }));
  const byName = new Map(columns.map((c) => [c.name.toLowerCase(), c]));
  const changes: PlannedChange[] = [];
  const where = (column: string) => `table ${display(table)}, column ${column}`;
  for (const want of wanted) {
    const have = byName.get(want.name.toLowerCase());
    if (!have) {
      const column = { ...want };
      columns.push(column);
      byName.set(want.name.toLowerCase(), column);
      changes.push({
        change: { stream: stream.name, kind: 'add_column', column: want.name, to: want.sqlType },
        ddl: `ALTER TABLE ${qualified(table)} ADD COLUMN ${ident(want.name)} ${want.sqlType}`,
        description: `${where(want.name)}: new column of type ${want.sqlType}`,
      });
      continue;
    }
    const verdict = compareTypes(parseDuckType(have.sqlType), want.sqlType as DuckType);
    if (verdict.kind === 'keep') continue;
    const from = have.sqlType;
    have.sqlType = verdict.to;
    if (verdict.kind === 'widen') {
      changes.push({
        change: { stream: stream.name, kind: 'widen', column: have.name, from, to: verdict.to },
        ddl: `ALTER TABLE ${qualified(table)} ALTER COLUMN ${ident(have.name)} TYPE ${verdict.to}`,
        description: `${where(have.name)}: ${from} → ${verdict.to} (widen)`,
      });
    } else {
      changes.push({
        change: {
          stream: stream.name,
          kind: 'other',
          column: have.name,
          from,
          to: verdict.to,
          detail: `incompatible change ${from} → ${want.sqlType}; column converted to JSON so old and new values both fit`,
        },
        ddl: `ALTER TABLE ${qualified(table)} ALTER COLUMN ${ident(have.name)} TYPE JSON USING to_json(${ident(have.name)})`,
        description: `${where(have.name)}: ${from} → ${want.sqlType} is incompatible`,
      });
    }
  }
  return { table, columns, create: false, changes };
}

/** `CREATE TABLE` for a planned column list. */
export function createTableSql(target: string, columns: TableColumn[], opts: { temp?: boolean; replace?: boolean } = {}): string {
  const body = columns.map((c) => `${ident(c.name)} ${c.sqlType}`).join(', ');
  return `CREATE ${opts.replace ? 'OR REPLACE ' : ''}${opts.temp ? 'TEMP ' : ''}TABLE ${target} (${body})`;
}
