import type { Batch, PipelineState, Row, RunRecord, SchemaChange, SinkStream, SinkWriter } from '@pipe/sdk';
import { SinkError } from '@pipe/sdk';
import { acceptRows, evolveSchema, mergeRows } from './rows.ts';
import type { MemoryStorage, MemoryStoreData } from './store.ts';

export interface MemorySinkOptions {
  batchSize: number;
  /** Fail the Nth `write` call of this writer (1-based), before it changes anything. */
  failOnBatch?: number;
}

/**
 * The memory sink's writer. Every commit builds a new immutable `MemoryStoreData` and
 * saves it in one step, so rows and state always change together. `replace` streams
 * collect rows aside and swap them in, with their state, at `endStream`.
 */
export class MemorySinkWriter implements SinkWriter {
  readonly batchSize: number;
  private committed: MemoryStoreData;
  private readonly streams = new Map<string, SinkStream>();
  private readonly staged = new Map<string, Row[]>();
  private writes = 0;
  private closed = false;

  constructor(
    private readonly storage: MemoryStorage,
    private readonly options: MemorySinkOptions,
  ) {
    storage.acquire();
    try {
      this.committed = storage.load();
    } catch (e) {
      storage.release();
      throw e;
    }
    this.batchSize = options.batchSize;
  }

  async prepare(streams: SinkStream[]): Promise<SchemaChange[]> {
    this.assertOpen('prepare');
    const changes: SchemaChange[] = [];
    const tables = { ...this.committed.tables };
    for (const stream of streams) {
      const { schema } = stream;
      for (const key of schema.primaryKey) {
        if (!schema.columns.some((c) => c.name === key)) {
          throw new SinkError(`memory sink: stream "${schema.name}" has primary-key column "${key}" that is not among its columns`);
        }
      }
      const existing = tables[schema.name];
      if (!existing) {
        tables[schema.name] = { schema, rows: [] };
        changes.push({ stream: schema.name, kind: 'create' });
      } else {
        const evolved = evolveSchema(existing.schema, schema);
        if (evolved.changes.length > 0) tables[schema.name] = { schema: evolved.schema, rows: existing.rows };
        changes.push(...evolved.changes);
      }
      this.streams.set(schema.name, stream);
      if (stream.mode === 'replace') this.staged.set(schema.name, []);
    }
    if (changes.length > 0) this.commit({ ...this.committed, tables });
    return changes;
  }

  async write(batch: Batch, state: PipelineState): Promise<void> {
    this.assertOpen('write');
    this.writes += 1;
    if (this.options.failOnBatch === this.writes) {
      throw new SinkError(`memory sink: injected failure on write #${this.writes} (fail_on_batch: ${this.options.failOnBatch})`, {
        hint: 'Remove fail_on_batch from the memory sink config.',
      });
    }
    const stream = this.streams.get(batch.stream);
    if (!stream) {
      throw new SinkError(`memory sink: write for stream "${batch.stream}", which was not prepared`, {
        hint: 'The engine must call prepare() with every stream before writing to it.',
      });
    }
    const rows = acceptRows(batch.rows, stream.schema);
    const staged = this.staged.get(batch.stream);
    if (staged) {
      // replace: nothing becomes visible (rows or state) until endStream.
      this.staged.set(batch.stream, [...staged, ...rows]);
      return;
    }
    const table = this.committed.tables[batch.stream]!;
    const merged = stream.mode === 'merge' ? mergeRows(table.rows, rows, stream.schema) : [...table.rows, ...rows];
    this.commit({
      ...this.committed,
      tables: { ...this.committed.tables, [batch.stream]: { ...table, rows: merged } },
      state: withStreamState(this.committed.state, state, batch.stream),
    });
  }

  async endStream(stream: string, state: PipelineState): Promise<void> {
    this.assertOpen('endStream');
    const table = this.committed.tables[stream];
    if (!table) throw new SinkError(`memory sink: endStream for stream "${stream}", which was not prepared`);
    const staged = this.staged.get(stream);
    this.staged.delete(stream);
    this.commit({
      ...this.committed,
      tables: staged ? { ...this.committed.tables, [stream]: { ...table, rows: staged } } : this.committed.tables,
      state: withStreamState(this.committed.state, state, stream),
    });
  }

  async readState(): Promise<PipelineState | undefined> {
    this.assertOpen('readState');
    return this.committed.state === undefined ? undefined : structuredClone(this.committed.state);
  }

  async resetState(streams?: string[]): Promise<void> {
    this.assertOpen('resetState');
    const current = this.committed.state;
    if (!current) return;
    let state: PipelineState | undefined;
    if (streams) {
      const kept = Object.fromEntries(Object.entries(current.streams).filter(([name]) => !streams.includes(name)));
      state = { ...current, streams: kept };
    }
    this.commit({ ...this.committed, state });
  }

  async recordRun(run: RunRecord): Promise<void> {
    this.assertOpen('recordRun');
    const runs = this.committed.runs.filter((r) => r.runId !== run.runId);
    this.commit({ ...this.committed, runs: [...runs, structuredClone(run)] });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.staged.clear(); // an unfinished replace is dropped: the old rows stay.
    this.storage.release();
  }

  private commit(next: MemoryStoreData): void {
    this.storage.save(next);
    this.committed = next;
  }

  private assertOpen(method: string): void {
    if (this.closed) throw new SinkError(`memory sink: ${method}() called after close()`, { hint: 'Open a new writer.' });
  }
}

/**
 * The committed state with only `stream`'s entry taken from `state`: another stream's
 * entry in `state` may describe rows not committed here yet (a replace in progress).
 */
function withStreamState(committed: PipelineState | undefined, state: PipelineState, stream: string): PipelineState {
  const streams = { ...committed?.streams };
  const entry = state.streams[stream];
  if (entry !== undefined) streams[stream] = structuredClone(entry);
  return { version: state.version, pipeline: state.pipeline, streams };
}
