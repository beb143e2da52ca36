// A loopback HTTP proxy in front of the simulator that can answer chosen requests itself:
// malformed bodies, redirects elsewhere. Records every request it sees (with its auth header).
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SeenRequest {
  method: string;
  url: string;
  authorization?: string;
}

/** Return a response to send instead of forwarding, or undefined to forward. */
export type Intercept = (req: SeenRequest) => { status: number; headers?: Record<string, string>; body?: string } | undefined;

export interface FaultProxy {
  url: string;
  seen: SeenRequest[];
  intercept: Intercept;
  /** While set, requests wait for it before being answered (to hold a run mid-flight). */
  gate?: Promise<void>;
  close(): Promise<void>;
}

export async function startProxy(target: string, host = '127.0.0.1'): Promise<FaultProxy> {
  const upstream = new URL(target);
  const proxy: FaultProxy = { url: '', seen: [], intercept: () => undefined, close: async () => {} };
  const server = http.createServer(async (req, res) => {
    if (proxy.gate) await proxy.gate;
    const seen: SeenRequest = { method: req.method ?? 'GET', url: req.url ?? '/', authorization: req.headers.authorization };
    proxy.seen.push(seen);
    const own = proxy.intercept(seen);
    if (own) {
      req.resume();
      res.writeHead(own.status, own.headers ?? { 'content-type': 'application/json' });
      res.end(own.body ?? '');
      return;
    }
    const out = http.request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    out.on('error', () => res.destroy());
    req.pipe(out);
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  proxy.url = `http://${host}:${(server.address() as AddressInfo).port}`;
  proxy.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return proxy;
}
