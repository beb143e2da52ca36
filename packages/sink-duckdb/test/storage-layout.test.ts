import fs from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NEW_FILE_BLOCK_BYTES, ROW_GROUP_ROWS } from '../src/config.ts';
import { PIPELINE, contactRow, contacts, query, stateWith, stream, tempDir, withSink } from './helpers.ts';

let dir: string;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const ROWS = 2 * ROW_GROUP_ROWS + 100;

/** Load ROWS contacts in one stream, as a first sync does. */
async function load(file: string): Promise<void> {
  await withSink(
    file,
    async (w) => {
      await w.prepare([stream(contacts, 'merge')]);
      for (let start = 1; start <= ROWS; start += 4_096) {
        const rows = Array.from({ length: Math.min(4_096, ROWS - start + 1) }, (_, i) => contactRow(start + i));
        await w.write({ stream: 'contacts', rows }, stateWith({ contacts: start }));
      }
      await w.endStream?.('contacts', stateWith({ contacts: 'done' }));
    },
    { batch_size: 4_096 },
  );
}

/** Block size of the file and the row groups of its contacts table, read with a plain DuckDB open. */
async function layout(file: string): Promise<{ blockBytes: number; rowGroups: number }> {
  const [size] = await query(file, 'SELECT block_size::INTEGER AS b FROM pragma_database_size() WHERE database_name = current_database()');
  const [groups] = await query(file, `SELECT count(DISTINCT row_group_id)::INTEGER AS n FROM pragma_storage_info('${PIPELINE}.contacts')`);
  return { blockBytes: Number(size!.b), rowGroups: Number(groups!.n) };
}

describe('storage layout of the sink’s files (issue 24: memory at width)', () => {
  it(`a file the sink creates has ${NEW_FILE_BLOCK_BYTES / 1024} KiB blocks and row groups of ${ROW_GROUP_ROWS} rows`, async () => {
    const file = path.join(dir, 'w.duckdb');
    await load(file);
    expect(await layout(file)).toEqual({ blockBytes: NEW_FILE_BLOCK_BYTES, rowGroups: 3 });
    expect(await query(file, `SELECT count(*)::INTEGER AS n, count(DISTINCT id)::INTEGER AS ids FROM ${PIPELINE}.contacts`)).toEqual([{ n: ROWS, ids: ROWS }]);
  });

  it('a file DuckDB created with its default blocks keeps them, and gets the smaller row groups', async () => {
    const file = path.join(dir, 'old.duckdb');
    const instance = await DuckDBInstance.create(file);
    instance.closeSync();
    await load(file);
    expect(await layout(file)).toEqual({ blockBytes: 262_144, rowGroups: 3 });
  });

  it('a file named memory.duckdb (the name of DuckDB’s in-memory database) still opens and loads', async () => {
    const file = path.join(dir, 'memory.duckdb');
    await load(file);
    expect(await query(file, `SELECT count(*)::INTEGER AS n FROM memory.${PIPELINE}.contacts`)).toEqual([{ n: ROWS }]);
  });

  it('a reopened file keeps its rows and state, and the catalog is still named after the file', async () => {
    const file = path.join(dir, 'crm-data.v2.duckdb');
    await load(file);
    const state = await withSink(file, async (w) => w.readState?.());
    expect(state).toMatchObject({ streams: { contacts: { checkpoint: 'done' } } });
    expect(await query(file, `SELECT count(*)::INTEGER AS n FROM "crm-data".${PIPELINE}.contacts`)).toEqual([{ n: ROWS }]);
  });
});
