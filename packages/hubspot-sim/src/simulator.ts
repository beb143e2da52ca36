// Assembles the portal, the routes and the HTTP server, and starts listening.
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type SimControl, createControl } from './control.ts';
import { Portal } from './data/portal.ts';
import { TokenRegistry } from './http/auth.ts';
import { FaultInjector } from './http/faults.ts';
import { RateLimiter } from './http/limits.ts';
import { Router } from './http/router.ts';
import { createHandler } from './http/server.ts';
import { Stats } from './http/stats.ts';
import { BURST_BY_TIER, DAILY_BY_TIER, DEFAULT_TOKEN, type SimOptions } from './options.ts';
import { portalRefusal } from './routes/refusals.ts';
import { registerApiRoutes } from './routes/register.ts';
import { controlRoutes } from './routes/control-routes.ts';

export interface Simulator {
  /** The HubSpot host, e.g. http://127.0.0.1:41234; API paths go below it. */
  url: string;
  /** A ready fake token with every scope. */
  token: string;
  control: SimControl;
  close(): Promise<void>;
}

export async function startSimulator(opts: SimOptions = {}): Promise<Simulator> {
  const portal = new Portal(opts);
  const tier = opts.tier ?? 'professional';
  const stats = new Stats();
  const dailyLimit = opts.dailyLimit ?? DAILY_BY_TIER[tier];
  const limits = new RateLimiter({
    enabled: opts.rateLimits ?? true,
    burst: BURST_BY_TIER[tier],
    daily: dailyLimit,
    searchPerSecond: opts.searchPerSecond ?? 5,
    retryAfter: opts.retryAfter ?? false,
    searchPolicyName: portal.behaviour.searchPolicyName,
    secondlyHeaders: portal.behaviour.secondlyHeaders,
    headerStyle: opts.rateLimitHeaders,
  });
  const faults = new FaultInjector(portal.seed, opts.faults, opts.latencyMs);
  const control = createControl(portal, stats, limits, faults);
  const router = new Router();
  registerApiRoutes(router, portal, limits, dailyLimit);
  const controlRouter = new Router();
  controlRoutes(controlRouter, control);
  const maxUrlLength = opts.maxUrlLength ?? 16_300;
  const server: Server = createServer(
    // Node answers 431 itself above maxHeaderSize (16 KiB by default), before the handler can
    // send HubSpot's HTML 414: leave room for URLs well past the simulated limit.
    { keepAliveTimeout: 65_000, maxHeaderSize: Math.max(64 * 1024, maxUrlLength * 2) },
    createHandler({
      router,
      control: controlRouter,
      tokens: new TokenRegistry(DEFAULT_TOKEN, opts.tokens, opts.tokenScopes),
      refuse: portalRefusal(portal),
      limits,
      faults,
      stats,
      maxUrlLength,
      simNow: () => portal.nowMs(),
    }),
  );
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    token: DEFAULT_TOKEN,
    control,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
