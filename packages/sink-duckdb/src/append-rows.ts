import duckdb from '@duckdb/node-bindings';
import { type DuckDBConnection, DuckDBDataChunk, type DuckDBType, type DuckDBValue, JSToDuckDBValueConverter } from '@duckdb/node-api';
import { type Row, SinkError } from '@pipe/sdk';
import { type ColumnSplitter, compileColumnSplitter } from './column-splitter.ts';
import { type TableRef, display } from './identifiers.ts';
import { BadValue, toBoolean, toDays, toDouble, toInt64, toJsonText, toMicros, toText, toTextList } from './values.ts';
import { type VectorKind, fillVector, vectorKindOf } from './vector-fill.ts';

/** DuckDB's vector size: the most rows one data chunk holds. */
const CHUNK_ROWS = 2048;

export interface AppendTarget {
  table: TableRef;
  /** The table's column names, in table order (the appender fills every column). */
  columns: string[];
  /** Columns that may not be null (the primary key of a merge). */
  required?: string[];
  /** For messages: the stream the rows belong to. */
  stream: string;
}

/** How one column's values are converted and written. */
interface ColumnWriter {
  name: string;
  type: DuckDBType;
  required: boolean;
  convert: (value: unknown) => unknown;
  /** Fast path; undefined means the client library's generic converter writes it. */
  kind: VectorKind | undefined;
}

/** How one table's rows become DuckDB data chunks; built once per stream in `prepare`. */
export interface AppendPlan {
  target: AppendTarget;
  writers: ColumnWriter[];
  /** Built once: DuckDBDataChunk.create would rebuild all of them per chunk. */
  logicalTypes: duckdb.LogicalType[];
  split: ColumnSplitter;
}

/** A write's rows as DuckDB data chunks (≤ 2048 rows each), ready for the appender. */
export interface BuiltChunks {
  chunks: DuckDBDataChunk[];
  /** Helper vectors that long strings point into; they must outlive the appender's flush. */
  keepAlive: unknown[];
}

/** Read the table's column types (through an appender, which is what will load it) and compile its converters. */
export async function planAppend(con: DuckDBConnection, target: AppendTarget): Promise<AppendPlan> {
  const { table } = target;
  const appender = await con.createAppender(table.name, table.schema, table.catalog ?? null);
  try {
    if (appender.columnCount !== target.columns.length) {
      throw new SinkError(
        `table ${display(table)} has ${appender.columnCount} columns but pipe expected ${target.columns.length} (${target.columns.join(', ')})`,
        { hint: 'The table changed while the run was preparing; run again.' },
      );
    }
    const required = new Set(target.required ?? []);
    const writers: ColumnWriter[] = target.columns.map((name, i) => {
      const type = appender.columnType(i);
      const kind = vectorKindOf(type);
      return { name, type, kind, required: required.has(name), convert: converterFor(type, kind) };
    });
    const logicalTypes = writers.map((w) => w.type.toLogicalType().logical_type);
    const split = compileColumnSplitter(
      target.columns,
      writers.map((w) => w.convert),
      required,
    );
    return { target, writers, logicalTypes, split };
  } finally {
    appender.closeSync();
  }
}

/**
 * Convert rows to DuckDB data chunks, 2048 rows at a time, without touching the database: a
 * value that does not fit throws here, naming its row and column, so a bad row never has to
 * roll back a transaction that holds other streams' rows. Each chunk's JS columns die as
 * soon as it is filled, so they never outlive V8's young generation.
 */
