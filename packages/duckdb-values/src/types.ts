import { BIGINT, BOOLEAN, DATE, DOUBLE, type DuckDBType, DuckDBTypeId, LIST, TIMESTAMPTZ, VARCHAR } from '@duckdb/node-api';
import type { ColumnType } from '@pipe/sdk';
import type { ValueKind } from '@pipe/sdk/values';

/**
 * The DuckDB types pipe creates, one per logical column type. Timestamps are instants
 * (TIMESTAMPTZ, microseconds: Parquet gets INT64 TIMESTAMP(MICROS, isAdjustedToUTC), never
 * nanoseconds, which some readers reject); nested values stay JSON so any shape loads
 * without a schema change.
 */
export type DuckType = 'VARCHAR' | 'BIGINT' | 'DOUBLE' | 'BOOLEAN' | 'TIMESTAMPTZ' | 'DATE' | 'VARCHAR[]' | 'JSON';

export const DUCK_TYPE_OF: Record<ColumnType, DuckType> = {
  string: 'VARCHAR',
  integer: 'BIGINT',
  number: 'DOUBLE',
  boolean: 'BOOLEAN',
  timestamp: 'TIMESTAMPTZ',
  date: 'DATE',
  'string[]': 'VARCHAR[]',
  json: 'JSON',
};

/** The vector type each column is loaded through (JSON goes in as text, then is cast). */
export const VECTOR_TYPE: Record<ColumnType, DuckDBType> = {
  string: VARCHAR,
  integer: BIGINT,
  number: DOUBLE,
  boolean: BOOLEAN,
  timestamp: TIMESTAMPTZ,
  date: DATE,
  'string[]': LIST(VARCHAR),
  json: VARCHAR,
};

/** DuckDB's catalog spelling (duckdb_columns().data_type) → our name; undefined for types pipe never creates. */
export function parseDuckType(catalogType: string): DuckType | undefined {
  const t = catalogType.toUpperCase();
  switch (t) {
    case 'VARCHAR':
    case 'BIGINT':
    case 'DOUBLE':
    case 'BOOLEAN':
    case 'DATE':
    case 'VARCHAR[]':
    case 'JSON':
      return t;
    case 'TIMESTAMP WITH TIME ZONE':
    case 'TIMESTAMPTZ':
      return 'TIMESTAMPTZ';
    default:
      return undefined;
  }
}

/** How a column of an existing table's type is filled, or undefined for a type pipe never creates (a user's DECIMAL). */
export function kindOfDuckDBType(type: DuckDBType): ValueKind | undefined {
  switch (type.typeId) {
    case DuckDBTypeId.VARCHAR:
      return type.alias === 'JSON' ? 'json' : 'varchar'; // JSON is VARCHAR with an alias: same vector layout
    case DuckDBTypeId.BIGINT:
      return 'bigint';
    case DuckDBTypeId.DOUBLE:
      return 'double';
    case DuckDBTypeId.BOOLEAN:
      return 'boolean';
    case DuckDBTypeId.TIMESTAMP_TZ:
      return 'timestamptz';
    case DuckDBTypeId.DATE:
      return 'date';
    case DuckDBTypeId.LIST:
      return type.valueType.typeId === DuckDBTypeId.VARCHAR ? 'varchar_list' : undefined;
    default:
      return undefined;
  }
}
