import path from 'node:path';
import { type DuckDBConnection, DuckDBInstance, type DuckDBValue } from '@duckdb/node-api';
import { ident, literal } from '@pipe/duckdb-values';
import { LockedError, Mutex, SinkError, makeDirs } from '@pipe/sdk';
import { NEW_FILE_BLOCK_BYTES, ROW_GROUP_ROWS } from './config.ts';

/** WAL size at which DuckDB checkpoints on its own during a run. */
const CHECKPOINT_THRESHOLD = '1GB';

/** Files this process has open: DuckDB's file lock is per process, so it would not stop a second writer here. */
const openInThisProcess = new Set<string>();

/**
 * One DuckDB database file with one connection. Statements run one at a time, in order
 * (`exclusive`), so a transaction is never interleaved with another caller's statements.
 */
export class Database {
  private readonly statements = new Mutex();
  private closed = false;

  private constructor(
    /** The file's absolute path, or `:memory:`. */
    readonly file: string,
    private readonly instance: DuckDBInstance,
    readonly connection: DuckDBConnection,
  ) {}

  /** Open (or create) the file; a file held by another writer throws `LockedError` naming the file and the holder. */
  static async open(file: string, settings: { memoryLimit?: string; threads?: number } = {}): Promise<Database> {
    const key = file === ':memory:' ? undefined : path.resolve(file);
    if (key && openInThisProcess.has(key)) {
      throw new LockedError(`DuckDB file ${key} is already open for writing in this process (PID ${process.pid})`, {
        hint: 'Close the other writer first: DuckDB allows one writer per file.',
      });
    }
    let instance: DuckDBInstance;
    let connection: DuckDBConnection;
    try {
      // `path: out/warehouse.duckdb` in a fresh clone: create the folder, as a user expects.
      if (key) makeDirs(path.dirname(key));
      ({ instance, connection } = key ? await attachFile(key, settings.threads) : await plainOpen(file, settings.threads));
    } catch (e) {
      throw translateOpenError(file, e);
    }
    if (settings.memoryLimit) {
      try {
        await connection.run(`SET memory_limit = '${settings.memoryLimit.trim().replace(/'/g, "''")}'`);
      } catch (e) {
        connection.closeSync();
        instance.closeSync();
        throw new SinkError(`DuckDB refused memory_limit '${settings.memoryLimit}': ${(e as Error).message}`, {
          hint: "Give a size such as '256MB' or '2GB'.",
          cause: e,
        });
      }
    }
    if (key) {
      openInThisProcess.add(key);
      // Commits stay WAL-only (still durable) instead of checkpointing at DuckDB's default WAL size: a merge
      // touching rows all over a table would otherwise rewrite those row groups at each
      // commit. `close()` folds the WAL into the file once per run.
      await connection.run(`SET checkpoint_threshold = '${CHECKPOINT_THRESHOLD}'`);
    }
    return new Database(key ?? file, instance, connection);
  }

