import type { ParquetConfig } from '../config.ts';
import { LocalStorage } from './local.ts';
import { isS3Url, type Storage } from './storage.ts';

/** The storage behind `dir`: a local folder, or an S3-compatible bucket for s3:// URLs. */
export async function openStorage(config: Pick<ParquetConfig, 'dir' | 's3'>): Promise<Storage> {
  if (isS3Url(config.dir)) {
    const { S3Storage } = await import('./s3.ts');
    return S3Storage.fromUrl(config.dir, config.s3);
  }
  return new LocalStorage(config.dir);
}
