import { ident, literal } from '@pipe/duckdb-values';
import { type CompactResult, ConfigError, didYouMean } from '@pipe/sdk';
import type { ParquetConfig } from './config.ts';
import { encodeOptions, rowsPerFile, type StreamLayout } from './file-layout.ts';
import { MANIFEST_PATH, type Manifest, type ManifestFile, partFileName, serializeManifest, VIEWS_PATH } from './manifest.ts';
import { ParquetEncoder } from './parquet-encoder.ts';
import { NULL_PARTITION, partitionFolder } from './partition.ts';
import { openStorage } from './storage/open-storage.ts';
import { isS3Url, type Storage } from './storage/storage.ts';
import { historySelect, renderViews } from './views.ts';
import { readManifest } from './writer.ts';

/**
 * The sink's `compact` capability (`pipe compact`): rewrite each of `streams` (default:
 * every stream of the dataset) to one row per primary key (the latest; deleted rows
 * dropped), keeping its partitioning, then switch the manifest to the new files in one step
 * and remove the old ones. A stream without a primary key is rewritten into fewer, larger
 * files with every row kept. Holds the dataset lock, the one a run's writer takes, for the
 * whole call, and reads the manifest under it; the committed pipeline state is kept as is.
 */
export async function compactDataset(config: ParquetConfig, streams?: string[]): Promise<CompactResult[]> {
  const storage = await openStorage(config);
  await storage.lock();
  try {
    let manifest = await readManifest(storage);
    const held = Object.keys(manifest.streams).sort();
    const unknown = (streams ?? []).filter((s) => !manifest.streams[s]);
    if (unknown.length) {
      // A stream name the user typed (`pipe compact --stream`): a usage error.
      throw new ConfigError(`parquet sink: ${config.dir} has no stream ${unknown.map((s) => `"${s}"${didYouMean(s, held)}`).join(', ')}`, {
        hint: `Streams in this dataset: ${held.join(', ') || '(none)'}.`,
      });
    }
    const results: CompactResult[] = [];
    const encoder = await ParquetEncoder.create();
    try {
      for (const stream of streams ?? held) {
        const done = await compactStream(storage, encoder, manifest, stream, config);
        manifest = done.manifest;
        results.push(done.result);
      }
    } finally {
      encoder.close();
    }
    return results;
  } finally {
    await storage.unlock();
  }
}

/** Compact one stream; the caller holds the lock. Returns the manifest now committed. */
async function compactStream(
  storage: Storage,
  encoder: ParquetEncoder,
  manifest: Manifest,
  stream: string,
  config: ParquetConfig,
): Promise<{ manifest: Manifest; result: CompactResult }> {
  const entry = manifest.streams[stream]!;
  const copies: { path: string; release(): Promise<void> }[] = [];
  try {
    const localPaths = new Map<string, string>();
    for (const f of entry.files) {
      const copy = await storage.localCopy(f.path);
      copies.push(copy);
      localPaths.set(f.path, copy.path);
    }
    const rowsBefore = entry.files.reduce((n, f) => n + f.rows, 0);
    const history = historySelect(entry, (p) => localPaths.get(p)!);
    const deleted = entry.deletedColumn ? `NOT coalesce(${ident(entry.deletedColumn)}, false)` : 'true';
    const latest = entry.primaryKey.length
      ? `QUALIFY row_number() OVER (PARTITION BY ${entry.primaryKey.map(ident).join(', ')} ORDER BY _pipe_file DESC, _pipe_row DESC) = 1 AND ${deleted}`
      : '';
    const part = entry.partition ? '_pipe_part' : 'NULL::VARCHAR';
    await encoder.connection.run('DROP TABLE IF EXISTS compacted');
    // Survivors keep their write order, so the rewrite is deterministic.
    await encoder.connection.run(
      `CREATE TABLE compacted AS SELECT *, ${part} AS _pipe_group, row_number() OVER (ORDER BY _pipe_file, _pipe_row) AS _pipe_n FROM (${history}) ${latest}`,
    );
    const groups = await encoder.connection.runAndReadAll(
      'SELECT _pipe_group, count(*)::BIGINT AS n FROM compacted GROUP BY _pipe_group ORDER BY _pipe_group NULLS FIRST',
    );
    const fileColumns = entry.columns.filter((c) => !(entry.partition?.dropsColumn && c.name === entry.partition.column));
    const layout: StreamLayout = { stream, primaryKey: entry.primaryKey, columns: entry.columns, fileColumns, partitioning: undefined };
    const opts = encodeOptions(layout, config);
    const run = manifest.run + 1;
    const files: ManifestFile[] = [];
    let seq = 0;
    for (const [group, count] of groups.getRows() as [string | null, bigint][]) {
      const total = Number(count);
      for (let offset = 0; offset < total; ) {
        const take = Math.min(total - offset, rowsPerFile(config, entry.files));
        // DuckDB may read the Hive NULL folder back as NULL: it goes back to that folder.
        const value = entry.partition ? (group ?? NULL_PARTITION) : undefined;
        const folder = entry.partition && value !== undefined ? `${partitionFolder(entry.partition.name, value)}/` : '';
        const relPath = `${stream}/${folder}${partFileName(run, seq++)}`;
        const staged = await storage.stagingPath(relPath);
        const where = group === null ? '_pipe_group IS NULL' : `_pipe_group = ${literal(group)}`;
        const select = `SELECT ${fileColumns.map((c) => ident(c.name)).join(', ')} FROM compacted WHERE ${where} ORDER BY _pipe_n LIMIT ${take} OFFSET ${offset}`;
        await encoder.copyTo(select, staged, opts);
        const bytes = await storage.publish(staged, relPath);
        files.push({ path: relPath, rows: take, bytes, ...(entry.partition && value !== undefined ? { partition: { [entry.partition.name]: value } } : {}) });
        offset += take;
      }
    }
    const next = structuredClone(manifest);
    next.run = run;
    const target = next.streams[stream]!;
    const retired = target.files;
    target.files = files;
    target.writtenColumns = files.length ? fileColumns.map((c) => c.name) : [];
    await storage.writeTextAtomic(MANIFEST_PATH, serializeManifest(next));
    await storage.writeTextAtomic(VIEWS_PATH, renderViews(next, (p) => storage.readerPath(p), { onS3: isS3Url(storage.root) }));
    await storage.remove(retired.map((f) => f.path));
    const result = { stream, rowsBefore, rowsAfter: files.reduce((n, f) => n + f.rows, 0), filesBefore: retired.length, filesAfter: files.length };
    return { manifest: next, result };
  } finally {
    for (const c of copies) await c.release().catch(() => undefined);
  }
}
