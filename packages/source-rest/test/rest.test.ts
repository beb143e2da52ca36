import type { Batch, SourceConnection, StreamRequest } from '@pipe/sdk';
import { createTestContext } from '@pipe/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { restSource } from '../src/index.ts';
import { type FixtureServer, serveFixtures } from './support/fixture-server.ts';
import { FAKE_TOKEN, SHOP_FIXTURES, shopConfig } from './support/shop.ts';

let server: FixtureServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function readAll(conn: SourceConnection, name: string, state?: unknown, mode: StreamRequest['mode'] = 'incremental'): Promise<Batch[]> {
  const schema = (await conn.discover()).find((s) => s.name === name)!;
  const batches: Batch[] = [];
  for await (const b of conn.read({ schema, options: {}, mode, state: state as StreamRequest['state'] })) batches.push(b);
  return batches;
}

async function open(overrides = {}, serverOpts: Parameters<typeof serveFixtures>[1] = { token: FAKE_TOKEN }) {
  server = await serveFixtures(SHOP_FIXTURES, serverOpts);
  return restSource.open(shopConfig(server.url, overrides), createTestContext());
}

describe('rest source', () => {
  it('pages by number until a short page, keeps declared columns with their types', async () => {
    const batches = await readAll(await open(), 'items');
    expect(server!.requests).toEqual(['/v1/items?per_page=3&page=1', '/v1/items?per_page=3&page=2', '/v1/items?per_page=3&page=3']);
    expect(batches.map((b) => b.checkpoint)).toEqual([{ page: 2 }, { page: 3 }, { page: 3 }]);
    const rows = batches.flatMap((b) => b.rows);
    expect(rows).toHaveLength(8);
    expect(rows[0]).toEqual({ id: 1, name: 'Ada Lovelace', price: 9.5, in_stock: false, tags: [], updated_at: new Date('2026-01-10T08:30:00.123Z') });
    expect(rows[4]!.price).toBeNull();
    expect(Object.keys(rows[0]!)).not.toContain('extra_field');
  });

  it('follows cursors from the body and resumes from a checkpoint', async () => {
    const conn = await open();
    const full = await readAll(conn, 'events');
    expect(full.map((b) => b.checkpoint)).toEqual([{ cursor: 'c2' }, { cursor: 'c3' }, { cursor: 'c3' }]);
    expect(full.flatMap((b) => b.rows).map((r) => r.event_id)).toHaveLength(10);
    expect(full[0]!.rows[0]!.at).toEqual(new Date(1767225600000));
    server!.requests.length = 0;
    const resumed = await readAll(conn, 'events', { cursor: 'c3' });
    expect(server!.requests).toEqual(['/v1/events?limit=4&cursor=c3']);
    expect(resumed.flatMap((b) => b.rows).map((r) => r.event_id)).toEqual(['ev_008', 'ev_009']);
  });

  it('a full read ignores the committed checkpoint', async () => {
    const batches = await readAll(await open(), 'items', { page: 3 }, 'full');
    expect(batches.flatMap((b) => b.rows)).toHaveLength(8);
  });

  it('an unpaged endpoint is one request, full refresh only, no checkpoint', async () => {
    const conn = await open();
    expect((await conn.discover()).find((s) => s.name === 'currencies')!.syncModes).toEqual(['full']);
    const batches = await readAll(conn, 'currencies', undefined, 'full');
    expect(batches).toEqual([{ stream: 'currencies', rows: [{ code: 'EUR', rate: 1 }, { code: 'USD', rate: 1.08 }] }]);
  });

  it('a rejected token is an AuthError that never shows the token', async () => {
    const conn = await open({ token: 'pat-na1-fake-0000-4000-8000-000000000000' });
    const err = await readAll(conn, 'items').catch((e: Error) => e);
    expect(err).toMatchObject({ code: 'AUTH' });
    expect(String((err as Error).message)).toMatch(/rejected the token \(401\)/);
    expect(JSON.stringify({ m: (err as Error).message, h: (err as { hint?: string }).hint })).not.toContain('fake-0000-4000');
  });

  it('a server error names the endpoint and status after the retries', async () => {
    const conn = await open({ retries: 1 }, { status: 503 });
    await expect(readAll(conn, 'currencies', undefined, 'full')).rejects.toThrow(/endpoint "currencies": GET .*\/v1\/currencies returned 503/);
  });

  it('a wrong records_path says what the body holds', async () => {
    const config = shopConfig('http://unused');
    config.endpoints[0]!.records_path = 'items';
    server = await serveFixtures(SHOP_FIXTURES, { token: FAKE_TOKEN });
    const conn = await restSource.open({ ...config, base_url: server.url }, createTestContext());
    await expect(readAll(conn, 'items')).rejects.toThrow(/expected an array of records at "items", found nothing; the body has keys: data, total/);
  });

  it('a primary key that is not a column fails at open, naming the endpoint', async () => {
    const config = shopConfig('http://unused');
    config.endpoints[1]!.primary_key = ['id'];
    expect(() => restSource.open(config, createTestContext())).toThrow(/endpoint "events": primary_key "id" is not among its columns/);
  });
});
