import { ValueError } from '@pipe/duckdb-values';
import {
  type Batch,
  type Logger,
  type PipelineState,
  type SchemaChange,
  SinkError,
  type SinkStream,
  type SinkWriter,
  type WriteMode,
} from '@pipe/sdk';
import type { ParquetConfig, PartitionSpec } from './config.ts';
import { type FileNamer, type StreamLayout, writeStreamFiles } from './file-layout.ts';
import { emptyManifest, MANIFEST_PATH, type Manifest, type ManifestFile, type ManifestStream, parseManifest, serializeManifest, VIEWS_PATH } from './manifest.ts';
import { ParquetEncoder } from './parquet-encoder.ts';
import { resolvePartitioning } from './partition.ts';
import { evolveColumns } from './schema-evolution.ts';
import { removeStrayFiles } from './stray-files.ts';
import { isS3Url, type Storage } from './storage/storage.ts';
import { renderViews } from './views.ts';

interface PreparedStream {
  layout: StreamLayout;
  mode: WriteMode;
  /** replace: files of the new snapshot, published but not in the manifest until endStream. */
  pending: ManifestFile[];
}

/** Rows per write the engine rebatches to: big enough for few, well-compressed files. */
const DEFAULT_BATCH_ROWS = 100_000;

/**
 * The Parquet sink's writer. Every write publishes its files (temporary name, fsync,
 * rename — or a complete upload), then replaces `_pipe/manifest.json`, which names the
 * files and holds the pipeline state: rows and state become visible in one step.
 */
export class ParquetSinkWriter implements SinkWriter {
  readonly batchSize: number;
  private readonly streams = new Map<string, PreparedStream>();
  private readonly seqs = new Map<string, number>();
  private cleaned = false;
  private closed = false;
  /** This writer's run number: one more than the last run that committed. */
  private readonly run: number;

  private constructor(
    private readonly config: ParquetConfig,
    private readonly storage: Storage,
    private readonly encoder: ParquetEncoder,
    private manifest: Manifest,
    private readonly logger: Logger,
  ) {
    this.batchSize = Math.min(config.max_rows_per_file, DEFAULT_BATCH_ROWS);
    this.run = manifest.run + 1;
  }

  /** Take the dataset lock and read the manifest. */
  static async open(config: ParquetConfig, storage: Storage, logger: Logger): Promise<ParquetSinkWriter> {
    await storage.lock();
    try {
      const manifest = await readManifest(storage);
      const encoder = await ParquetEncoder.create({ threads: 1 });
      return new ParquetSinkWriter(config, storage, encoder, manifest, logger);
    } catch (e) {
      await storage.unlock().catch(() => undefined);
      throw e;
    }
  }

  async readState(): Promise<PipelineState | undefined> {
    return this.manifest.state ? structuredClone(this.manifest.state) : undefined;
  }

  async prepare(streams: SinkStream[]): Promise<SchemaChange[]> {
    if (!this.cleaned) {
      const names = new Set([...Object.keys(this.manifest.streams), ...streams.map((s) => s.schema.name)]);
      const removed = await removeStrayFiles(this.storage, this.manifest, [...names]);
      if (removed.length) this.logger.info(`removed ${removed.length} file(s) left by an interrupted run`, { files: removed.slice(0, 5) });
      this.cleaned = true;
    }
    const changes: SchemaChange[] = [];
    const next = structuredClone(this.manifest);
    for (const s of streams) {
      const name = s.schema.name;
      if (name === '' || name.includes('/') || name.includes('\\') || name === '_pipe' || name.startsWith('.')) {
        throw new SinkError(`parquet sink: stream name "${name}" cannot be a folder name`, { hint: 'Rename the stream (no slashes, not _pipe, no leading dot).' });
      }
      const old = next.streams[name];
      const evolved = evolveColumns(s.schema, old?.columns, this.config.schema_changes);
      const spec = (s.options.partition_by === undefined ? this.config.partition_by : s.options.partition_by) as PartitionSpec | null;
      let partitioning: StreamLayout['partitioning'];
      try {
        partitioning = resolvePartitioning(name, spec, s.schema.columns);
      } catch (e) {
        throw e instanceof ValueError ? new SinkError(e.message, { hint: 'Fix partition_by in the pipeline file.' }) : e;
      }
      const deleted = s.schema.columns.find((c) => c.name === this.config.deleted_column && c.type === 'boolean');
      const entry: ManifestStream = {
        primaryKey: [...s.schema.primaryKey],
        mode: s.mode,
        columns: evolved.columns,
        writtenColumns: old?.writtenColumns ?? [],
        ...(partitioning ? { partition: { name: partitioning.name, column: partitioning.column.name, dropsColumn: partitioning.dropsColumn } } : {}),
        ...(deleted ? { deletedColumn: deleted.name } : {}),
        files: old?.files ?? [],
      };
      next.streams[name] = entry;
      changes.push(...evolved.changes);
      const keyed = new Set(s.schema.primaryKey);
      const columns = s.schema.columns.map((c) => (keyed.has(c.name) ? { ...c, nullable: false } : c));
      this.streams.set(name, {
        mode: s.mode,
        pending: this.streams.get(name)?.pending ?? [],
        layout: {
          stream: name,
          primaryKey: entry.primaryKey,
          columns,
          fileColumns: partitioning?.dropsColumn ? columns.filter((c) => c.name !== partitioning.column.name) : columns,
          partitioning,
        },
      });
    }
    if (serializeManifest(next) !== serializeManifest(this.manifest)) await this.commit(next);
    return changes;
  }

