import { DuckDBDataChunk, type DuckDBConnection, DuckDBInstance, type DuckDBValue } from '@duckdb/node-api';
import { type Column, type Row, SinkError } from '@pipe/sdk';
import { ident, literal, SQL_TYPE, TO_VECTOR_VALUE, ValueError, VECTOR_TYPE } from './column-types.ts';

/** DuckDB's vector size: rows per data chunk handed to the appender. */
const CHUNK_ROWS = 2048;

export interface EncodeOptions {
  compression: 'zstd' | 'snappy' | 'gzip' | 'none';
  rowGroupRows: number;
  /** Parquet key-value metadata (e.g. the primary key). */
  metadata: Record<string, string>;
}

/**
 * Turns rows into Parquet files with DuckDB's writer: rows go into an in-memory table
 * through the appender, one data chunk per 2048 rows (columnar, ~10× faster than row by
 * row), then `COPY … TO … (FORMAT parquet)`. One encoder per sink writer.
 */
export class ParquetEncoder {
  private constructor(
    private readonly instance: DuckDBInstance,
    readonly connection: DuckDBConnection,
  ) {}

  static async create(): Promise<ParquetEncoder> {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    return new ParquetEncoder(instance, connection);
  }

  /**
   * Write `rows` (only `columns`) to the local file `target`. Every value is checked
   * against its column before anything is written; a bad value throws a SinkError naming
   * the stream, column and row.
   */
  async writeFile(stream: string, columns: Column[], rows: Row[], target: string, opts: EncodeOptions): Promise<void> {
    await this.load(stream, columns, rows);
    await this.copyTo('SELECT * FROM pipe_batch', target, opts);
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

  /** Load rows into the table `pipe_batch` (replaced on each call). */
  async load(stream: string, columns: Column[], rows: Row[]): Promise<void> {
    const defs = columns.map((c) => `${ident(c.name)} ${SQL_TYPE[c.type]}`).join(', ');
    await this.connection.run(`CREATE OR REPLACE TABLE pipe_batch (${defs})`);
    const appender = await this.connection.createAppender('pipe_batch');
    try {
      const types = columns.map((c) => VECTOR_TYPE[c.type]);
      for (let offset = 0; offset < rows.length; offset += CHUNK_ROWS) {
        const n = Math.min(CHUNK_ROWS, rows.length - offset);
        const chunk = DuckDBDataChunk.create(types, n);
        for (const [ci, column] of columns.entries()) {
          chunk.setColumnValues(ci, convertColumn(stream, column, rows, offset, n));
        }
        appender.appendDataChunk(chunk);
      }
      appender.flushSync();
    } finally {
      appender.closeSync();
    }
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

function convertColumn(stream: string, column: Column, rows: Row[], offset: number, n: number): DuckDBValue[] {
  const convert = TO_VECTOR_VALUE[column.type];
  const out = new Array<DuckDBValue>(n);
  const name = column.name;
  const required = column.nullable === false;
  for (let k = 0; k < n; k++) {
    const v = rows[offset + k]![name];
    if (v === null || v === undefined) {
      if (required) throw badValue(stream, column, offset + k, new ValueError('is null, but the column is not nullable (primary-key columns never are)'));
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
