/**
 * What HubSpot's answers mean: which responses are worth retrying (`classifyResponse`), and the
 * errors a person can act on for those that are not (`errorFor`). Bodies may be JSON, HTML
 * (Cloudflare) or empty, so every field is read defensively.
 */
import { AuthError, HttpError, type HttpResponse, MissingScopesError, QuotaExhaustedError, type RetryDecision, bodyExcerpt, retryAfterMs } from '@pipe/sdk';

export const TOKEN_REF = '${HUBSPOT_TOKEN}';

export const TOKEN_HELP =
  'Create a new token under Settings → Integrations → Service Keys (or Private Apps) in HubSpot, give it the scopes listed in the pipe docs (docs/hubspot.md), and set HUBSPOT_TOKEN to it.';

interface HubSpotErrorBody {
  message?: string;
  category?: string;
  policyName?: string;
  errorType?: string;
  errors?: { message?: string; context?: Record<string, unknown> }[];
}

function body(res: HttpResponse): HubSpotErrorBody {
  return res.data && typeof res.data === 'object' ? (res.data as HubSpotErrorBody) : {};
}

/** `DAILY`, `TEN_SECONDLY_ROLLING`, `SECONDLY`, … or undefined when the body names no policy. */
export function policyOf(res: HttpResponse): string | undefined {
  const b = body(res);
  if (typeof b.policyName === 'string') return b.policyName.toUpperCase();
  const msg = typeof b.message === 'string' ? b.message.toLowerCase() : '';
  if (msg.includes('daily')) return 'DAILY';
  if (msg.includes('ten_secondly')) return 'TEN_SECONDLY_ROLLING';
  if (msg.includes('secondly')) return 'SECONDLY';
  return undefined;
}

/**
 * Retry policy for `withRetry`: burst and search 429s, 423, 477 and 5xx (incl. Cloudflare's
 * 52x) are transient; DAILY 429s, 401, 403 and other 4xx are not.
 */
export function classifyResponse(res: HttpResponse): RetryDecision {
  const s = res.status;
  if (s === 429) {
    const policy = policyOf(res);
    if (policy === 'DAILY') return { retry: false };
    // Search's per-second bucket clears within a second; the burst bucket within its window
    // (our own limiter normally keeps us out of it; this covers other apps sharing the account).
    const floor = policy === 'SECONDLY' ? 1000 : 0;
    return { retry: true, reason: `HTTP 429 ${policy ?? 'rate limit'}`, delayMs: Math.max(floor, retryAfterMs(res) ?? 0) };
  }
  if (s === 423) return { retry: true, reason: 'HTTP 423 locked', delayMs: Math.max(2000, retryAfterMs(res) ?? 0) };
  if (s === 477) return { retry: true, reason: 'HTTP 477 migration in progress', delayMs: retryAfterMs(res) ?? 1000 };
  // 501 Not Implemented does not pass by waiting (a HubSpot-compatible server without that endpoint).
  if (s === 408 || (s >= 500 && s !== 501)) return { retry: true, reason: `HTTP ${s}`, delayMs: retryAfterMs(res) };
  // A 200 whose body is not JSON (cut off, or a gateway page) is a transient fault: try again.
  if (s >= 200 && s < 300 && typeof res.data === 'string' && res.data !== '' && !/^\s*$/.test(res.data)) {
    return { retry: true, reason: `HTTP ${s} with a body that is not JSON` };
  }
  return { retry: false };
}

/** Scopes HubSpot says would grant the call (any one is enough); old and new key names. */
export function requiredScopes(res: HttpResponse): string[] {
  const out = new Set<string>();
  for (const e of body(res).errors ?? []) {
    for (const key of ['requiredGranularScopes', 'requiredScopes']) {
      const v = e?.context?.[key];
      if (Array.isArray(v)) for (const s of v) if (typeof s === 'string') out.add(s);
    }
  }
  return [...out];
}

export interface ErrorContext {
  method: string;
  /** Redacted path for messages. */
  what: string;
  stream?: string;
  /** When the daily limit resets, if known. */
  resetsAt?: () => Date | undefined;
}

/** The error to throw for a response that is not a success after retries. */
export function errorFor(res: HttpResponse, ctx: ErrorContext): Error {
  const b = body(res);
  const where = ctx.stream ? ` while reading stream "${ctx.stream}"` : '';
  if (res.status === 401) {
    return new AuthError(`HubSpot rejected the token (401)${where}: it was revoked, regenerated or never valid.`, { hint: TOKEN_HELP });
  }
  if (res.status === 403 && (b.category === 'MISSING_SCOPES' || requiredScopes(res).length > 0)) {
    const scopes = requiredScopes(res);
    const need = scopes.length ? scopes.join(' or ') : 'a scope HubSpot did not name';
    return new MissingScopesError(`The HubSpot token lacks a scope${where}: it needs ${need}.`, {
      scopes,
      stream: ctx.stream,
      hint: `Add ${scopes.length > 1 ? 'one of these scopes' : 'this scope'} to the token (Settings → Integrations → Service Keys / Private Apps), or set skip_missing_scopes: true to skip such streams with a warning.`,
    });
  }
  if (res.status === 429 && policyOf(res) === 'DAILY') {
    const resetsAt = ctx.resetsAt?.();
    const when = resetsAt ? ` It resets at ${resetsAt.toISOString()}.` : " It resets at midnight in the HubSpot account's time zone.";
    return new QuotaExhaustedError(`HubSpot's daily API limit for this account is used up${where}.${when}`, {
      resetsAt,
      hint: 'Progress so far is saved; run the pipeline again after the reset and it continues where it stopped.',
    });
  }
  const detail = typeof b.message === 'string' ? b.message : bodyExcerpt(res.data);
  return new HttpError(`HubSpot answered ${res.status} to ${ctx.method} ${ctx.what}${where}: ${detail}`, {
    status: res.status,
    method: ctx.method,
    url: res.url,
    body: typeof res.data === 'string' ? bodyExcerpt(res.data) : res.data,
    headers: res.headers,
    retryable: false,
    hint: res.status === 414 || res.status === 431 ? 'Lower max_url_length so pipe reads properties through POST batch/read.' : undefined,
  });
}
