/**
 * The DuckDB source's connection. Loaded on the first `open` only (index.ts), so commands that
 * never open the source (`pipe validate`, `pipe plan`) do not load DuckDB's native library.
 */
import type { Batch, PluginContext, SourceConnection, StreamRequest } from '@pipe/sdk';
import { DEFAULT_BATCH_SIZE, type DuckDBSourceConfig } from './config.ts';
import { QueryDatabase } from './database.ts';
import { type QueryStream, describeQuery } from './discover.ts';
import { readQuery } from './read.ts';

export async function openDuckDBSource(config: DuckDBSourceConfig, ctx: PluginContext): Promise<SourceConnection> {
  const db = await QueryDatabase.open(config.path, ctx.baseDir);
  const batchSize = config.batch_size ?? DEFAULT_BATCH_SIZE;
  let described: Promise<QueryStream[]> | undefined;
  const describeAll = async (): Promise<QueryStream[]> => {
    const c = await db.connect();
    try {
      const out: QueryStream[] = [];
      for (const [name, q] of Object.entries(config.queries)) out.push(await describeQuery(c, name, q));
      return out;
    } finally {
      c.closeSync();
    }
  };
  const streams = () => (described ??= describeAll());
  return {
    async discover() {
      return (await streams()).map((s) => s.schema);
    },
    async *read(req: StreamRequest): AsyncGenerator<Batch> {
      const q = (await streams()).find((s) => s.name === req.schema.name);
      if (!q) throw new Error(`source.duckdb has no query named "${req.schema.name}"`);
      const c = await db.connect();
      try {
        yield* readQuery(c, q, req, batchSize, ctx.signal);
      } finally {
        c.closeSync();
      }
    },
    async check() {
      const all = await streams();
      return {
        ok: true,
        details: [
          { label: 'database', value: db.label, ok: true },
          ...all.map((s) => ({ label: `query ${s.name}`, value: `${s.columns.length} columns${s.cursor ? `, incremental on ${s.cursor}` : ''}`, ok: true })),
        ],
      };
    },
    async close() {
      db.close();
    },
  };
}
