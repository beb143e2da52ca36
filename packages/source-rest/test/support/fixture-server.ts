import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

/**
 * Recorded HTTP fixtures on a loopback port: `GET /v1/items?per_page=3&page=2` answers with
 * `<dir>/v1/items/page=2&per_page=3.json` (query keys sorted), or `<dir>/v1/items.json`
 * when the request has no query. Anything else is a 404 naming the file it looked for.
 * With `token`, a request without `Authorization: Bearer <token>` gets a 401.
 */
export interface FixtureServer {
  url: string;
  /** Paths with query of every request, in order. */
  requests: string[];
  close(): Promise<void>;
}

export function fixtureFile(dir: string, requestUrl: string): string {
  const url = new URL(requestUrl, 'http://fixture');
  const query = [...url.searchParams.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}=${v}`);
  const clean = path.normalize(decodeURIComponent(url.pathname)).replace(/^(\.\.[/\\])+/, '');
  return query.length ? path.join(dir, clean, `${query.join('&')}.json`) : path.join(dir, `${clean}.json`);
}

export async function serveFixtures(dir: string, opts: { token?: string; status?: number; port?: number } = {}): Promise<FixtureServer> {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    requests.push(req.url ?? '');
    const send = (status: number, body: string) => res.writeHead(status, { 'content-type': 'application/json' }).end(body);
    if (opts.status) return send(opts.status, JSON.stringify({ error: `fixture server answers ${opts.status}` }));
    if (opts.token && req.headers.authorization !== `Bearer ${opts.token}`) return send(401, JSON.stringify({ error: 'bad token' }));
    const file = fixtureFile(dir, req.url ?? '/');
    if (!file.startsWith(dir) || !fs.existsSync(file)) return send(404, JSON.stringify({ error: `no fixture ${path.relative(dir, file)}` }));
    send(200, fs.readFileSync(file, 'utf8'));
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
