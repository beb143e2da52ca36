import { defineSink, SDK_VERSION } from '@pipe/sdk';
import { type ParquetConfig, parquetConfig, parquetStreamOptions, resolveConfig } from './config.ts';

export { type ParquetConfig, parquetConfig, parquetStreamOptions, type PartitionSpec, resolveConfig } from './config.ts';
export { type Manifest, type ManifestFile, type ManifestStream, MANIFEST_PATH, VIEWS_PATH } from './manifest.ts';
export type { ParquetSinkWriter } from './writer.ts';
export type { Storage } from './storage/storage.ts';

// The writer, the storage and compaction load DuckDB (and the S3 client): only when a sink opens,
// so `pipe validate` and `pipe plan` never load them.
const runtime = () => import('./runtime.ts');

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
    const { ParquetSinkWriter, openStorage } = await runtime();
    const resolved = resolveConfig(config as ParquetConfig);
    return ParquetSinkWriter.open(resolved, await openStorage(resolved), ctx.logger);
  },
  async compact(config, streams) {
    return (await runtime()).compactDataset(resolveConfig(config as ParquetConfig), streams);
  },
});
