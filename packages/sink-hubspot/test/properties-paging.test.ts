// The sink plans writes from the property definitions: one answer holds them all (the spec has no
// paging), but a server that pages them anyway must not make properties look missing.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTestContext } from '@pipe/testkit';
import { expect, it } from 'vitest';
import { fetchProperties } from '../src/api.ts';
import { openClient } from '../src/index.ts';
import { makeConfig } from './support/harness.ts';

it('follows paging.next of the properties API', async () => {
  const names = Array.from({ length: 25 }, (_, i) => `prop_${i}`);
  const server = http.createServer((req, res) => {
    const from = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('after') ?? 0);
    const to = from + 10;
    const results = names.slice(from, to).map((name) => ({ name, type: 'string', fieldType: 'text' }));
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ results, ...(to < names.length ? { paging: { next: { after: String(to) } } } : {}) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const client = openClient(makeConfig({ url, token: 'pat-na1-fake-0000-4000-8000-00000000beef' } as Parameters<typeof makeConfig>[0]), createTestContext());
    expect((await fetchProperties(client, 'contacts', 'sinks.hubspot')).map((d) => d.name)).toEqual(names);
  } finally {
    server.close();
  }
});
