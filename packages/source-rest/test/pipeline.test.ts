import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readMemorySinkFile } from '@pipe/testkit/memory';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ROOT, cli } from '../../../test/cli/run-cli.ts';
import { type FixtureServer, serveFixtures } from './support/fixture-server.ts';
import { FAKE_TOKEN, SHOP_FIXTURES } from './support/shop.ts';

// examples/shop.yml through the real CLI: the plugin loads by relative path, the token comes from the environment.
let server: FixtureServer;
let dir: string;
beforeAll(async () => {
  server = await serveFixtures(SHOP_FIXTURES, { token: FAKE_TOKEN });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'source-rest-'));
});
afterAll(async () => {
  await server.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

it('pipe run examples/shop.yml loads every page of both endpoints, and a second run resumes', async () => {
  const out = path.join(dir, 'shop.json');
  const env = { SHOP_URL: server.url, SHOP_TOKEN: FAKE_TOKEN, OUT_FILE: out };
  const first = await cli(['run', 'packages/source-rest/examples/shop.yml', '--json'], env, ROOT);
  expect(first.code, first.stderr).toBe(0);
  expect(first.stdout + first.stderr).not.toContain(FAKE_TOKEN);
  const stored = readMemorySinkFile(out);
  expect(stored.tables.items?.rows).toHaveLength(8);
  expect(stored.tables.events?.rows).toHaveLength(10);
  expect(stored.state?.streams.events?.checkpoint).toEqual({ cursor: 'c3' });

  server.requests.length = 0;
  const second = await cli(['run', 'packages/source-rest/examples/shop.yml'], env, ROOT);
  expect(second.code, second.stderr).toBe(0);
  // Resumes at the last page of each endpoint instead of starting over.
  expect(server.requests.sort()).toEqual(['/v1/events?limit=4&cursor=c3', '/v1/items?per_page=3&page=3']);
});