  /** Runs `fn` after every statement queued before it (one connection, statements in order). */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    return this.statements.run(async () => {
      if (this.closed) throw new SinkError(`DuckDB file ${this.file} is already closed`);
      return fn();
    });
  }

  /**
   * COMMIT the open transaction. `checkpoint`: fold it into the file as part of the commit, not
   * through the WAL. DuckDB checkpoints at COMMIT when the WAL would pass `checkpoint_threshold`,
   * and then skips the WAL; lowering the threshold for this one COMMIT makes a commit that a
   * checkpoint follows anyway write its rows once instead of twice (WAL, then file).
   * The caller holds the connection (`exclusive`).
   */
  async commit(opts: { checkpoint: boolean }): Promise<void> {
    if (!opts.checkpoint || this.file === ':memory:') {
      await this.connection.run('COMMIT');
      return;
    }
    await this.connection.run(`SET checkpoint_threshold = '0b'`);
    try {
      await this.connection.run('COMMIT');
    } finally {
      await this.connection.run(`SET checkpoint_threshold = '${CHECKPOINT_THRESHOLD}'`);
    }
  }

  /** `fn` inside BEGIN … COMMIT; any error rolls back and is rethrown. */
  transaction<T>(fn: () => Promise<T>): Promise<T> {
    return this.exclusive(async () => {
      await this.connection.run('BEGIN TRANSACTION');
      try {
        const result = await fn();
        await this.connection.run('COMMIT');
        return result;
      } catch (e) {
        await this.connection.run('ROLLBACK').catch(() => undefined);
        throw e;
      }
    });
  }

  async run(sql: string, params?: DuckDBValue[]): Promise<void> {
    await this.connection.run(sql, params);
  }

  /** Rows as plain JSON-safe objects (BIGINT as string, TIMESTAMPTZ as text). */
  async rows(sql: string, params?: DuckDBValue[]): Promise<Record<string, unknown>[]> {
    const reader = await this.connection.runAndReadAll(sql, params);
    return reader.getRowObjectsJson() as Record<string, unknown>[];
  }

  /** Release the connection and the file lock; safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return;
    // Wait for every queued statement, then refuse new ones.
    await this.statements.run(async () => undefined);
    this.closed = true;
    try {
      // Fold the WAL into the file so readers open a compact database; if this fails the WAL
      // is still there and DuckDB replays it on the next open.
      if (this.file !== ':memory:') await this.connection.run('CHECKPOINT').catch(() => undefined);
      this.connection.closeSync();
    } finally {
      this.instance.closeSync();
      openInThisProcess.delete(this.file);
    }
  }
}

interface Opened {
  instance: DuckDBInstance;
  connection: DuckDBConnection;
}

async function plainOpen(file: string, threads: number | undefined): Promise<Opened> {
  const instance = await DuckDBInstance.create(file, threads ? { threads: String(threads) } : {});
  return { instance, connection: await instance.connect() };
}

/**
 * Open a database file with the sink's storage options: attached to an in-memory instance, as
 * DuckDB takes ROW_GROUP_SIZE only in ATTACH, and made the default database, so the catalog is
 * named after the file exactly as when DuckDB opens it directly.
 */
async function attachFile(file: string, threads: number | undefined): Promise<Opened> {
  // The in-memory database is named "memory": a file named memory.duckdb would collide, and
  // opens as before (DuckDB's default row groups).
  if (path.basename(file).split('.')[0]!.toLowerCase() === 'memory') return plainOpen(file, threads);
  const options: Record<string, string> = { default_block_size: String(NEW_FILE_BLOCK_BYTES) };
  if (threads) options.threads = String(threads);
  const instance = await DuckDBInstance.create(':memory:', options);
  const connection = await instance.connect();
  try {
    await connection.run(`ATTACH ${literal(file)} (ROW_GROUP_SIZE ${ROW_GROUP_ROWS})`);
    const reader = await connection.runAndReadAll('SELECT database_name FROM duckdb_databases() WHERE path = $1', [file]);
    const [row] = reader.getRowObjects();
    if (!row) throw new Error(`DuckDB attached ${file} but does not list it`);
    await connection.run(`USE ${ident(String(row.database_name))}`);
    return { instance, connection };
  } catch (e) {
    connection.closeSync();
    instance.closeSync();
    throw e;
  }
}

/** DuckDB says "Could not set lock on file … Conflicting lock is held in <program> (PID n)": keep that, add what to do. */
function translateOpenError(file: string, e: unknown): Error {
  const message = e instanceof Error ? e.message : String(e);
  const lock = /Could not set lock on file[^:]*: (.*?)(?:\. See also.*)?$/s.exec(message);
  if (lock) {
    const holder = /held in (.+?) \(PID (\d+)\)/.exec(lock[1]!);
    const who = holder ? `${holder[1]} (PID ${holder[2]})` : 'another process';
    return new LockedError(`DuckDB file ${path.resolve(file)} is locked by ${who}: DuckDB allows one writer per file`, {
      hint: `Wait for that process to finish (another pipe run, or a duckdb CLI / BI tool that opened the file read-write), or close it, then run again.`,
      cause: e,
    });
  }
  return new SinkError(`could not open DuckDB file ${file}: ${message}`, {
    hint: 'Check that the folder exists and is writable, and that the file is a DuckDB database.',
    cause: e,
  });
}
