import {
  type Batch,
  type Metrics,
  type PipelineState,
  type Row,
  type RunRecord,
  type SchemaChange,
  SchemaChangeError,
  SinkError,
  type SinkStream,
  type SinkWriter,
  isPipeError,
} from '@pipe/sdk';
import { type AppendPlan, appendChunks, buildChunks, planAppend, rowKeyText } from './append-rows.ts';
import type { Database } from './database.ts';
import { ident } from '@pipe/duckdb-values';
import { DEFAULT_MEMORY_LIMIT_TEXT } from './config.ts';
import { type TableRef, display, qualified } from './table-ref.ts';
import { deleteByKeysSql, lastRowPerKey } from './merge-sql.ts';
import type { MetaTables } from './meta-tables.ts';
import { type ExistingColumns, type TablePlan, createTableSql, planTable } from './table-plan.ts';

export interface WriterOptions {
  /** DuckDB schema holding the tables and pipe's own tables. */
  schema: string;
  /** The database's catalog name (DuckDB: the file stem), so names stay unambiguous. */
  catalog?: string;
  pipeline: string;
  schemaChanges: 'evolve' | 'freeze';
  /** Rows the engine hands over per `write`: the most rows of a stream pipe holds in memory for this sink. */
  batchSize: number;
  /**
   * Rows after which the open transaction commits (with the state of the last write in it).
   * Writes accumulate in one transaction up to this, so DuckDB writes full row groups straight
   * to the file instead of through the WAL, while each `write` stays small (issue 8).
   */
  commitRows: number;
  /** Checkpoint after this many committed rows (unset: only when the file closes). */
  checkpointRows?: number;
  /**
   * A stream's last commit checkpoints when the rows committed since the last checkpoint hold
   * at least this many values (rows × columns): they would be checkpointed when the file closes
   * anyway, and done at the commit they skip the WAL (Database.commit). Smaller ones stay in
   * the WAL until close, as many small checkpoints would cost more than one. Unset: never.
   */
  streamEndCheckpointValues?: number;
  /**
   * Unset when the config sets `memory_limit`. Otherwise DuckDB's limit (`floorMb` at open) is
   * raised to `perColumnMb` per column of the widest table prepared, when that is more.
   */
  memoryLimit?: { floorMb: number; perColumnMb: number };
  /** Per-stream timings for the run summary. */
  metrics?: Metrics;
}

/** A stream after `prepare`: where its rows go and in which column order. */
interface PreparedStream {
  sink: SinkStream;
  table: TableRef;
  /** Final column names in table order (the target's, and the stage's, which matches it). */
  columns: string[];
  /** Replace streams: the per-connection TEMP table collecting the whole stream until endStream swaps it in. */
  stage?: TableRef;
  /** Column types and converters of the table the rows are appended to (the stage's match the target's). */
  append: AppendPlan;
  /** Merge streams: the keys of each write, to delete their older rows before the write appends. */
  keys?: MergeKeys;
}

/**
 * A merge stream's TEMP table of primary keys. A write appends its keys here, deletes the
 * table's rows with those keys, then appends its rows to the table itself: only key columns
 * are staged, not whole rows (issue 8: a 49-column stage of every write, which DuckDB keeps
 * until COMMIT, doubled the sink's memory). Re-created, empty, in each transaction.
 */
interface MergeKeys {
  table: TableRef;
  ddl: string;
  append: AppendPlan;
  /** A row's key as text, from its converted key values (see lastRowPerKey). */
  keyOf: (row: Row) => string;
  /** Whether the open transaction re-created it already. */
  fresh: boolean;
}

/**
 * The DuckDB `SinkWriter`. Writes go into one open transaction, which commits every
 * `commitRows` rows, at the end of a stream and at close, together with the pipeline state of
 * its last write: a crash at any moment leaves the file consistent, and `readState` describes
 * exactly the rows present (those of the last commit).
 */
