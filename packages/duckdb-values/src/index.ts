/**
 * @pipe/duckdb-values — one value layer for pipe's DuckDB-backed plugins (sink-duckdb,
 * sink-parquet, source-duckdb): the type map, compiled column readers, vector fill and SQL
 * quoting, on the SDK's loose-value rule (`@pipe/sdk/values`, re-exported here), which every
 * sink applies, DuckDB-backed or not.
 */
export { type ColumnReader, compileColumnReader } from './column-reader.ts';
export { ident, isMemoryPath, literal, resolveDatabasePath } from './sql.ts';
export { DUCK_TYPE_OF, type DuckType, kindOfDuckDBType, parseDuckType, VECTOR_TYPE } from './types.ts';
export {
  CONVERT,
  canonicalValue,
  KIND_OF,
  shown,
  toBoolean,
  toDays,
  toDouble,
  toInt64,
  toJsonText,
  toMicros,
  toText,
  toTextList,
  ValueError,
  type ValueKind,
} from '@pipe/sdk/values';
export { applyColumn, NullValueError, type PreparedColumn, prepareColumn, RowValueError } from './vector-fill.ts';
