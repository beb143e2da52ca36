import { type DuckDBConnection, DuckDBInstance, DuckDBTableFunction } from '@duckdb/node-api';
import duckdb from '@duckdb/node-bindings';
import { type Column, type Row, SinkError } from '@pipe/sdk';
import { ident, literal, TO_PLAIN, ValueError, VECTOR_TYPE } from './column-types.ts';
import { type ColumnReader, compileColumnReader } from './column-reader.ts';
import { applyColumn, FIXED_WIDTH, NOT_NULLABLE, type PreparedColumn, prepareFixedWidth, prepareStringColumn, prepareValues, TextArena } from './vector-fill.ts';

/** DuckDB's vector size: rows per data chunk. */
const CHUNK_ROWS = 2048;
/** Chunks prepared ahead at most (~0.5 MB each for 20 columns). */
const MAX_AHEAD = 16;

export interface EncodeOptions {
  compression: 'zstd' | 'snappy' | 'gzip' | 'none';
  rowGroupRows: number;
  /** Parquet key-value metadata (e.g. the primary key). */
  metadata: Record<string, string>;
}

/** The rows the `pipe_rows()` table function is scanning now. */
interface Scan {
  stream: string;
  columns: Column[];
  rows: Row[];
  /** Reads a chunk's raw values column by column (constant property keys: fast). */
  read: ColumnReader;
  /** The reader's output arrays, reused chunk after chunk (prepareChunk consumes them synchronously). */
  raw: unknown[][];
  /** Long strings of the chunk being prepared (reused chunk after chunk). */
  text: TextArena;
  offset: number;
  /** Helper vectors long strings point into: alive until the COPY is done. */
  keepAlive: unknown[];
  error?: unknown;
  /** Chunks prepared ahead (by offset) while DuckDB was busy encoding. */
  ready: Map<number, PreparedColumn[] | { error: unknown }>;
  /** Offset of the next chunk to prepare ahead. */
  nextAhead: number;
  pumping: boolean;
}

/**
 * Turns rows into Parquet files with DuckDB's writer. The rows are not loaded into a
 * table first: `COPY (SELECT … FROM pipe_rows()) TO … (FORMAT parquet)` scans them through
 * a table function that hands over one 2048-row chunk per call (vector-fill.ts) and
 * prepares the next one on the event loop while DuckDB encodes and compresses this one.
 * No copy of the batch sits in a table. One encoder per sink writer; one COPY at a time.
 */
export class ParquetEncoder {
  private scan: Scan | undefined;

  private constructor(
    private readonly instance: DuckDBInstance,
    readonly connection: DuckDBConnection,
  ) {}

  static async create(): Promise<ParquetEncoder> {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    const encoder = new ParquetEncoder(instance, connection);
    connection.registerTableFunction(encoder.rowsFunction());
    return encoder;
  }

  /**
   * Write `rows` (only `columns`) to the local file `target`. A value that does not fit
   * its column fails the COPY with a SinkError naming the stream, column and row; the
   * caller discards the partial file.
   */
  async writeFile(stream: string, columns: Column[], rows: Row[], target: string, opts: EncodeOptions): Promise<void> {
    if (this.scan) throw new Error('ParquetEncoder: one COPY at a time');
    const scan: Scan = { stream, columns, rows, read: this.reader(columns), raw: [], text: new TextArena(), offset: 0, keepAlive: [], ready: new Map(), nextAhead: 0, pumping: false };
    this.scan = scan;
    // JSON is scanned as text, then typed so Parquet gets the JSON logical type.
    const select = columns.map((c) => (c.type === 'json' ? `${ident(c.name)}::JSON AS ${ident(c.name)}` : ident(c.name))).join(', ');
    try {
      await this.copyTo(`SELECT ${select} FROM pipe_rows()`, target, opts);
    } catch (e) {
      throw scan.error ?? e;
    } finally {
      this.scan = undefined;
    }
  }

  /** `COPY (<select>) TO target` with the sink's Parquet options. */
  async copyTo(select: string, target: string, opts: EncodeOptions): Promise<void> {
    const codec = opts.compression === 'none' ? 'uncompressed' : opts.compression;
    const kv = Object.entries(opts.metadata)
      .map(([k, v]) => `${literal(k)}: ${literal(v)}`)
      .join(', ');
    await this.connection.run(
      `COPY (${select}) TO ${literal(target)} (FORMAT parquet, COMPRESSION ${codec}, ROW_GROUP_SIZE ${opts.rowGroupRows}${kv ? `, KV_METADATA {${kv}}` : ''})`,
    );
  }

  private readonly readers = new Map<string, ColumnReader>();

