import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HttpResponse, type RequestFn, axiosRequest, createRateLimiter, parseBody, withRateLimit, withRetry } from '../src/index.ts';

let server: http.Server;
let url: string;
let hits = 0;
const WIDE = { results: [{ id: '1', properties: Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`p${i}`, i % 3 ? null : `Zürich ${i}`])) }] };
beforeAll(async () => {
  server = http.createServer((req, res) => {
    hits++;
    if (req.url?.startsWith('/html')) return res.writeHead(502, { 'content-type': 'text/html' }).end('<html>Bad gateway</html>');
    if (req.url?.startsWith('/redirect')) return res.writeHead(302, { location: 'http://example.invalid/' }).end();
    const packed = /^\/(gzip|deflate|br)$/.exec(req.url ?? '')?.[1];
    if (packed) {
      // A wide page with non-ASCII text, as a server behind a compressing proxy sends it.
      const body = Buffer.from(JSON.stringify(WIDE));
      const zipped = packed === 'gzip' ? zlib.gzipSync(body) : packed === 'deflate' ? zlib.deflateSync(body) : zlib.brotliCompressSync(body);
      return res.writeHead(200, { 'content-type': 'application/json;charset=utf-8', 'content-encoding': packed }).end(zipped);
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ url: req.url, auth: req.headers.authorization ?? null }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => server.close());

describe('axiosRequest', () => {
  it('returns every status, parses JSON, keeps HTML as text and sends repeated params', async () => {
    const send = axiosRequest({ baseURL: url, headers: { authorization: 'Bearer pat-na1-fake-test-token' } });
    const ok = await send<{ url: string }>({ method: 'GET', url: '/x', params: { properties: ['a', 'b'] } });
    expect(ok.status).toBe(200);
    expect(ok.data.url).toBe('/x?properties=a&properties=b');
    const bad = await send({ method: 'GET', url: '/html' });
    expect(bad.status).toBe(502);
    expect(bad.data).toBe('<html>Bad gateway</html>');
  });

  it('decodes gzip, deflate and brotli bodies (HubSpot and proxies compress; the simulator does not)', async () => {
    const send = axiosRequest({ baseURL: url, wideObjects: 'properties' });
    for (const encoding of ['gzip', 'deflate', 'br']) {
      const res = await send({ method: 'GET', url: `/${encoding}` });
      expect(res.data, encoding).toEqual(WIDE);
    }
  });

  it('never follows a redirect (the token must not travel to another host)', async () => {
    const res = await axiosRequest({ baseURL: url })({ method: 'GET', url: '/redirect' });
    expect(res.status).toBe(302);
  });

  it('turns a refused connection into a retryable HttpError with status 0', async () => {
    const send = axiosRequest({ baseURL: 'http://127.0.0.1:1' });
    await expect(send({ method: 'GET', url: '/' })).rejects.toMatchObject({ status: 0, retryable: true });
  });
});

describe('withRetry', () => {
  const flaky = (statuses: number[]): { fn: RequestFn; calls: () => number } => {
    let i = 0;
    const fn = (async () => ({ status: statuses[Math.min(i++, statuses.length - 1)]!, headers: {}, data: '', url: '/' })) as RequestFn;
    return { fn, calls: () => i };
  };

  it('retries 5xx and 429 until success', async () => {
    const f = flaky([503, 429, 200]);
    const res = await withRetry(f.fn, { minTimeoutMs: 1, maxTimeoutMs: 2 })({ method: 'GET', url: '/' });
    expect(res.status).toBe(200);
    expect(f.calls()).toBe(3);
  });

  it('returns the last response after the last attempt, and never retries a 401', async () => {
    const f = flaky([500]);
    const res: HttpResponse = await withRetry(f.fn, { retries: 2, minTimeoutMs: 1, maxTimeoutMs: 2 })({ method: 'GET', url: '/' });
    expect(res.status).toBe(500);
    expect(f.calls()).toBe(3);
    const g = flaky([401, 200]);
    expect((await withRetry(g.fn, { minTimeoutMs: 1 })({ method: 'GET', url: '/' })).status).toBe(401);
    expect(g.calls()).toBe(1);
  });
});

describe('rate limiter', () => {
  it('allows at most `limit` calls in any rolling window', async () => {
    const limiter = createRateLimiter({ limit: 5, intervalMs: 200 });
    const started: number[] = [];
    const send = withRateLimit((async () => {
      started.push(performance.now());
      return { status: 200, headers: {}, data: '', url: '/' };
    }) as RequestFn, () => [limiter]);
    await Promise.all(Array.from({ length: 12 }, () => send({ method: 'GET', url: '/' })));
    started.sort((a, b) => a - b);
    for (let i = 5; i < started.length; i++) expect(started[i]! - started[i - 5]!).toBeGreaterThanOrEqual(195);
  });
});

describe('parseBody', () => {
  it('parses JSON, keeps text and empty bodies', () => {
    expect(parseBody('{"a":1}', 'application/json')).toEqual({ a: 1 });
    expect(parseBody('{"a":', 'application/json')).toBe('{"a":');
    expect(parseBody('', undefined)).toBe('');
  });
});

describe('withRetry and abort signals', () => {
  it('adds no lasting listener to a long-lived signal', async () => {
    const controller = new AbortController();
    const ok = (async () => ({ status: 200, headers: {}, data: '', url: '/' })) as RequestFn;
    const send = withRetry(ok);
    for (let i = 0; i < 50; i++) await send({ method: 'GET', url: '/', signal: controller.signal });
    const { EventEmitter } = await import('node:events');
    expect(EventEmitter.getEventListeners(controller.signal, 'abort').length).toBe(0);
  });

  it('stops retrying once the signal is aborted', async () => {
    const controller = new AbortController();
    let calls = 0;
    const failing = (async () => {
      calls++;
      if (calls === 2) controller.abort(new Error('stop'));
      return { status: 503, headers: {}, data: '', url: '/' };
    }) as RequestFn;
    await expect(withRetry(failing, { minTimeoutMs: 1, maxTimeoutMs: 2 })({ method: 'GET', url: '/', signal: controller.signal })).rejects.toThrow('stop');
    expect(calls).toBe(2);
  });
});
