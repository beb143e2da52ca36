import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Row } from '@pipe/sdk';
import type { SinkFactory } from '@pipe/testkit';
import parquetSink from '../../src/index.ts';
import { query } from '../helpers.ts';

/** The parquet sink on a local folder, read back through its generated DuckDB views. */
export const factory: SinkFactory = {
  open: async (location, ctx) => parquetSink.open({ dir: path.join(location, 'dataset') } as never, ctx),
  readRows: async (location, stream) => readStream(path.join(location, 'dataset'), stream),
  crashModule: fileURLToPath(import.meta.url),
};

/** Rows of the `<stream>` view (latest per key for merge streams, everything for append). */
export async function readStream(dir: string, stream: string): Promise<Row[]> {
  const file = path.join(dir, '_pipe', 'views.sql');
  if (!fs.existsSync(file)) return [];
  const views = fs.readFileSync(file, 'utf8');
  if (!views.includes(`VIEW "${stream}" AS`)) return [];
  return query(`${views}\nSELECT * FROM "${stream}"`);
}