export class DuckDBWriter implements SinkWriter {
  readonly batchSize: number;
  private readonly streams = new Map<string, PreparedStream>();
  /** Replace streams whose new table is not swapped in yet: their committed state must not move. */
  private readonly pendingReplace = new Set<string>();
  /** Rows and values (rows × columns) committed since the last checkpoint. */
  private sinceCheckpoint = { rows: 0, values: 0 };
  /** The open transaction's uncommitted writes (all streams share the one connection). */
  private pending = { rows: 0, values: 0, streams: new Set<string>() };
  /**
   * The state of the open transaction's last write, stored just before COMMIT: only the last
   * state of a transaction is ever visible, and storing every write's state slowed each write
   * (issue 5; bench/sink-duckdb/load.ts reports the `state+commit` time).
   */
  private pendingState: PipelineState | undefined;
  private inTransaction = false;
  /** DuckDB's memory_limit as this writer last set it (MB), when it sizes it to the tables. */
  private memoryLimitMb: number;
  /**
   * Set when a database error rolled back an open transaction that held other writes: their
   * rows are gone, so no later write may commit a state that claims them.
   */
  private lostWrites: SinkError | undefined;

  constructor(
    private readonly db: Database,
    private readonly meta: MetaTables,
    private readonly opts: WriterOptions,
  ) {
    this.batchSize = opts.batchSize;
    this.memoryLimitMb = opts.memoryLimit?.floorMb ?? 0;
  }

  async prepare(streams: SinkStream[]): Promise<SchemaChange[]> {
    await this.commitIfOpen();
    const plans: { sink: SinkStream; plan: TablePlan }[] = [];
    for (const sink of streams) {
      const table: TableRef = { catalog: this.opts.catalog, schema: this.opts.schema, name: tableNameOf(sink) };
      if (sink.mode === 'merge' && sink.schema.primaryKey.length === 0) {
        throw new SinkError(`stream ${sink.schema.name} has no primary key, so the DuckDB sink cannot merge it into ${display(table)}`, {
          hint: 'Set `write: append` (or `replace`) for this stream, or declare its primary key in the source.',
        });
      }
      const existing = await this.db.exclusive(() => this.existingColumns(table));
      plans.push({ sink, plan: planTable(table, sink.schema, existing) });
    }
    this.refuseFrozenChanges(plans.map((p) => p.plan));

    const changes: SchemaChange[] = [];
    let applying = '';
    try {
      // All tables change together or not at all.
      await this.db.transaction(async () => {
        for (const { sink, plan } of plans) {
          if (plan.create) changes.push({ stream: sink.schema.name, kind: 'create', detail: `table ${display(plan.table)}` });
          changes.push(...plan.changes.map((c) => c.change));
          // A replace stream keeps its old table untouched until endStream swaps the new one in.
          if (sink.mode === 'replace') continue;
          applying = plan.create ? `create table ${display(plan.table)}` : '';
          if (plan.create) await this.db.run(createTableSql(qualified(plan.table), plan.columns));
          for (const c of plan.changes) {
            applying = c.description;
            await this.db.run(c.ddl);
          }
        }
      });
    } catch (e) {
      throw new SinkError(`DuckDB could not apply a schema change (${applying}) in ${this.db.file}: ${(e as Error).message}`, {
        hint: 'Nothing was changed. In DuckDB an index on the table (or another dependent object) can block ALTER TABLE; drop it and run again, or set `schema_changes: freeze` to keep the table as it is.',
        cause: e,
      });
    }

    await this.fitMemoryLimit(Math.max(0, ...plans.map((p) => p.plan.columns.length)));
    for (const { sink, plan } of plans) {
      const columns = plan.columns.map((c) => c.name);
      const stream = sink.schema.name;
      let stage: TableRef | undefined;
      let keys: MergeKeys | undefined;
      if (sink.mode === 'replace') {
        stage = { catalog: 'temp', schema: 'main', name: `_pipe_stage_${plan.table.schema}_${plan.table.name}` };
        const ddl = createTableSql(ident(stage.name), plan.columns, { temp: true, replace: true });
        await this.db.exclusive(() => this.db.run(ddl));
      }
      if (sink.mode === 'merge') {
        const table: TableRef = { catalog: 'temp', schema: 'main', name: `_pipe_keys_${plan.table.schema}_${plan.table.name}` };
        const keyColumns = sink.schema.primaryKey.map((k) => plan.columns.find((c) => c.name === k)!);
        const ddl = createTableSql(ident(table.name), keyColumns, { temp: true, replace: true });
        await this.db.exclusive(() => this.db.run(ddl));
        const append = await this.db.exclusive(() => planAppend(this.db.connection, { table, columns: sink.schema.primaryKey, required: sink.schema.primaryKey, stream }));
        keys = { table, ddl, append, keyOf: rowKeyText(append), fresh: false };
      }
      // A replace stream's table may not exist yet: its rows are typed by the stage, whose columns match.
      const appendTo = sink.mode === 'replace' ? stage! : plan.table;
      const required = sink.mode === 'merge' ? sink.schema.primaryKey : [];
      const append = await this.db.exclusive(() => planAppend(this.db.connection, { table: appendTo, columns, required, stream }));
      if (sink.mode === 'replace') this.pendingReplace.add(stream);
      this.streams.set(stream, { sink, table: plan.table, columns, stage, append, keys });
    }
    return changes;
  }

