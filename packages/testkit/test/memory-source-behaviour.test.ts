import type { Batch, Row, SourceConnection, StreamRequest } from '@pipe/sdk';
import { describe, expect, it } from 'vitest';
import { createTestContext, memorySource, memorySourceConfig } from '../src/index.ts';

async function open(config: Partial<Parameters<typeof memorySource.open>[0]> = {}): Promise<SourceConnection> {
  return memorySource.open({ seed: 1, page_size: 50, ...config }, createTestContext());
}

async function readAll(c: SourceConnection, req: Partial<StreamRequest> & { name: string }): Promise<Batch[]> {
  const schema = (await c.discover()).find((s) => s.name === req.name)!;
  const out: Batch[] = [];
  for await (const b of c.read({ schema, options: {}, mode: req.mode ?? 'incremental', state: req.state })) out.push(b);
  return out;
}

const rowsOf = (batches: Batch[]): Row[] => batches.flatMap((b) => b.rows);

describe('memory source', () => {
  it('has users (300 rows) and orders (200 rows) by default, with every logical type in users', async () => {
    const c = await open();
    const schemas = await c.discover();
    expect(schemas.map((s) => s.name)).toEqual(['users', 'orders']);
    expect(new Set(schemas[0]!.columns.map((col) => col.type))).toEqual(
      new Set(['integer', 'string', 'number', 'boolean', 'timestamp', 'date', 'string[]', 'json']),
    );
    expect(rowsOf(await readAll(c, { name: 'users' }))).toHaveLength(300);
    expect(rowsOf(await readAll(c, { name: 'orders' }))).toHaveLength(200);
  });

  it('is deterministic: the same seed gives the same rows, another seed other rows', async () => {
    const a = rowsOf(await readAll(await open({ seed: 5 }), { name: 'users' }));
    const b = rowsOf(await readAll(await open({ seed: 5 }), { name: 'users' }));
    const c = rowsOf(await readAll(await open({ seed: 6 }), { name: 'users' }));
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
    expect(a.some((r) => /[\u0080-\uffff]/.test(String(r.name))), 'names include non-ASCII text').toBe(true);
  });

  it('puts many rows on one updated_at, so a timestamp-only cursor would lose rows', async () => {
    const rows = rowsOf(await readAll(await open(), { name: 'users' }));
    const stamps = new Set(rows.map((r) => (r.updated_at as Date).getTime()));
    expect(stamps.size).toBeLessThan(rows.length * 0.7);
  });

  it('resumes exactly after a checkpoint in incremental mode, and ignores state in full mode', async () => {
    const c = await open({ page_size: 40 });
    const full = await readAll(c, { name: 'users' });
    const resumed = await readAll(c, { name: 'users', state: JSON.parse(JSON.stringify(full[2]!.checkpoint)) });
    expect(rowsOf(resumed)).toEqual(rowsOf(full.slice(3)));
    const fullMode = await readAll(c, { name: 'users', mode: 'full', state: full[2]!.checkpoint });
    expect(rowsOf(fullMode)).toHaveLength(300);
  });

  it('fails after fail_after_pages pages, and a run without it resumes from the last checkpoint', async () => {
    const failing = await open({ fail_after_pages: 2 });
    const schema = (await failing.discover())[1]!;
    const got: Batch[] = [];
    await expect(async () => {
      for await (const b of failing.read({ schema, options: {}, mode: 'incremental', state: undefined })) got.push(b);
    }).rejects.toMatchObject({ code: 'SOURCE', message: expect.stringMatching(/injected failure in stream "orders" after 2 pages/) });
    expect(got).toHaveLength(2);
    const rest = await readAll(await open(), { name: 'orders', state: got[1]!.checkpoint });
    expect([...rowsOf(got), ...rowsOf(rest)]).toEqual(rowsOf(await readAll(await open(), { name: 'orders' })));
  });

  it('explains a checkpoint it cannot use, and an unknown stream', async () => {
    const c = await open();
    await expect(readAll(c, { name: 'users', state: { cursor: 1 } })).rejects.toThrow(/checkpoint .* is not \{updated_at, id\}/);
    const schema = { name: 'nope', primaryKey: [], columns: [{ name: 'id', type: 'integer' as const }] };
    await expect(async () => {
      for await (const _ of c.read({ schema, options: {}, mode: 'full', state: undefined })) void _;
    }).rejects.toThrow(/has no stream "nope"/);
  });

  it('stops with AbortedError when the signal aborts', async () => {
    const controller = new AbortController();
    const c = await memorySource.open({ seed: 1, page_size: 10 }, createTestContext({ signal: controller.signal }));
    const schema = (await c.discover())[0]!;
    let batches = 0;
    await expect(async () => {
      for await (const _ of c.read({ schema, options: {}, mode: 'full', state: undefined })) {
        batches += 1;
        controller.abort();
      }
    }).rejects.toMatchObject({ code: 'ABORTED' });
    expect(batches).toBe(1);
  });

  it('custom streams get id, updated_at and the declared columns; duplicate names are a config error', async () => {
    const c = await open({ tables: [{ name: 'events', rows: 5, columns: [{ name: 'kind', type: 'string' }] }] });
    const [schema] = await c.discover();
    expect(schema!.columns.map((col) => col.name)).toEqual(['id', 'kind', 'updated_at']);
    expect(rowsOf(await readAll(c, { name: 'events' }))).toHaveLength(5);
    expect(() =>
      memorySource.open({ seed: 1, page_size: 5, tables: [{ name: 'a', rows: 1 }, { name: 'a', rows: 2 }] }, createTestContext()),
    ).toThrow(/listed twice/);
  });

  it('documents every config field', () => {
    for (const [key, field] of Object.entries(memorySourceConfig.properties)) {
      expect((field as { description?: string }).description, key).toBeTruthy();
    }
    expect(memorySourceConfig.properties.page_size.default).toBe(50);
  });
});
