// Response values and HubSpot-shaped error bodies. Handlers return a Reply; the server writes it.
import { randomUUID } from 'node:crypto';

export interface Reply {
  status: number;
  /** JSON-serialised unless `raw` or `bytes` is given. */
  body?: unknown;
  raw?: string;
  /** Pre-encoded JSON (the list fast path), and what to call once the socket has taken it. */
  bytes?: Buffer;
  release?: () => void;
  contentType?: string;
  headers?: Record<string, string>;
}

export const json = (status: number, body: unknown): Reply => ({ status, body });
export const noContent = (): Reply => ({ status: 204 });

export interface ErrorExtras {
  errors?: unknown[];
  context?: Record<string, string[]>;
  links?: Record<string, string>;
  subCategory?: string;
  [key: string]: unknown;
}

/** HubSpot's standard JSON error: status, message, correlationId, category (+ optional details). */
export function hubspotError(status: number, category: string, message: string, extras: ErrorExtras = {}): Reply {
  return { status, body: { status: 'error', message, correlationId: randomUUID(), category, ...extras } };
}

export const notFound = (message = 'resource not found'): Reply => hubspotError(404, 'OBJECT_NOT_FOUND', message);
export const badRequest = (message: string, extras?: ErrorExtras): Reply => hubspotError(400, 'VALIDATION_ERROR', message, extras);

/** Cloudflare-style HTML pages, as HubSpot's edge sends them for 414 and 5xx. */
export function htmlPage(status: number, title: string): Reply {
  return {
    status,
    raw: `<html>\r\n<head><title>${status} ${title}</title></head>\r\n<body>\r\n<center><h1>${status} ${title}</h1></center>\r\n<hr><center>cloudflare</center>\r\n</body>\r\n</html>\r\n`,
    contentType: 'text/html',
    headers: { server: 'cloudflare' },
  };
}
