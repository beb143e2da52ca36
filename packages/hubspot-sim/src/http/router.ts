// A tiny method + path-segment router. Patterns look like `/crm/v3/objects/:type/:id`.
import type { IncomingHttpHeaders } from 'node:http';
import type { Reply } from './reply.ts';

export interface RequestContext {
  method: string;
  path: string;
  query: URLSearchParams;
  params: Record<string, string>;
  body: any;
  headers: IncomingHttpHeaders;
  /** The full URL the client used, for `paging.next.link`. */
  origin: string;
}

export interface RouteDef {
  method: string;
  pattern: string;
  /** Stable name for statistics, e.g. `objects.list`. */
  name: string;
  /** Scopes of which the token needs any one; empty = any valid token. */
  scopes(ctx: RequestContext): string[];
  /** Search routes: no burst bucket, per-second limit instead, no rate-limit headers. */
  search?: boolean;
  handle(ctx: RequestContext): Reply | Promise<Reply>;
}

interface Compiled {
  def: RouteDef;
  segments: string[];
}

export class Router {
  private readonly routes: Compiled[] = [];

  /** Recent matches by method and path (list pages hit the same path over and over). */
  private readonly cache = new Map<string, { def: RouteDef; params: Record<string, string> } | undefined>();

  add(def: RouteDef): void {
    this.routes.push({ def, segments: def.pattern.split('/').filter(Boolean) });
    this.cache.clear();
  }

  match(method: string, path: string): { def: RouteDef; params: Record<string, string> } | undefined {
    const key = `${method} ${path}`;
    const hit = this.cache.get(key);
    if (hit !== undefined) return { def: hit.def, params: { ...hit.params } };
    const m = this.scan(method, path);
    if (m && this.cache.size < 1000) this.cache.set(key, { def: m.def, params: { ...m.params } });
    return m;
  }

  private scan(method: string, path: string): { def: RouteDef; params: Record<string, string> } | undefined {
    const parts = path.split('/').filter(Boolean);
    for (const r of this.routes) {
      if (r.def.method !== method || r.segments.length !== parts.length) continue;
      const params: Record<string, string> = {};
      let ok = true;
      for (let i = 0; i < parts.length && ok; i++) {
        const seg = r.segments[i]!;
        if (seg.startsWith(':')) params[seg.slice(1)] = safeDecode(parts[i]!);
        else ok = seg === parts[i];
      }
      if (ok) return { def: r.def, params };
    }
    return undefined;
  }

  /** True when some route has this path under another method (405 vs 404). */
  pathExists(path: string): boolean {
    return ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'].some((m) => this.match(m, path));
  }
}

/** A malformed %-escape is kept as typed (it will simply not match any record) instead of throwing. */
function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
