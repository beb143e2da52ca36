import duckdb from '@duckdb/node-bindings';
import { type DuckDBConnection, DuckDBDataChunk, type DuckDBType, type DuckDBValue, JSToDuckDBValueConverter } from '@duckdb/node-api';
import {
  applyColumn,
  CONVERT,
  type ColumnReader,
  compileColumnReader,
  kindOfDuckDBType,
  NullValueError,
  prepareColumn,
  RowValueError,
  ValueError,
  type ValueKind,
} from '@pipe/duckdb-values';
import { type Row, SinkError } from '@pipe/sdk';
import { type TableRef, display } from './table-ref.ts';

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
  /** How the column is filled; undefined means the client library's generic converter writes it. */
  kind: ValueKind | undefined;
}

/** How one table's rows become DuckDB data chunks; built once per stream in `prepare`. */
export interface AppendPlan {
  target: AppendTarget;
  writers: ColumnWriter[];
  /** Built once: DuckDBDataChunk.create would rebuild all of them per chunk. */
  logicalTypes: duckdb.LogicalType[];
  read: ColumnReader;
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
      const kind = kindOfDuckDBType(type);
      return { name, type, kind, required: required.has(name), convert: kind ? CONVERT[kind] : genericConverter(type) };
    });
    const logicalTypes = writers.map((w) => w.type.toLogicalType().logical_type);
    return { target, writers, logicalTypes, read: compileColumnReader(target.columns) };
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
  let raw: unknown[][] = [];
  for (let start = 0; start < rows.length; start += CHUNK_ROWS) {
    const count = Math.min(CHUNK_ROWS, rows.length - start);
    if (raw[0]?.length !== count) raw = writers.map(() => new Array<unknown>(count));
    plan.read(rows, start, count, raw);
    const chunk = new DuckDBDataChunk(duckdb.create_data_chunk(plan.logicalTypes));
    duckdb.data_chunk_set_size(chunk.chunk, count);
    for (let c = 0; c < writers.length; c++) {
      const w = writers[c]!;
      try {
        if (w.kind) applyColumn(duckdb.data_chunk_get_vector(chunk.chunk, c), prepareColumn(w.kind, raw[c]!, w.required, built.keepAlive));
        else chunk.setColumnValues(c, genericValues(w, raw[c]!));
      } catch (e) {
        if (e instanceof RowValueError) throw badValue(plan.target, w, start + e.row, e.error);
        throw e;
      }
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

/** A column type pipe never creates (a user's own): the client library converts plain JS. */
function genericConverter(type: DuckDBType): (value: unknown) => unknown {
  return (v) => {
    try {
      return JSToDuckDBValueConverter(v as never, type, JSToDuckDBValueConverter);
    } catch (e) {
      throw new ValueError(`expected a value for ${type.toString()} (${(e as Error).message})`);
    }
  };
}

function genericValues(w: ColumnWriter, values: readonly unknown[]): DuckDBValue[] {
  const out = new Array<DuckDBValue>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) {
      if (w.required) throw new RowValueError(i, new NullValueError());
      out[i] = null;
      continue;
    }
    try {
      out[i] = w.convert(v) as DuckDBValue;
    } catch (e) {
      throw e instanceof ValueError ? new RowValueError(i, e) : e;
    }
  }
  return out;
}

/** A value that does not fit, as the user reads it: stream, column, row and what to do. */
function badValue(target: AppendTarget, w: ColumnWriter, row: number, e: ValueError): SinkError {
  if (e instanceof NullValueError) {
    return new SinkError(`stream ${target.stream}, row ${row} of the batch: primary-key column "${w.name}" is null`, {
      hint: 'Every row needs a value in each primary-key column to be merged; fix the source data or write this stream with `write: append`.',
    });
  }
  return new SinkError(`stream ${target.stream}, column "${w.name}", row ${row} of the batch: ${e.message}`, {
    hint: `The table ${display(target.table)} stores "${w.name}" as ${w.type.toString()}; fix the value in the source, or change the column's declared type.`,
  });
}
