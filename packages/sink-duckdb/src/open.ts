/**
 * Opening the DuckDB sink: the database file, the schema and the meta tables. Loaded on the
 * first `open` only (index.ts), so commands that never open a sink (`pipe validate`, `pipe plan`)
 * do not load DuckDB's native library.
 */
import { ident, resolveDatabasePath } from '@pipe/duckdb-values';
import type { PluginContext } from '@pipe/sdk';
import { CHECKPOINT_ROWS, STREAM_END_CHECKPOINT_VALUES, DEFAULT_BATCH_SIZE, DUCKDB_THREADS, DEFAULT_COMMIT_ROWS, DEFAULT_MEMORY_LIMIT, DEFAULT_MEMORY_LIMIT_MB, MEMORY_LIMIT_MB_PER_COLUMN, type DuckDBConfig } from './config.ts';
import { Database } from './database.ts';
import { MetaTables } from './meta-tables.ts';
import { DuckDBWriter } from './writer.ts';

export async function openDuckDBSink(config: DuckDBConfig, ctx: PluginContext): Promise<DuckDBWriter> {
  const schema = config.schema ?? ctx.pipeline;
  const db = await Database.open(resolveDatabasePath(config.path), { memoryLimit: config.memory_limit ?? DEFAULT_MEMORY_LIMIT, threads: DUCKDB_THREADS });
  try {
    // Names are catalog-qualified: DuckDB names the catalog after the file, so a file
    // hubspot.duckdb with schema hubspot makes `hubspot.contacts` ambiguous otherwise.
    const [{ name: catalog }] = (await db.rows('SELECT current_database() AS name')) as [{ name: string }];
    const meta = new MetaTables(db, schema, catalog);
    await db.transaction(async () => {
      await db.run(`CREATE SCHEMA IF NOT EXISTS ${ident(catalog)}.${ident(schema)}`);
      await meta.create();
    });
    ctx.logger.debug('opened DuckDB', { file: db.file, schema });
    return new DuckDBWriter(db, meta, {
      schema,
      catalog,
      pipeline: ctx.pipeline,
      schemaChanges: config.schema_changes ?? 'evolve',
      batchSize: config.batch_size ?? DEFAULT_BATCH_SIZE,
      commitRows: config.commit_rows ?? DEFAULT_COMMIT_ROWS,
      checkpointRows: CHECKPOINT_ROWS,
      streamEndCheckpointValues: STREAM_END_CHECKPOINT_VALUES,
      // A limit the config set is the user's; the default grows with the table's width.
      memoryLimit: config.memory_limit ? undefined : { floorMb: DEFAULT_MEMORY_LIMIT_MB, perColumnMb: MEMORY_LIMIT_MB_PER_COLUMN },
      metrics: ctx.metrics,
    });
  } catch (e) {
    await db.close().catch(() => undefined);
    throw e;
  }
}