  /** Raise DuckDB's memory_limit for a table of `columns` columns, unless the config set it (see WriterOptions). */
  private async fitMemoryLimit(columns: number): Promise<void> {
    if (!this.opts.memoryLimit) return;
    const needMb = Math.ceil(columns * this.opts.memoryLimit.perColumnMb);
    if (needMb <= this.memoryLimitMb) return;
    await this.db.exclusive(() => this.db.run(`SET memory_limit = '${needMb}MB'`));
    this.memoryLimitMb = needMb;
  }

  async write(batch: Batch, state: PipelineState): Promise<void> {
    const s = this.prepared(batch.stream);
    this.refuseAfterLostWrites();
    const started = performance.now();
    let mergeMs = 0;
    // Bad values throw here, before the transaction is touched.
    const { chunks, keyChunks } = await this.guard(s, `convert ${batch.rows.length} rows`, async () => {
      if (!s.keys) return { chunks: buildChunks(s.append, batch.rows), keyChunks: undefined };
      // A merge keeps the last row per key of the write (the table's older rows go in the DELETE).
      const rows = lastRowPerKey(batch.rows, s.keys.keyOf);
      return { chunks: buildChunks(s.append, rows), keyChunks: rows.length > 0 ? buildChunks(s.keys.append, rows) : undefined };
    });
    // `duckdb_load_ms` counts converting the rows and appending them.
    const convertMs = performance.now() - started;
    // Converted: let the rows go (SinkWriter's contract) instead of holding them through the
    // append and a merge's DELETE (wide rows: bench/engine/memory.ts, peak RSS).
    const count = batch.rows.length;
    batch.rows.length = 0;
    let loadMs = 0;
    await this.guard(s, `write ${count} rows`, () =>
      this.inOpenTransaction(batch.stream, count, s.columns.length, async () => {
        const t0 = performance.now();
        switch (s.sink.mode) {
          case 'append':
            await appendChunks(this.db.connection, s.table, chunks);
            break;
          case 'merge':
            if (keyChunks) {
              const keys = s.keys!;
              // It holds only this write's keys. A transaction's first write re-creates it (DuckDB
              // keeps deleted rows' storage until the table is dropped); later writes empty it.
              if (keys.fresh) await this.db.run(`DELETE FROM ${qualified(keys.table)}`);
              else await this.db.run(keys.ddl);
              keys.fresh = true;
              await appendChunks(this.db.connection, keys.table, keyChunks);
              await this.db.run(deleteByKeysSql(s.table, keys.table, s.sink.schema.primaryKey));
              mergeMs = performance.now() - t0;
              await appendChunks(this.db.connection, s.table, chunks);
            }
            break;
          case 'replace':
            // Rows wait in the stage; the swap and the stream's state happen in endStream.
            await appendChunks(this.db.connection, s.stage!, chunks);
            break;
        }
        loadMs = performance.now() - t0 - mergeMs;
        // Every write carries the whole pipeline state as of its rows, so whichever write is
        // last in a commit, the committed state describes exactly the committed rows.
        this.pendingState = structuredClone(state);
      }),
    );
    loadMs += convertMs;
    // Where the time goes, per stream, in the run summary: bulk load, merge's DELETE, state + commit.
    const { metrics } = this.opts;
    metrics?.add(batch.stream, 'duckdb_load_ms', Math.round(loadMs));
    if (mergeMs > 0) metrics?.add(batch.stream, 'duckdb_merge_ms', Math.round(mergeMs));
    if (this.pending.rows >= this.opts.commitRows) await this.commit(s);
    metrics?.add(batch.stream, 'duckdb_commit_ms', Math.round(performance.now() - started - loadMs - mergeMs));
  }

