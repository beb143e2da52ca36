import type { PipelineState, RunRecord } from '@pipe/sdk';
import type { Database } from './database.ts';
import { ident } from '@pipe/duckdb-values';

/**
 * pipe's own tables, next to the data they describe (same schema, same file):
 * - `_pipe_state`: one row per pipeline, the whole `PipelineState` as JSON. It is written
 *   in the same transaction as the rows it describes, so after a crash it says exactly
 *   what is in the tables.
 * - `_pipe_loads`: one row per run (id, pipeline, started, finished, status, rows per stream).
 * No PRIMARY KEY: rows are replaced with DELETE + INSERT, which DuckDB handles in one
 * transaction without index conflicts.
 */
export class MetaTables {
  readonly state: string;
  readonly loads: string;

  constructor(
    private readonly db: Database,
    schema: string,
    catalog?: string,
  ) {
    const prefix = `${catalog ? `${ident(catalog)}.` : ''}${ident(schema)}`;
    this.state = `${prefix}.${ident('_pipe_state')}`;
    this.loads = `${prefix}.${ident('_pipe_loads')}`;
  }

  /** Idempotent; call outside a transaction or inside one. */
  async create(): Promise<void> {
    await this.db.run(
      `CREATE TABLE IF NOT EXISTS ${this.state} (pipeline VARCHAR NOT NULL, state JSON NOT NULL, updated_at TIMESTAMPTZ NOT NULL)`,
    );
    await this.db.run(
      `CREATE TABLE IF NOT EXISTS ${this.loads} (run_id VARCHAR NOT NULL, pipeline VARCHAR NOT NULL, started_at TIMESTAMPTZ NOT NULL, finished_at TIMESTAMPTZ, status VARCHAR NOT NULL, rows JSON NOT NULL)`,
    );
  }

  async readState(pipeline: string): Promise<PipelineState | undefined> {
    const rows = await this.db.rows(`SELECT state::VARCHAR AS state FROM ${this.state} WHERE pipeline = $1`, [pipeline]);
    const text = rows[0]?.state;
    return typeof text === 'string' ? (JSON.parse(text) as PipelineState) : undefined;
  }

  /** Replace the pipeline's state row; call inside the transaction that writes the rows. */
  async writeState(pipeline: string, state: PipelineState): Promise<void> {
    await this.db.run(`DELETE FROM ${this.state} WHERE pipeline = $1`, [pipeline]);
    await this.db.run(`INSERT INTO ${this.state} VALUES ($1, $2::JSON, now())`, [pipeline, JSON.stringify(state)]);
  }

  async deleteState(pipeline: string): Promise<void> {
    await this.db.run(`DELETE FROM ${this.state} WHERE pipeline = $1`, [pipeline]);
  }

  /** Insert or update the run's row (called at the start and the end of each run). */
  async recordRun(run: RunRecord): Promise<void> {
    await this.db.run(`DELETE FROM ${this.loads} WHERE run_id = $1`, [run.runId]);
    await this.db.run(`INSERT INTO ${this.loads} VALUES ($1, $2, $3::TIMESTAMPTZ, $4::TIMESTAMPTZ, $5, $6::JSON)`, [
      run.runId,
      run.pipeline,
      run.startedAt,
      run.finishedAt ?? null,
      run.status,
      JSON.stringify(run.rows),
    ]);
  }
}
