import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { ConfigError, LockedError, PipeError } from '@pipe/sdk';
import { isMemoryPath, literal } from '@pipe/duckdb-values';

/**
 * The DuckDB the queries run in: the configured file opened read-only (the source never
 * changes it), or an in-memory database for queries over files. Each read gets its own
 * connection, so streams can be read side by side.
 */
export class QueryDatabase {
  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly baseDir: string,
    readonly label: string,
  ) {}

  static async open(file: string | undefined, baseDir: string): Promise<QueryDatabase> {
    const inMemory = file === undefined || isMemoryPath(file);
    const label = inMemory ? 'in-memory DuckDB' : `DuckDB file ${file}`;
    try {
      const instance = inMemory ? await DuckDBInstance.create(':memory:') : await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
      return new QueryDatabase(instance, baseDir, label);
    } catch (e) {
      throw translateOpenError(file ?? ':memory:', e);
    }
  }

  /** A fresh connection: UTC session time zone (stable text for timestamps) and file paths relative to the pipeline. */
  async connect(): Promise<DuckDBConnection> {
    const c = await this.instance.connect();
    await c.run(`SET TimeZone = 'UTC'`);
    await c.run(`SET file_search_path = ${literal(this.baseDir)}`);
    return c;
  }

  close(): void {
    this.instance.closeSync();
  }
}

function translateOpenError(file: string, e: unknown): PipeError {
  const message = e instanceof Error ? e.message : String(e);
  if (/Could not set lock on file/i.test(message)) {
    return new LockedError(`source.duckdb: ${file} is open for writing in another process, so it cannot be opened read-only: ${message}`, {
      hint: 'Wait for the writer (another pipe run, or a duckdb CLI) to finish, or query a copy of the file.',
      cause: e,
    });
  }
  return new ConfigError(`source.duckdb.path: could not open ${file}: ${message}`, {
    hint: 'Check that the file exists and is a DuckDB database (the source opens it read-only and never creates it).',
    cause: e,
  });
}

/** A query's DuckDB error, with the stream it belongs to and what to do. */
export function queryError(stream: string, e: unknown): PipeError {
  if (e instanceof PipeError) return e;
  const message = e instanceof Error ? e.message : String(e);
  return new ConfigError(`source.duckdb.queries.${stream}.sql: DuckDB could not run the query: ${message}`, {
    hint: 'Run the query in the duckdb CLI against the same file to fix it; relative file paths resolve against the pipeline file.',
    cause: e,
  });
}