  async endStream(stream: string, state: PipelineState): Promise<void> {
    const s = this.prepared(stream);
    this.refuseAfterLostWrites();
    if (s.sink.mode !== 'replace') {
      await this.guard(s, 'commit the stream state', () =>
        this.inOpenTransaction(stream, 0, 0, async () => {
          this.pendingState = structuredClone(state);
        }),
      );
      await this.commit(s, { streamEnd: true });
      return;
    }
    await this.commit(s, { streamEnd: true });
    await this.guard(s, 'swap in the replaced table', async () => {
      this.pendingReplace.delete(stream);
      try {
        // One transaction: readers see the old table or the complete new one, never a half-loaded one.
        await this.db.transaction(async () => {
          await this.db.run(`CREATE OR REPLACE TABLE ${qualified(s.table)} AS SELECT * FROM ${qualified(s.stage!)}`);
          await this.saveState(state);
        });
      } catch (e) {
        this.pendingReplace.add(stream);
        throw e;
      }
      await this.db.exclusive(() => this.db.run(`DROP TABLE IF EXISTS ${qualified(s.stage!)}`));
    });
  }

  async readState(): Promise<PipelineState | undefined> {
    await this.commitIfOpen();
    return this.db.exclusive(() => this.meta.readState(this.opts.pipeline));
  }

  async resetState(streams?: string[]): Promise<void> {
    await this.commitIfOpen();
    return this.db.transaction(async () => {
      if (!streams) return this.meta.deleteState(this.opts.pipeline);
      const stored = await this.meta.readState(this.opts.pipeline);
      if (!stored) return;
      for (const name of streams) delete stored.streams[name];
      await this.meta.writeState(this.opts.pipeline, stored);
    });
  }

  async recordRun(run: RunRecord): Promise<void> {
    await this.commitIfOpen();
    return this.db.transaction(() => this.meta.recordRun(run));
  }

  /** Commits what the open transaction holds (rows with their state, as every write leaves it), then closes. */
  async close(): Promise<void> {
    try {
      await this.commitIfOpen();
    } finally {
      await this.db.close();
    }
  }

  /**
   * Run `fn` alone on the connection inside the open transaction, beginning one if needed.
   * If it fails, the transaction rolls back: when it held earlier writes, their rows are
   * lost with it, and every later write and endStream refuses, so no state can claim them.
   */
  private inOpenTransaction(stream: string, rows: number, columns: number, fn: () => Promise<void>): Promise<void> {
    return this.db.exclusive(async () => {
      if (!this.inTransaction) {
        await this.db.run('BEGIN TRANSACTION');
        this.inTransaction = true;
      }
      try {
        await fn();
      } catch (e) {
        await this.rollback(e);
        throw e;
      }
      this.pending.rows += rows;
      this.pending.values += rows * columns;
      this.pending.streams.add(stream);
    });
  }

