// A proxy in front of the simulator that makes it look like another portal or a faulty gateway:
// it can answer some calls itself (an object type the portal lacks), rewrite a JSON body (a
// property removed, a page of the wrong shape) or add headers. Everything else passes through.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Answer {
  status: number;
  body: string;
  headers?: Record<string, string>;
}

export interface ProxyRules {
  /** Answer a call without asking the simulator. */
  answer?(method: string, url: string): Answer | undefined;
  /** Replace the simulator's body (the text, as sent); undefined keeps it. */
  rewrite?(method: string, url: string, status: number, body: string): string | undefined;
  /** Headers added to every answer. */
  headers?: Record<string, string>;
  /** Hold the answer this many ms (a slow portal), so calls made at once overlap visibly. */
  delayMs?(method: string, url: string): number;
}

export interface SimProxy {
  url: string;
  /** Calls seen, as `METHOD path` (query string left out). */
  calls: string[];
  /** Arrivals (`> METHOD path`) and answers (`< METHOD path`) in the order they happened. */
  events: string[];
  rules: ProxyRules;
  close(): Promise<void>;
}

export async function startProxy(target: string, rules: ProxyRules = {}): Promise<SimProxy> {
  const calls: string[] = [];
  const events: string[] = [];
  const proxy: Partial<SimProxy> = { calls, events, rules };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      const method = req.method ?? 'GET';
      const url = req.url ?? '/';
      const call = `${method} ${url.split('?')[0]}`;
      calls.push(call);
      events.push(`> ${call}`);
      const r = proxy.rules!;
      const delay = r.delayMs?.(method, url) ?? 0;
      if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
      res.on('finish', () => events.push(`< ${call}`));
      const own = r.answer?.(method, url);
      if (own) {
        res.writeHead(own.status, { 'content-type': 'application/json', ...r.headers, ...own.headers }).end(own.body);
        return;
      }
      const upstream = await fetch(new URL(url, target), {
        method,
        headers: Object.fromEntries(Object.entries(req.headers).filter(([k]) => !['host', 'content-length', 'connection'].includes(k)) as [string, string][]),
        body: chunks.length ? Buffer.concat(chunks) : undefined,
      });
      const text = await upstream.text();
      const body = r.rewrite?.(method, url, upstream.status, text) ?? text;
      const headers: Record<string, string> = {};
      upstream.headers.forEach((v, k) => {
        if (!['content-length', 'content-encoding', 'transfer-encoding', 'connection'].includes(k)) headers[k] = v;
      });
      res.writeHead(upstream.status, { ...headers, ...r.headers }).end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return proxy as SimProxy;
}

/** HubSpot's answer for an object type a portal does not have (seen from a HubSpot-compatible server). */
export const noObjectType = (type: string): Answer => ({
  status: 400,
  body: JSON.stringify({ status: 'error', message: `Unable to infer object type from: ${type}`, category: 'VALIDATION_ERROR' }),
});
