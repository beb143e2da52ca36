import type { Manifest } from './manifest.ts';
import type { Storage } from './storage/storage.ts';

/** Files this sink creates: data parts and temporary names (a dot name ending in .tmp). */
const OURS = /(^|\/)(part-\d+-\d+\.parquet|\.[^/]+\.tmp)$/;

/**
 * Remove what an interrupted run left behind: files in the streams' folders (and `_pipe/`)
 * that the manifest does not name. Only names this sink creates are touched, so anything
 * else a person put in the folder stays.
 */
export async function removeStrayFiles(storage: Storage, manifest: Manifest, streams: string[]): Promise<string[]> {
  const known = new Set(Object.values(manifest.streams).flatMap((s) => s.files.map((f) => f.path)));
  const stray: string[] = [];
  for (const prefix of [...streams.map((s) => `${s}/`), '_pipe/']) {
    for (const file of await storage.list(prefix)) {
      if (OURS.test(file) && !known.has(file)) stray.push(file);
    }
  }
  await storage.remove(stray);
  return stray;
}