  async write(batch: Batch, state: PipelineState): Promise<void> {
    const stream = this.prepared(batch.stream);
    const entry = this.manifest.streams[batch.stream]!;
    const history = stream.mode === 'replace' ? stream.pending : entry.files;
    let files: ManifestFile[] = [];
    if (batch.rows.length > 0) {
      try {
        files = await writeStreamFiles(stream.layout, batch.rows, history, this.config, { storage: this.storage, encoder: this.encoder, namer: this.namer });
      } catch (e) {
        throw e instanceof ValueError ? new SinkError(`parquet sink: stream "${batch.stream}": ${e.message}`, { cause: e }) : e;
      }
    }
    if (stream.mode === 'replace') {
      // The new snapshot stays invisible (and its state uncommitted) until endStream switches to it.
      stream.pending.push(...files);
      return;
    }
    const next = structuredClone(this.manifest);
    const target = next.streams[batch.stream]!;
    target.files.push(...files);
    if (files.length) target.writtenColumns = union(target.writtenColumns, stream.layout.fileColumns.map((c) => c.name));
    next.state = withStreamState(next.state, state, batch.stream);
    // If the manifest write fails, the new files are left alone: a failed PUT may still have
    // landed, and files the manifest does not name are removed by the next run anyway.
    await this.commit(next);
  }

  async endStream(name: string, state: PipelineState): Promise<void> {
    const stream = this.prepared(name);
    const next = structuredClone(this.manifest);
    const target = next.streams[name]!;
    next.state = withStreamState(next.state, state, name);
    let retired: ManifestFile[] = [];
    if (stream.mode === 'replace') {
      retired = target.files;
      target.files = stream.pending;
      target.writtenColumns = stream.pending.length ? stream.layout.fileColumns.map((c) => c.name) : [];
      stream.pending = [];
    }
    if (serializeManifest(next) !== serializeManifest(this.manifest)) await this.commit(next);
    // The old snapshot is no longer part of the dataset; if this fails the next run removes it.
    await this.storage.remove(retired.map((f) => f.path)).catch((e) => this.logger.warn(`could not remove replaced files: ${String(e)}`));
  }

  async resetState(streams?: string[]): Promise<void> {
    const next = structuredClone(this.manifest);
    if (!next.state) return;
    if (!streams) next.state.streams = {};
    else for (const s of streams) delete next.state.streams[s];
    await this.commit(next);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      // A replace that never reached endStream: its files were never part of the dataset.
      const abandoned = [...this.streams.values()].flatMap((s) => s.pending);
      await this.storage.remove(abandoned.map((f) => f.path)).catch(() => undefined);
      this.encoder.close();
    } finally {
      await this.storage.unlock();
    }
  }

  private readonly namer: FileNamer = {
    next: (stream) => {
      const seq = this.seqs.get(stream) ?? 0;
      this.seqs.set(stream, seq + 1);
      return { run: this.run, seq };
    },
  };

  private prepared(name: string): PreparedStream {
    const s = this.streams.get(name);
    if (!s) throw new SinkError(`parquet sink: stream "${name}" was written before prepare() named it`, { hint: 'This is a bug in the engine or the test calling the sink.' });
    return s;
  }

  /**
   * Replace the manifest (the commit point), then the views that read it. Once the
   * manifest is written the commit stands: a failure to write the views (derived, rewritten
   * by every commit) is only a warning, so callers never undo files a manifest names.
   */
  private async commit(next: Manifest): Promise<void> {
    next.run = this.run;
    await this.storage.writeTextAtomic(MANIFEST_PATH, serializeManifest(next));
    this.manifest = next;
    try {
      await this.storage.writeTextAtomic(VIEWS_PATH, renderViews(next, (p) => this.storage.readerPath(p), { onS3: isS3Url(this.storage.root) }));
    } catch (e) {
      this.logger.warn(`could not write ${VIEWS_PATH} (the next commit rewrites it): ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}

export async function readManifest(storage: Storage): Promise<Manifest> {
  const text = await storage.readText(MANIFEST_PATH);
  return text === undefined ? emptyManifest() : parseManifest(text, `${storage.root}/${MANIFEST_PATH}`);
}

/** The committed state with only `stream`'s entry taken from `state`: other streams' entries move with their own data. */
function withStreamState(committed: PipelineState | null, state: PipelineState, stream: string): PipelineState {
  const streams = { ...(committed?.streams ?? {}) };
  const entry = state.streams[stream];
  if (entry) streams[stream] = entry;
  return { ...state, streams };
}

function union(a: string[], b: string[]): string[] {
  return [...a, ...b.filter((x) => !a.includes(x))];
}
