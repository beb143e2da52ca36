/** What the Parquet sink loads when it opens (index.ts imports this lazily): DuckDB, storage, compaction. */
export { compactDataset } from './compact.ts';
export { openStorage } from './storage/open-storage.ts';
export { ParquetSinkWriter, readManifest } from './writer.ts';