  /** The compiled reader for these column names (cached: a stream writes many files). */
  private reader(columns: Column[]): ColumnReader {
    const names = columns.map((c) => c.name);
    const key = JSON.stringify(names);
    let read = this.readers.get(key);
    if (!read) this.readers.set(key, (read = compileColumnReader(names)));
    return read;
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }

  private rowsFunction(): DuckDBTableFunction {
    return DuckDBTableFunction.create({
      name: 'pipe_rows',
      bindFunction: (bind) => {
        for (const c of this.scan?.columns ?? []) bind.addResultColumn(c.name, VECTOR_TYPE[c.type]);
        bind.setCardinality(this.scan?.rows.length ?? 0, true);
      },
      // One scanning thread: chunks arrive in row order, so files are deterministic.
      initFunction: (init) => init.setMaxThreads(1),
      mainFunction: (info, out) => {
        const scan = this.scan;
        const n = scan ? Math.min(CHUNK_ROWS, scan.rows.length - scan.offset) : 0;
        if (!scan || n <= 0 || scan.error) {
          out.rowCount = 0;
          return;
        }
        try {
          const ahead = scan.ready.get(scan.offset);
          scan.ready.delete(scan.offset);
          if (ahead && 'error' in ahead) throw ahead.error;
          const columns = ahead ?? prepareChunk(scan, scan.offset, n);
          for (const [ci, prepared] of columns.entries()) applyColumn(duckdb.data_chunk_get_vector(out.chunk, ci), prepared);
          duckdb.data_chunk_set_size(out.chunk, n);
          scan.offset += n;
          this.pump(scan);
        } catch (e) {
          scan.error = e;
          out.rowCount = 0;
          info.setError(e instanceof Error ? e.message : String(e));
        }
      },
    });
  }

  /**
   * Prepare chunks ahead on the event loop, one per turn, while DuckDB's thread encodes
   * and compresses (it flushes a row group every ~60 chunks, during which JS would idle).
   * Yielding between chunks lets a chunk request from DuckDB in first.
   */
  private pump(scan: Scan): void {
    if (scan.pumping) return;
    scan.pumping = true;
    const step = () => {
      scan.nextAhead = Math.max(scan.nextAhead, scan.offset);
      const offset = scan.nextAhead;
      const n = Math.min(CHUNK_ROWS, scan.rows.length - offset);
      if (this.scan !== scan || scan.error || n <= 0 || offset - scan.offset >= MAX_AHEAD * CHUNK_ROWS) {
        scan.pumping = false;
        return;
      }
      if (!scan.ready.has(offset)) {
        try {
          scan.ready.set(offset, prepareChunk(scan, offset, n));
        } catch (e) {
          scan.ready.set(offset, { error: e });
        }
      }
      scan.nextAhead = offset + n;
      setImmediate(step);
    };
    setImmediate(step);
  }
}

/** Convert and lay out rows[offset, offset+n) of every column. Throws SinkError for a bad value. */
function prepareChunk(scan: Scan, offset: number, n: number): PreparedColumn[] {
  if (scan.raw[0]?.length !== n) scan.raw = scan.columns.map(() => new Array<unknown>(n));
  const raw = scan.raw;
  scan.read(scan.rows, offset, n, raw);
  scan.text.reset();
  const prepared = scan.columns.map((column, c) => {
    const bad = (row: number, e: unknown) => badValue(scan.stream, column, row, e);
    if (FIXED_WIDTH.has(column.type)) return prepareFixedWidth(column, raw[c]!, offset, bad);
    if (column.type === 'string') return prepareStringColumn(column, raw[c]!, offset, scan.text, bad);
    return prepareValues(column.type, convertColumn(scan.stream, column, raw[c]!, offset), scan.text);
  });
  scan.text.store(scan.keepAlive);
  return prepared;
}

/** `values` are the column's raw values of rows[offset, offset+values.length). */
function convertColumn(stream: string, column: Column, values: readonly unknown[], offset: number): unknown[] {
  const convert = TO_PLAIN[column.type];
  const n = values.length;
  const out = new Array<unknown>(n);
  const required = column.nullable === false;
  for (let k = 0; k < n; k++) {
    const v = values[k];
    if (v === null || v === undefined) {
      if (required) throw badValue(stream, column, offset + k, new ValueError(NOT_NULLABLE));
      out[k] = null;
      continue;
    }
    try {
      out[k] = convert(v);
    } catch (e) {
      throw badValue(stream, column, offset + k, e);
    }
  }
  return out;
}

function badValue(stream: string, column: Column, row: number, cause: unknown): SinkError {
  const what = cause instanceof Error ? cause.message : String(cause);
  return new SinkError(`parquet sink: stream "${stream}", column "${column.name}" (${column.type}), row ${row + 1} of the batch: ${what}`, {
    hint: 'Fix the source schema or the value; nothing of this batch was written.',
    cause,
  });
}