  /**
   * Commit the open transaction, if any, then checkpoint once enough rows were committed: one
   * block on the connection, so no write's statements slip in between.
   */
  private commit(s: PreparedStream, opts: { streamEnd?: boolean } = {}): Promise<void> {
    return this.guard(s, `commit ${this.pending.rows} rows`, () =>
      this.db.exclusive(async () => {
        if (!this.inTransaction) return;
        const since = { rows: this.sinceCheckpoint.rows + this.pending.rows, values: this.sinceCheckpoint.values + this.pending.values };
        const checkpoint = this.checkpointDue(since, opts.streamEnd === true);
        const t0 = performance.now();
        try {
          if (this.pendingState) await this.saveState(this.pendingState);
          await this.db.commit({ checkpoint });
        } catch (e) {
          await this.rollback(e);
          throw e;
        }
        this.inTransaction = false;
        this.pending = { rows: 0, values: 0, streams: new Set() };
        this.pendingState = undefined;
        this.keysStale();
        this.sinceCheckpoint = checkpoint ? { rows: 0, values: 0 } : since;
        if (checkpoint) await this.checkpoint(s.sink.schema.name, t0);
      }),
    );
  }

  private async commitIfOpen(): Promise<void> {
    if (!this.inTransaction || this.lostWrites) return;
    const stream = [...this.pending.streams][0];
    if (stream) await this.commit(this.prepared(stream));
  }

  /** Roll back after a failed statement; remember what was lost if other writes were in it. */
  private async rollback(cause: unknown): Promise<void> {
    await this.db.run('ROLLBACK').catch(() => undefined);
    this.inTransaction = false;
    const lost = this.pending;
    this.pending = { rows: 0, values: 0, streams: new Set() };
    this.pendingState = undefined;
    this.keysStale();
    // Every write in the transaction named its stream: none named means nothing else was lost.
    if (lost.streams.size > 0) {
      this.lostWrites = new SinkError(
        `DuckDB failed (${(cause as Error).message}) and rolled back ${lost.rows} rows of ${[...lost.streams].join(', ')} that were written but not committed yet in ${this.db.file}; the sink stops taking writes so that no state claims them`,
        { hint: 'Nothing after the last commit was kept. Fix the cause above, then run again: the run resumes from the last committed state.' },
      );
    }
  }

  /** The next transaction re-creates each merge stream's keys table (dropping the last one's storage). */
  private keysStale(): void {
    for (const s of this.streams.values()) if (s.keys) s.keys.fresh = false;
  }

  private refuseAfterLostWrites(): void {
    if (this.lostWrites) throw this.lostWrites;
  }

  /**
   * Whether the commit about to run should checkpoint; `since`: what the last checkpoint left
   * out, with this commit.
   * DuckDB holds every row committed since the last checkpoint in memory (the WAL only makes
   * it durable), and the automatic checkpoint is raised during a run (database.ts): left
   * alone, memory grows with the account. So checkpoint once `checkpointRows` rows have been
   * committed (issue 8), and at a stream's end once enough values wait for the one at close.
   */
  private checkpointDue(since: { rows: number; values: number }, streamEnd: boolean): boolean {
    const { checkpointRows, streamEndCheckpointValues } = this.opts;
    if (checkpointRows !== undefined && since.rows >= checkpointRows) return true;
    return streamEnd && streamEndCheckpointValues !== undefined && since.values >= streamEndCheckpointValues;
  }

