/**
 * @pipe/source-duckdb — streams that are SQL queries over a DuckDB file (or Parquet/CSV files
 * through DuckDB), read in full or incrementally on a (cursor, primary key) keyset.
 */
import { type PluginContext, SDK_VERSION, type SourceConnection, defineSource } from '@pipe/sdk';
import { type DuckDBSourceConfig, duckdbSourceConfig } from './config.ts';

export { duckdbSourceConfig, type DuckDBSourceConfig, type QueryConfig } from './config.ts';
export type { QueryCheckpoint } from './read.ts';

/** Opens the source; the connection module (and DuckDB) load on the first call. */
export async function openDuckDBSource(config: DuckDBSourceConfig, ctx: PluginContext): Promise<SourceConnection> {
  return (await import('./connection.ts')).openDuckDBSource(config, ctx);
}

export default defineSource({
  name: 'duckdb',
  sdkVersion: SDK_VERSION,
  description: 'SQL queries over a DuckDB file (or Parquet, CSV and JSON files through DuckDB) as streams, read in full or incrementally on a cursor column.',
  config: duckdbSourceConfig,
  open: (config, ctx) => openDuckDBSource(config, ctx),
});
