import { type DuckDBConnection, DuckDBInstance, DuckDBTableFunction } from '@duckdb/node-api';
import duckdb from '@duckdb/node-bindings';
import {
  applyColumn,
  type ColumnReader,
  compileColumnReader,
  ident,
  KIND_OF,
  literal,
  type PreparedColumn,
  prepareColumn,
  RowValueError,
  VECTOR_TYPE,
} from '@pipe/duckdb-values';
import { type Column, type Row, SinkError } from '@pipe/sdk';

/** DuckDB's vector size: rows per data chunk. */
const CHUNK_ROWS = 2048;
/** Chunks prepared between two turns of the event loop, so timers and I/O are not held up by a whole file's work. */
const CHUNKS_PER_TURN = 8;

export interface EncodeOptions {
  compression: 'zstd' | 'snappy' | 'gzip' | 'none';
  rowGroupRows: number;
  /** Parquet key-value metadata (e.g. the primary key). */
  metadata: Record<string, string>;
}

/** The chunks the `pipe_rows()` table function is scanning now. */
interface Scan {
  columns: Column[];
  rows: number;
  /** Every chunk of the file, laid out before the COPY starts; handed over (and dropped) in order. */
  chunks: ({ n: number; columns: PreparedColumn[] } | undefined)[];
  next: number;
  /** Helper vectors long strings point into: alive until the COPY is done. */
  keepAlive: unknown[];
  error?: unknown;
}

/** What preparing a file's chunks needs. */
interface Prep {
  stream: string;
  columns: Column[];
  rows: Row[];
  /** Reads a chunk's raw values column by column (constant property keys: fast). */
  read: ColumnReader;
  /** The reader's output arrays, reused chunk after chunk (prepareChunk consumes them synchronously). */
  raw: unknown[][];
  keepAlive: unknown[];
}

/**
 * Turns rows into Parquet files with DuckDB's writer. The rows are not loaded into a
 * table: every 2048-row chunk is first laid out in JS memory (@pipe/duckdb-values' prepareColumn, yielding to
 * the event loop every few chunks), then `COPY (SELECT … FROM pipe_rows()) TO … (FORMAT
 * parquet)` scans them through a table function that copies one prepared chunk per call.
 *
 * Why not prepare while DuckDB scans: each call of the table function is a hop from
 * DuckDB's thread to the JS thread, and a scan paced by JS preparation kept DuckDB's other
 * worker thread busy as well (0-2.5 ms of CPU per 2 ms call, measured with
 * bench/sink-parquet/hop-cost.ts and the default two threads). DuckDB has little to do during the scan
 * anyway (with the default sizes a file is one row group, encoded at its end), so laying everything out first
 * costs no overlap; each call then only copies. One encoder per sink writer; one COPY at a time.
 */
export class ParquetEncoder {
  private scan: Scan | undefined;
  private preparing = false;

  private constructor(
    private readonly instance: DuckDBInstance,
    readonly connection: DuckDBConnection,
  ) {}

  /**
   * `threads`: DuckDB's worker threads (default: one per core). The sink's writer uses 1:
   * its scan is single-threaded anyway, and a second DuckDB thread only added ~1.5 s of
   * CPU per 1M rows (bench/sink-parquet/write.ts, alternating runs) without finishing
   * files sooner; the files are byte-identical either way. Compaction uses them all.
   */
  static async create(options: { threads?: number } = {}): Promise<ParquetEncoder> {
    const instance = await DuckDBInstance.create(':memory:', options.threads ? { threads: String(options.threads) } : {});
    const connection = await instance.connect();
    const encoder = new ParquetEncoder(instance, connection);
    connection.registerTableFunction(encoder.rowsFunction());
    return encoder;
  }

  /**
   * Write `rows` (only `columns`) to the local file `target`. A value that does not fit
   * its column throws a SinkError naming the stream, column and row before the COPY
   * starts; if the COPY fails, the caller discards the partial file. Empties `rows` once they
   * are laid out: the caller hands them over, and the rows can be collected during the COPY
   * instead of after it (wide rows: bench/engine/memory.ts, peak RSS).
   */
  async writeFile(stream: string, columns: Column[], rows: Row[], target: string, opts: EncodeOptions): Promise<void> {
    if (this.scan || this.preparing) throw new Error('ParquetEncoder: one COPY at a time');
    const keepAlive: unknown[] = [];
    const prep: Prep = { stream, columns, rows, read: this.reader(columns), raw: [], keepAlive };
    const chunks: Scan['chunks'] = [];
    this.preparing = true;
    try {
      for (let offset = 0; offset < rows.length; offset += CHUNK_ROWS) {
        const n = Math.min(CHUNK_ROWS, rows.length - offset);
        chunks.push({ n, columns: prepareChunk(prep, offset, n) });
        if (chunks.length % CHUNKS_PER_TURN === 0) await new Promise((resolve) => setImmediate(resolve));
      }
    } finally {
      this.preparing = false;
    }
    const scan: Scan = { columns, rows: rows.length, chunks, next: 0, keepAlive };
    rows.length = 0;
    // prep.rows is that same array; the reader's output arrays still hold the last chunk's values.
    prep.raw = [];
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
        bind.setCardinality(this.scan?.rows ?? 0, true);
      },
      // One scanning thread: chunks arrive in row order, so files are deterministic.
      initFunction: (init) => init.setMaxThreads(1),
      mainFunction: (info, out) => {
        const scan = this.scan;
        const chunk = scan && !scan.error ? scan.chunks[scan.next] : undefined;
        if (!scan || !chunk) {
          out.rowCount = 0;
          return;
        }
        try {
          scan.chunks[scan.next++] = undefined;
          for (const [ci, prepared] of chunk.columns.entries()) applyColumn(duckdb.data_chunk_get_vector(out.chunk, ci), prepared);
          duckdb.data_chunk_set_size(out.chunk, chunk.n);
        } catch (e) {
          scan.error = e;
          out.rowCount = 0;
          info.setError(e instanceof Error ? e.message : String(e));
        }
      },
    });
  }
}

/** Convert and lay out rows[offset, offset+n) of every column. Throws SinkError for a bad value. */
function prepareChunk(scan: Prep, offset: number, n: number): PreparedColumn[] {
  if (scan.raw[0]?.length !== n) scan.raw = scan.columns.map(() => new Array<unknown>(n));
  const raw = scan.raw;
  scan.read(scan.rows, offset, n, raw);
  return scan.columns.map((column, c) => {
    try {
      return prepareColumn(KIND_OF[column.type], raw[c]!, column.nullable === false, scan.keepAlive);
    } catch (e) {
      if (e instanceof RowValueError) throw badValue(scan.stream, column, offset + e.row, e.error);
      throw e;
    }
  });
}

function badValue(stream: string, column: Column, row: number, cause: Error): SinkError {
  return new SinkError(`parquet sink: stream "${stream}", column "${column.name}" (${column.type}), row ${row + 1} of the batch: ${cause.message}`, {
    hint: 'Fix the source schema or the value; nothing of this batch was written.',
    cause,
  });
}
