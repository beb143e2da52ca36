import type { Row } from '@pipe/sdk';
import { resolveConfig } from '../../src/config.ts';
import { MANIFEST_PATH, type Manifest, parseManifest } from '../../src/manifest.ts';
import { openStorage } from '../../src/storage/open-storage.ts';
import { renderViews } from '../../src/views.ts';
import { query } from './query.ts';

const S3_SETTINGS = { region: '', endpoint: '', force_path_style: true };

/** The manifest of the dataset at `dir` (local folder or s3:// URL), if any. */
export async function readManifestAt(dir: string): Promise<Manifest | undefined> {
  const storage = await openStorage(resolveConfig({ dir, s3: S3_SETTINGS }));
  try {
    const text = await storage.readText(MANIFEST_PATH);
    return text === undefined ? undefined : parseManifest(text, dir);
  } finally {
    await storage.unlock();
  }
}

/** Every file of the dataset (relative paths), wherever it lives. */
export async function listDataset(dir: string): Promise<string[]> {
  const storage = await openStorage(resolveConfig({ dir, s3: S3_SETTINGS }));
  try {
    return (await storage.list('')).filter((f) => f !== '_pipe/lock');
  } finally {
    await storage.unlock();
  }
}

/**
 * Run `sql` against the dataset's generated views, with every file the manifest names
 * fetched to a local copy first (DuckDB cannot load httpfs offline, so s3:// paths are
 * mapped to the copies).
 */
export async function queryDataset(dir: string, sql: string): Promise<Row[]> {
  const storage = await openStorage(resolveConfig({ dir, s3: S3_SETTINGS }));
  const copies: { path: string; release(): Promise<void> }[] = [];
  try {
    const text = await storage.readText(MANIFEST_PATH);
    if (text === undefined) throw new Error(`no manifest at ${dir}`);
    const manifest = parseManifest(text, dir);
    const local = new Map<string, string>();
    for (const s of Object.values(manifest.streams)) {
      for (const f of s.files) {
        const copy = await storage.localCopy(f.path);
        copies.push(copy);
        local.set(f.path, copy.path);
      }
    }
    return await query(`${renderViews(manifest, (p) => local.get(p)!)}\n${sql}`);
  } finally {
    for (const c of copies) await c.release();
    await storage.unlock();
  }
}

/** Rows of the `<stream>` view; [] when the stream was never written. */
export async function readStreamRows(dir: string, stream: string): Promise<Row[]> {
  const manifest = await readManifestAt(dir);
  if (!manifest?.streams[stream]) return [];
  return queryDataset(dir, `SELECT * FROM "${stream}"`);
}
