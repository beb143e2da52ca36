import { ident } from '@pipe/duckdb-values';

/** A table inside the sink's schema. */
export interface TableRef {
  /** `temp` for per-connection staging tables, undefined for the database file. */
  catalog?: string;
  schema: string;
  name: string;
}

export function qualified(t: TableRef): string {
  return `${t.catalog ? `${ident(t.catalog)}.` : ''}${ident(t.schema)}.${ident(t.name)}`;
}

/** How tables are named in messages: `schema.table`. */
export function display(t: TableRef): string {
  return `${t.schema}.${t.name}`;
}
