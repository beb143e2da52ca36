import { defineSink, SDK_VERSION } from '@pipe/sdk';
import { type ParquetConfig, parquetConfig, parquetStreamOptions, resolveConfig } from './config.ts';
import { openStorage } from './storage/open-storage.ts';
import { ParquetSinkWriter } from './writer.ts';
import { compactDataset } from './compact.ts';

export { type ParquetConfig, parquetConfig, parquetStreamOptions, type PartitionSpec, resolveConfig } from './config.ts';
export { type Manifest, type ManifestFile, type ManifestStream, MANIFEST_PATH, VIEWS_PATH } from './manifest.ts';
export { ParquetSinkWriter, readManifest } from './writer.ts';
export { openStorage } from './storage/open-storage.ts';
export type { Storage } from './storage/storage.ts';

/**
 * Writes each stream as a Parquet dataset (`<dir>/<stream>/[k=v/]part-<run>-<seq>.parquet`)
 * with a manifest that commits files and pipeline state together, and DuckDB views that
 * show the latest row per primary key.
 */
export default defineSink({
  name: 'parquet',
  sdkVersion: SDK_VERSION,
  description:
    'Parquet files (zstd, microsecond timestamps, nested lists) on a local folder or S3-compatible storage, committed atomically with the pipeline state through a manifest; DuckDB latest-state views in _pipe/views.sql.',
  config: parquetConfig,
  streamOptions: parquetStreamOptions,
  async open(config, ctx) {
    const resolved = resolveConfig(config as ParquetConfig);
    const storage = await openStorage(resolved);
    return ParquetSinkWriter.open(resolved, storage, ctx.logger);
  },
  compact(config, streams) {
    return compactDataset(resolveConfig(config as ParquetConfig), streams);
  },
});
