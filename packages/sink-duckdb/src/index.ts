import { SDK_VERSION, defineSink } from '@pipe/sdk';
import { catalogCollision, duckdbConfig, duckdbStreamOptions } from './config.ts';

export { duckdbConfig, duckdbStreamOptions, type DuckDBConfig, type DuckDBStreamOptions } from './config.ts';
export type { DuckDBWriter } from './writer.ts';

/**
 * DuckDB: pipe's embedded default warehouse. Loads every stream into a table of one
 * DuckDB file with the Appender, merges on the primary key through a staging table, and
 * commits the rows together with the pipeline state.
 */
export default defineSink({
  name: 'duckdb',
  sdkVersion: SDK_VERSION,
  description:
    'Loads streams into a DuckDB database file: merge (upsert on the primary key), append or replace per stream, with the pipeline state committed in the same transaction as the rows.',
  config: duckdbConfig,
  streamOptions: duckdbStreamOptions,
  warnings: (config, ctx) => catalogCollision(config, ctx.pipeline),
  async open(config, ctx) {
    return (await import('./open.ts')).openDuckDBSink(config, ctx);
  },
});