export function buildChunks(plan: AppendPlan, rows: readonly Row[]): BuiltChunks {
  const built: BuiltChunks = { chunks: [], keepAlive: [] };
  const { writers } = plan;
  for (let start = 0; start < rows.length; start += CHUNK_ROWS) {
    const count = Math.min(CHUNK_ROWS, rows.length - start);
    let columns: unknown[][];
    try {
      columns = plan.split(rows, start, count);
    } catch {
      // The fast path only knows something failed: find the row and column, and say so.
      for (const w of writers) columnValues(rows, start, count, plan.target, w);
      throw new SinkError(`stream ${plan.target.stream}: a value in rows ${start}-${start + count - 1} of the batch could not be converted`);
    }
    const chunk = new DuckDBDataChunk(duckdb.create_data_chunk(plan.logicalTypes));
    duckdb.data_chunk_set_size(chunk.chunk, count);
    for (let c = 0; c < writers.length; c++) {
      const w = writers[c]!;
      if (w.kind) fillVector(duckdb.data_chunk_get_vector(chunk.chunk, c), w.kind, columns[c]!, built.keepAlive);
      else chunk.setColumnValues(c, columns[c] as DuckDBValue[]);
    }
    built.chunks.push(chunk);
  }
  return built;
}

/**
 * Bulk-load built chunks with DuckDB's Appender into `table` (the plan's table or one of the
 * same columns, such as its stage), in the connection's open transaction: nothing is visible
 * until the caller commits, and a rollback discards it all.
 */
export async function appendChunks(con: DuckDBConnection, table: TableRef, built: BuiltChunks): Promise<void> {
  if (built.chunks.length === 0) return;
  const appender = await con.createAppender(table.name, table.schema, table.catalog ?? null);
  try {
    for (const chunk of built.chunks) appender.appendDataChunk(chunk);
    appender.flushSync();
  } finally {
    try {
      appender.closeSync();
    } catch {
      // closeSync flushes again; a flush error was already thrown above.
    }
    built.keepAlive.length = 0;
  }
}

/**
 * A row's values of the plan's columns, converted as they will be loaded, as one text: equal
 * for rows DuckDB would see as equal in those columns.
 */
export function rowKeyText(plan: AppendPlan): (row: Row) => string {
  const writers = plan.writers;
  const text = (w: ColumnWriter, row: Row) => {
    const v = row[w.name];
    if (v === null || v === undefined) return '';
    try {
      return String(w.convert(v));
    } catch {
      return `\u0001${String(v)}`; // converting the rows fails on it next, naming row and column
    }
  };
  if (writers.length === 1) {
    const w = writers[0]!;
    return (row) => text(w, row);
  }
  return (row) => writers.map((w) => text(w, row)).join('\u0000');
}

function converterFor(type: DuckDBType, kind: VectorKind | undefined): (value: unknown) => unknown {
  if (type.alias === 'JSON') return toJsonText;
  switch (kind) {
    case 'varchar':
      return toText;
    case 'bigint':
      return toInt64;
    case 'double':
      return toDouble;
    case 'boolean':
      return toBoolean;
    case 'timestamptz':
      return toMicros;
    case 'date':
      return toDays;
    case 'varchar_list':
      return toTextList;
    default:
      // A column type pipe never creates (a user's own): the client library converts plain JS.
      return (v) => {
        try {
          return JSToDuckDBValueConverter(v as never, type, JSToDuckDBValueConverter);
        } catch (e) {
          throw new BadValue(`expected a value for ${type.toString()} (${(e as Error).message})`);
        }
      };
  }
}

/** The slow, precise path: converts one column and names the row and column of a bad value. */
function columnValues(rows: readonly Row[], start: number, count: number, target: AppendTarget, w: ColumnWriter): unknown[] {
  const values = new Array<unknown>(count);
  const { name, convert } = w;
  for (let i = 0; i < count; i++) {
    const raw = rows[start + i]![name];
    if (raw === null || raw === undefined) {
      if (w.required) {
        throw new SinkError(`stream ${target.stream}, row ${start + i} of the batch: primary-key column "${name}" is null`, {
          hint: 'Every row needs a value in each primary-key column to be merged; fix the source data or write this stream with `write: append`.',
        });
      }
      values[i] = null;
      continue;
    }
    try {
      values[i] = convert(raw);
    } catch (e) {
      if (!(e instanceof BadValue)) throw e;
      throw new SinkError(`stream ${target.stream}, column "${name}", row ${start + i} of the batch: ${e.message}`, {
        hint: `The table ${display(target.table)} stores "${name}" as ${w.type.toString()}; fix the value in the source, or change the column's declared type.`,
      });
    }
  }
  return values;
}
