import type { ParquetConfig } from '../config.ts';
import type { Storage } from './storage.ts';

export class S3Storage {
  static fromUrl(_url: string, _settings: ParquetConfig['s3']): Storage {
    throw new Error('s3 storage: not implemented yet');
  }
}
