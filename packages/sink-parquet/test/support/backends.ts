import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { resolveConfig } from '../../src/config.ts';
import { openStorage } from '../../src/storage/open-storage.ts';
import type { Storage } from '../../src/storage/storage.ts';
import { tempDir } from '../helpers.ts';
import { TEST_BUCKET } from './s3-server.ts';

/** Where a test dataset lives; every dataset test runs on both. */
export interface Backend {
  name: 'local' | 's3';
  newDir(): string;
}

export const LOCAL: Backend = { name: 'local', newDir: () => path.join(tempDir(), 'dataset') };
export const S3: Backend = { name: 's3', newDir: () => `s3://${TEST_BUCKET}/${randomUUID()}` };

export const S3_SETTINGS = { region: '', endpoint: '', force_path_style: true };

/** Storage handle for test set-up (planting stray files, reading bytes). */
export async function withStorage<T>(dir: string, fn: (s: Storage) => Promise<T>): Promise<T> {
  const storage = await openStorage(resolveConfig({ dir, s3: S3_SETTINGS }));
  try {
    return await fn(storage);
  } finally {
    await storage.unlock();
  }
}
