import { DuckDBInstance } from '@duckdb/node-api';
import type { Batch, SourceConnection, StreamRequest, StreamState } from '@pipe/sdk';
import { createTestContext } from '@pipe/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type DuckDBSourceConfig, openDuckDBSource } from '../src/index.ts';
import { type Fixture, makeFixture } from './support/fixture.ts';

let fx: Fixture;
beforeEach(async () => {
  fx = await makeFixture();
});
afterEach(() => fx.cleanup());

async function open(queries: DuckDBSourceConfig['queries'], batch_size = 50): Promise<SourceConnection> {
  return openDuckDBSource({ path: fx.file, batch_size, queries }, { ...createTestContext(), baseDir: fx.dir });
}

async function readAll(c: SourceConnection, name: string, state?: StreamState, mode: StreamRequest['mode'] = 'incremental'): Promise<Batch[]> {
  const schema = (await c.discover()).find((s) => s.name === name)!;
  const out: Batch[] = [];
  for await (const b of c.read({ schema, options: {}, mode, state })) out.push(b);
  return out;
}

const rowsOf = (bs: Batch[]) => bs.flatMap((b) => b.rows);

describe('source-duckdb', () => {
  it('types columns from DuckDB and returns values in the logical shapes', async () => {
    const c = await open({ leads: { sql: 'SELECT * FROM leads', primary_key: ['id'], cursor: 'updated_at' } });
    const [schema] = await c.discover();
    expect(Object.fromEntries(schema!.columns.map((col) => [col.name, col.type]))).toEqual({
      id: 'integer',
      email: 'string',
      name: 'string',
      score: 'number',
      tier: 'number',
      active: 'boolean',
      updated_at: 'timestamp',
      signup_day: 'date',
      tags: 'string[]',
      meta: 'json',
      big: 'integer',
    });
    expect(schema!.syncModes).toEqual(['incremental', 'full']);
    const row = rowsOf(await readAll(c, 'leads', undefined, 'full')).find((r) => r.id === 7)!;
    expect(row).toMatchObject({ id: 7, name: 'Zoë 7 🚀', score: 8.75, tier: 1, active: false, signup_day: '1901-11-10', tags: ['a', 'b7'], meta: { n: 7, tag: 'x' } });
    expect(row.updated_at).toEqual(new Date('2026-01-01T00:01:00Z'));
    expect(row.big).toBe(9007199254741000n);
    await c.close?.();
  });

  it('an incremental rerun reads only rows changed after the checkpoint, ties on the cursor included', async () => {
    const c = await open({ leads: { sql: 'SELECT id, updated_at FROM leads', primary_key: ['id'], cursor: 'updated_at' } }, 30);
    const first = await readAll(c, 'leads');
    expect(rowsOf(first)).toHaveLength(250);
    const state = first.at(-1)!.checkpoint;
    expect(state).toEqual({ cursor: '2026-01-01 01:02:00+00', key: ['249'] });
    await c.close?.();

    // Two rows change: one ties with the checkpoint's cursor value but has a higher id, one is later.
    const db = await DuckDBInstance.create(fx.file);
    const w = await db.connect();
    await w.run(`UPDATE leads SET updated_at = TIMESTAMPTZ '2026-01-01 01:02:00+00' WHERE id = 251 - 1`);
    await w.run(`INSERT INTO leads (id, email, updated_at) VALUES (251, 'new@example.com', TIMESTAMPTZ '2026-02-01 00:00:00+00')`);
    w.closeSync();
    db.closeSync();

    const again = await open({ leads: { sql: 'SELECT id, updated_at FROM leads', primary_key: ['id'], cursor: 'updated_at' } }, 30);
    const second = await readAll(again, 'leads', JSON.parse(JSON.stringify(state)));
    expect(rowsOf(second).map((r) => r.id)).toEqual([250, 251]);
    // Nothing new: one empty batch that keeps the checkpoint where it was.
    const third = await readAll(again, 'leads', second.at(-1)!.checkpoint);
    expect(third).toEqual([{ stream: 'leads', rows: [], checkpoint: second.at(-1)!.checkpoint }]);
    await again.close?.();
  });

  it('reads Parquet files relative to the pipeline folder without a database file', async () => {
    const c = await openDuckDBSource(
      { batch_size: 100, queries: { scores: { sql: "SELECT * FROM read_parquet('scores.parquet')" } } },
      { ...createTestContext(), baseDir: fx.dir },
    );
    const rows = rowsOf(await readAll(c, 'scores', undefined, 'full'));
    expect(rows).toHaveLength(40);
    expect((await c.discover())[0]!.syncModes).toEqual(['full']);
    await c.close?.();
  });

  it('names the stream and the column when the config does not fit the query', async () => {
    const badKey = await open({ leads: { sql: 'SELECT id FROM leads', primary_key: ['lead_id'] } });
    await expect(badKey.discover()).rejects.toThrow(/queries\.leads\.primary_key: column "lead_id" is not in the query's result; the query returns: id/);
    const noKey = await open({ leads: { sql: 'SELECT id, updated_at FROM leads', cursor: 'updated_at' } });
    await expect(noKey.discover()).rejects.toThrow(/queries\.leads: a cursor needs a primary_key/);
    const badSql = await open({ oops: { sql: 'SELECT nope FROM leads' } });
    await expect(badSql.discover()).rejects.toThrow(/queries\.oops\.sql: DuckDB could not run the query: .*nope/s);
  });

  it('refuses a database file that does not exist instead of creating it', async () => {
    await expect(
      openDuckDBSource({ path: `${fx.dir}/missing.duckdb`, batch_size: 10, queries: { a: { sql: 'SELECT 1 AS x' } } }, createTestContext()),
    ).rejects.toThrow(/source\.duckdb\.path: could not open/);
  });
});
