import { type Column, type PipelineState, SinkError, type WriteMode } from '@pipe/sdk';

/** Where the manifest lives, relative to the dataset root. */
export const MANIFEST_PATH = '_pipe/manifest.json';
export const VIEWS_PATH = '_pipe/views.sql';
export const MANIFEST_FORMAT = 'pipe-parquet-manifest';
export const MANIFEST_VERSION = 1;

/** One Parquet file of the dataset. */
export interface ManifestFile {
  /** Relative to the dataset root: `<stream>/[k=v/]part-<run>-<seq>.parquet`. */
  path: string;
  rows: number;
  bytes: number;
  /** Hive partition `{ key: value }` (unescaped), when the stream is partitioned. */
  partition?: Record<string, string>;
}

export interface ManifestStream {
  primaryKey: string[];
  /** Write mode of the last run: the `<stream>` view shows the latest row per key unless it is append. */
  mode: WriteMode;
  /** The stream's columns (old ones kept), each with its latest type. */
  columns: Column[];
  /** Columns at least one file holds (readers fail on a column no file has, so views fill the others with NULL). */
  writtenColumns: string[];
  /** Partition folder key and the column it comes from, if partitioned. */
  partition?: { name: string; column: string; dropsColumn: boolean };
  /** Boolean column marking deleted rows, when the stream has it. */
  deletedColumn?: string;
  files: ManifestFile[];
}

/**
 * The dataset's single source of truth: a file not named here is not part of the dataset
 * (and is removed by the next run). Replaced atomically after the files it names are
 * durable, so rows and the pipeline state always move together.
 */
export interface Manifest {
  format: typeof MANIFEST_FORMAT;
  version: number;
  /** Runs that committed; file names carry the run number, so they sort in write order. */
  run: number;
  streams: Record<string, ManifestStream>;
  state: PipelineState | null;
}

export function emptyManifest(): Manifest {
  return { format: MANIFEST_FORMAT, version: MANIFEST_VERSION, run: 0, streams: {}, state: null };
}

export function parseManifest(text: string, where: string): Manifest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new SinkError(`parquet sink: ${where} is not valid JSON`, { hint: 'Restore it from a backup, or delete the dataset folder to start over.', cause: e });
  }
  const m = value as Partial<Manifest>;
  if (m?.format !== MANIFEST_FORMAT || typeof m.version !== 'number' || typeof m.streams !== 'object') {
    throw new SinkError(`parquet sink: ${where} is not a pipe Parquet manifest`, { hint: 'Point `dir` at a folder used only by this sink.' });
  }
  if (m.version > MANIFEST_VERSION) {
    throw new SinkError(`parquet sink: ${where} has version ${m.version}; this pipe reads up to ${MANIFEST_VERSION}`, { hint: 'Upgrade pipe.' });
  }
  return m as Manifest;
}

/** Stable, human-diffable serialisation. */
export function serializeManifest(m: Manifest): string {
  return `${JSON.stringify(m, null, 2)}\n`;
}

/** `part-00001-000042.parquet`: zero-padded so names sort in write order. */
export function partFileName(run: number, seq: number): string {
  return `part-${String(run).padStart(5, '0')}-${String(seq).padStart(6, '0')}.parquet`;
}
