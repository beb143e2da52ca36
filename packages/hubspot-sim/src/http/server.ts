// The request pipeline: URL length → auth → route → scopes → rate limits → faults → handler → latency.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TokenRegistry } from './auth.ts';
import type { FaultInjector } from './faults.ts';
import type { RateLimiter } from './limits.ts';
import { type Reply, badRequest, htmlPage, hubspotError, notFound } from './reply.ts';
import type { RequestContext, Router } from './router.ts';
import type { Stats } from './stats.ts';

export interface Pipeline {
  router: Router;
  /** Control-plane routes under /_sim: no auth, limits, faults or latency. */
  control: Router;
  tokens: TokenRegistry;
  limits: RateLimiter;
  faults: FaultInjector;
  stats: Stats;
  maxUrlLength: number;
  simNow(): number;
  /** A portal-level refusal of a matched route (object type absent, API family not in the account). */
  refuse?(ctx: RequestContext, routeName: string): Reply | undefined;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(chunks.length === 0 ? '' : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function write(res: ServerResponse, reply: Reply, extra: Record<string, string>, reset = false): void {
  // Encode once: Buffer.byteLength + a string write would scan a 32 KB page twice.
  const payload = reply.bytes ?? Buffer.from(reply.raw ?? (reply.body === undefined ? '' : JSON.stringify(reply.body)));
  const headers: Record<string, string | number> = {
    'x-hubspot-correlation-id': randomUUID(),
    ...extra,
    ...reply.headers,
  };
  if (reply.status !== 204) {
    headers['content-type'] = reply.contentType ?? (reply.raw === undefined ? 'application/json;charset=utf-8' : 'text/plain');
    headers['content-length'] = payload.length;
  }
  res.writeHead(reply.status, headers);
  if (reset) {
    // Send part of the promised body, then drop the connection: the client sees a reset mid-body.
    res.write(payload.subarray(0, Math.max(1, Math.floor(payload.length / 2))));
    setImmediate(() => res.socket?.destroy());
    return;
  }
  if (reply.status === 204) res.end();
  else if (reply.release) res.end(payload, reply.release);
  else res.end(payload);
}

export function createHandler(p: Pipeline): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    handle(p, req, res).catch((err: unknown) => {
      const reply = hubspotError(500, 'INTERNAL_ERROR', `hubspot-sim internal error: ${err instanceof Error ? err.message : String(err)}`);
      if (!res.headersSent) write(res, reply, {});
      else res.destroy();
    });
  };
}

async function handle(p: Pipeline, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = req.url ?? '/';
  const method = req.method ?? 'GET';
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  const rawBody = method === 'GET' || method === 'HEAD' ? '' : await readBody(req);
  const ctx: RequestContext = {
    method,
    path,
    query: new URLSearchParams(q < 0 ? '' : url.slice(q + 1)),
    params: {},
    body: undefined,
    headers: req.headers,
    origin: `http://${req.headers.host ?? 'localhost'}`,
  };
  if (rawBody) {
    try {
      ctx.body = JSON.parse(rawBody);
    } catch {
      ctx.body = Symbol.for('invalid-json');
    }
  }
  if (path.startsWith('/_sim/')) {
    const m = p.control.match(method, path);
    if (!m) return write(res, notFound(`No control route ${method} ${path}`), {});
    ctx.params = m.params;
    return write(res, await m.def.handle(ctx), {});
  }
  // Cloudflare rejects long URLs before HubSpot sees them: HTML, no auth needed.
  if (url.length > p.maxUrlLength) {
    p.stats.count('error.414');
    return respond(p, res, htmlPage(414, 'Request-URI Too Large'), {});
  }
  const auth = p.tokens.authenticate(req.headers);
  if ('reply' in auth) {
    p.stats.count('error.401');
    return respond(p, res, auth.reply, {});
  }
  const m = p.router.match(method, path);
  if (!m) {
    p.stats.count('error.404');
    return respond(p, res, notFound(`No route for ${method} ${path}`), {});
  }
  ctx.params = m.params;
  p.stats.count(m.def.name);
  const denied = p.tokens.authorize(auth.token, m.def.scopes(ctx));
  if (denied) return respond(p, res, denied, {});
  const limit = p.limits.check(auth.token, !!m.def.search, performance.now(), p.simNow());
  if (!limit.ok) {
    p.stats.served429++;
    return respond(p, res, limit.reply, {});
  }
  const refused = p.refuse?.(ctx, m.def.name);
  if (refused) {
    p.stats.count(`error.${refused.status}`);
    return respond(p, res, refused, limit.headers);
  }
  const fault = p.faults.next();
  switch (fault.kind) {
    case '5xx':
      return respond(p, res, fault.html ? htmlPage(fault.status, fault.status === 502 ? 'Bad Gateway' : fault.status === 503 ? 'Service Temporarily Unavailable' : 'Gateway Time-out') : { status: fault.status, raw: '' }, {});
    case '423':
      return respond(p, res, hubspotError(423, 'LOCKED', 'The resource is locked by another operation. Wait at least 2 seconds and retry.'), {});
    case '429':
      p.stats.served429++;
      return respond(p, res, p.limits.deny('TEN_SECONDLY_ROLLING', 'You have reached your ten_secondly_rolling limit.', 10_000).reply, {});
  }
  if (ctx.body === Symbol.for('invalid-json')) return respond(p, res, badRequest('Invalid input JSON: the request body is not valid JSON.'), limit.headers);
  const reply = await m.def.handle(ctx);
  return respond(p, res, reply, limit.headers, fault.kind === 'reset');
}

/** Writes the reply, after the simulated latency if any (no timer and no extra promise without it). */
function respond(p: Pipeline, res: ServerResponse, reply: Reply, headers: Record<string, string>, reset = false): void | Promise<void> {
  const delay = p.faults.delayMs();
  if (delay > 0) return sleep(delay).then(() => write(res, reply, headers, reset));
  write(res, reply, headers, reset);
}
