// Test helpers: plain fetch against the simulator's HTTP API (never internal calls).
import { type SimOptions, type Simulator, startSimulator } from '../src/index.ts';

export interface ApiResponse {
  status: number;
  headers: Headers;
  text: string;
  body: any;
}

export async function call(sim: Simulator, path: string, init: { method?: string; body?: unknown; token?: string | null } = {}): Promise<ApiResponse> {
  const headers: Record<string, string> = {};
  const token = init.token === undefined ? sim.token : init.token;
  if (token) headers.authorization = `Bearer ${token}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${sim.url}${path}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await res.text();
  let body: any;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  return { status: res.status, headers: res.headers, text, body };
}

/** Small portal, no rate limits: fast unit tests. */
export function small(extra: SimOptions = {}): Promise<Simulator> {
  return startSimulator({
    seed: 7,
    rateLimits: false,
    counts: { contacts: 300, companies: 40, deals: 60, tickets: 20, products: 10, line_items: 30, quotes: 5, calls: 20, emails: 20, meetings: 10, notes: 20, tasks: 10 },
    customObjects: [{ name: 'cars', count: 25 }],
    ...extra,
  });
}

/** Follows `paging.next.after` to the end of a list. */
export async function listAll(sim: Simulator, path: string): Promise<any[]> {
  const out: any[] = [];
  let after: string | undefined;
  for (let page = 0; page < 10_000; page++) {
    const sep = path.includes('?') ? '&' : '?';
    const r = await call(sim, after ? `${path}${sep}after=${after}` : path);
    if (r.status !== 200) throw new Error(`${path}: HTTP ${r.status} ${r.text}`);
    out.push(...r.body.results);
    after = r.body.paging?.next?.after;
    if (!after) return out;
  }
  throw new Error('too many pages');
}
