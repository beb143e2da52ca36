import type { Column, Row } from '@pipe/sdk';
import type { ParquetConfig } from './config.ts';
import { type ManifestFile, partFileName } from './manifest.ts';
import type { EncodeOptions, ParquetEncoder } from './parquet-encoder.ts';
import { type Partitioning, partitionFolder, partitionValue } from './partition.ts';
import type { Storage } from './storage/storage.ts';

/** How one stream's rows become files: partition folders, rotation, names, metadata. */
export interface StreamLayout {
  stream: string;
  primaryKey: string[];
  /** Columns written to files (a column partitioned by identity lives in folder names only). */
  fileColumns: Column[];
  /** All columns of the stream, for the file metadata readers may use. */
  columns: Column[];
  partitioning: Partitioning | undefined;
}

/** Gives each file of a run its sequence number (names must never repeat within a run). */
export interface FileNamer {
  next(stream: string): { run: number; seq: number };
}

export type LayoutSettings = Pick<ParquetConfig, 'compression' | 'row_group_rows' | 'max_rows_per_file' | 'max_bytes_per_file'>;

/**
 * Split rows by partition (folders in sorted order) and by the rotation limits, write each
 * piece as a Parquet file under a temporary name and publish it. Returns the published
 * files in write order. On failure, files this call already published are removed again.
 * Deterministic: the same rows and history give the same files, byte for byte. Takes `rows`
 * over (SinkWriter's contract) and empties it as its rows are laid out, so they need not
 * outlive the COPY that writes them.
 */
export async function writeStreamFiles(
  layout: StreamLayout,
  rows: Row[],
  history: ManifestFile[],
  settings: LayoutSettings,
  deps: { storage: Storage; encoder: ParquetEncoder; namer: FileNamer },
): Promise<ManifestFile[]> {
  const written: ManifestFile[] = [];
  const opts = encodeOptions(layout, settings);
  try {
    const groups = groupByPartition(layout.partitioning, rows);
    if (layout.partitioning) rows.length = 0; // the partitions' own arrays hold the rows now
    for (const [value, group] of groups) {
      for (let offset = 0; offset < group.length; ) {
        const take = rowsPerFile(settings, [...history, ...written]);
        // A group that fits in one file goes as it is, so the encoder's emptying releases it.
        const piece = offset === 0 && take >= group.length ? group : group.slice(offset, offset + take);
        const count = piece.length;
        offset += count;
        const { run, seq } = deps.namer.next(layout.stream);
        const folder = layout.partitioning && value !== undefined ? `${partitionFolder(layout.partitioning.name, value)}/` : '';
        const relPath = `${layout.stream}/${folder}${partFileName(run, seq)}`;
        const staged = await deps.storage.stagingPath(relPath);
        try {
          await deps.encoder.writeFile(layout.stream, layout.fileColumns, piece, staged, opts);
        } catch (e) {
          await deps.storage.discard(staged).catch(() => undefined);
          throw e;
        }
        const bytes = await deps.storage.publish(staged, relPath);
        written.push({
          path: relPath,
          rows: count,
          bytes,
          ...(layout.partitioning && value !== undefined ? { partition: { [layout.partitioning.name]: value } } : {}),
        });
      }
    }
  } catch (e) {
    await deps.storage.remove(written.map((f) => f.path)).catch(() => undefined);
    throw e;
  }
  return written;
}

export function encodeOptions(layout: StreamLayout, settings: LayoutSettings): EncodeOptions {
  return {
    compression: settings.compression,
    rowGroupRows: settings.row_group_rows,
    metadata: {
      'pipe.stream': layout.stream,
      'pipe.primary_key': JSON.stringify(layout.primaryKey),
      'pipe.columns': JSON.stringify(layout.columns.map((c) => ({ name: c.name, type: c.type }))),
    },
  };
}

/** Rows in each partition, partitions in sorted order (rows keep their order). */
function groupByPartition(p: Partitioning | undefined, rows: Row[]): [string | undefined, Row[]][] {
  if (!p) return [[undefined, rows]];
  const groups = new Map<string, Row[]>();
  for (const row of rows) {
    const v = partitionValue(p, row);
    let g = groups.get(v);
    if (!g) groups.set(v, (g = []));
    g.push(row);
  }
  return [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Rows for the next file: the row limit, tightened by the byte limit at the stream's average row size so far. */
export function rowsPerFile(settings: LayoutSettings, history: ManifestFile[]): number {
  let limit = settings.max_rows_per_file;
  if (settings.max_bytes_per_file > 0) {
    let rows = 0;
    let bytes = 0;
    for (const f of history) {
      rows += f.rows;
      bytes += f.bytes;
    }
    if (rows > 0 && bytes > 0) limit = Math.min(limit, Math.max(1, Math.floor(settings.max_bytes_per_file / (bytes / rows))));
  }
  return limit;
}