  /**
   * After a commit that checkpointed (Database.commit): make sure it did. DuckDB may decline
   * the automatic checkpoint; the CHECKPOINT then folds the WAL in, and is a no-op otherwise.
   * `duckdb_checkpoint_ms` counts from the COMMIT, which now does the checkpoint's work.
   */
  private async checkpoint(stream: string, commitStarted: number): Promise<void> {
    try {
      // Already alone on the connection (inside commit's block).
      if (this.db.file !== ':memory:') await this.db.run('CHECKPOINT');
    } catch {
      // The batch is committed (the WAL holds it); the next checkpoint, or close(), folds it in.
      this.opts.metrics?.add(stream, 'duckdb_checkpoint_failures', 1);
    }
    this.opts.metrics?.add(stream, 'duckdb_checkpoint_ms', Math.round(performance.now() - commitStarted));
  }

  /**
   * Store `incoming` as the pipeline state, except for replace streams still loading:
   * they keep their committed entry, since their old table is still the visible one.
   */
  private async saveState(incoming: PipelineState): Promise<void> {
    const doc = structuredClone(incoming);
    if (this.pendingReplace.size > 0) {
      const stored = await this.meta.readState(this.opts.pipeline);
      for (const name of this.pendingReplace) {
        const committed = stored?.streams[name];
        if (committed) doc.streams[name] = committed;
        else delete doc.streams[name];
      }
    }
    await this.meta.writeState(this.opts.pipeline, doc);
  }

  private async existingColumns(table: TableRef): Promise<ExistingColumns> {
    const rows = await this.db.rows(
      `SELECT column_name, data_type FROM duckdb_columns()
       WHERE database_name = current_database() AND lower(schema_name) = lower($1) AND lower(table_name) = lower($2)
       ORDER BY column_index`,
      [table.schema, table.name],
    );
    if (rows.length === 0) return undefined;
    return rows.map((r) => ({ name: String(r.column_name), sqlType: String(r.data_type) }));
  }

  private refuseFrozenChanges(plans: TablePlan[]): void {
    if (this.opts.schemaChanges !== 'freeze') return;
    const problems = plans.flatMap((p) => p.changes.map((c) => c.description));
    if (problems.length === 0) return;
    throw new SchemaChangeError(`schema_changes is freeze, but the source schema no longer matches: ${problems.join('; ')}`, {
      hint: 'Set `schema_changes: evolve` on the duckdb sink to apply these changes, or restore the source schema.',
    });
  }

  private prepared(stream: string): PreparedStream {
    const s = this.streams.get(stream);
    if (!s) throw new SinkError(`the DuckDB sink got stream ${stream} before prepare() declared it`);
    return s;
  }

  /** Errors name the table and what failed; errors that already explain themselves pass through. */
  private async guard<T>(s: PreparedStream, what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      if (isPipeError(e)) throw e;
      const message = (e as Error).message;
      throw new SinkError(`DuckDB could not ${what} for ${display(s.table)} (${s.sink.mode}): ${message}`, {
        cause: e,
        hint: outOfMemoryHint(message),
      });
    }
  }
}

/**
 * What to do when DuckDB ran out of its `memory_limit`: DuckDB's own message names the bytes,
 * not the setting that limits them, and suggests SET statements a pipe user cannot run. It says "could not allocate block" for a write and
 * "failed to pin block" for a commit (a wide table's last partial row group, issue 8).
 */
export function outOfMemoryHint(message: string): string | undefined {
  if (!/Out of Memory Error|could not allocate block|failed to pin block/i.test(message)) return undefined;
  return `DuckDB ran out of the sink's \`memory_limit\` (default ${DEFAULT_MEMORY_LIMIT_TEXT}; its need grows with the columns). Raise \`memory_limit\` on the duckdb sink, e.g. '256MB', and run again: the file is consistent and the run resumes from its last commit.`;
}

function tableNameOf(sink: SinkStream): string {
  const table = sink.options.table;
  return typeof table === 'string' && table.length > 0 ? table : sink.schema.name;
}
