import { AuthError, HttpError, type HttpResponse, MissingScopesError, QuotaExhaustedError } from '@pipe/sdk';
import { describe, expect, it } from 'vitest';
import { classifyResponse, errorFor, requiredScopes } from '../src/errors.ts';

const res = (status: number, data: unknown, headers: Record<string, string> = {}): HttpResponse => ({ status, data, headers, url: 'https://api.hubapi.com/x' });
const ctx = { method: 'GET', what: '/crm/v3/objects/deals', stream: 'deals' };

describe('retry policy', () => {
  it('retries burst and search 429s, never DAILY', () => {
    expect(classifyResponse(res(429, { policyName: 'TEN_SECONDLY_ROLLING' }))).toMatchObject({ retry: true });
    expect(classifyResponse(res(429, { message: 'You have reached your secondly limit.' }))).toMatchObject({ retry: true, delayMs: 1000 });
    expect(classifyResponse(res(429, { policyName: 'DAILY' }))).toEqual({ retry: false });
    expect(classifyResponse(res(429, { message: 'You have reached your daily limit.', errorType: 'RATE_LIMIT' }))).toEqual({ retry: false });
    expect(classifyResponse(res(429, '', { 'retry-after': '3' }))).toMatchObject({ retry: true, delayMs: 3000 });
  });
  it('honours Retry-After in seconds or as a date, but never waits more than a minute on one answer', () => {
    // "10000" meant as ms (HubSpot documents ms for webhooks) would otherwise be a 2.8-hour sleep.
    expect(classifyResponse(res(429, '', { 'retry-after': '10000' }))).toMatchObject({ retry: true, delayMs: 60_000 });
    expect(classifyResponse(res(503, '', { 'retry-after': '0.5' }))).toMatchObject({ retry: true, delayMs: 500 });
    const date = classifyResponse(res(503, '', { 'retry-after': new Date(Date.now() + 20_000).toUTCString() }));
    expect(date).toMatchObject({ retry: true });
    expect((date as { delayMs: number }).delayMs).toBeGreaterThan(15_000);
    expect((date as { delayMs: number }).delayMs).toBeLessThanOrEqual(20_000);
    expect(classifyResponse(res(503, '', { 'retry-after': 'soon' }))).toEqual({ retry: true, reason: 'HTTP 503', delayMs: undefined });
  });
  it('retries 5xx with HTML or empty bodies, 423 after ≥2 s, and nothing for 4xx', () => {
    expect(classifyResponse(res(502, '<html><title>502 Bad Gateway</title></html>'))).toMatchObject({ retry: true });
    expect(classifyResponse(res(504, ''))).toMatchObject({ retry: true });
    expect(classifyResponse(res(423, {}))).toMatchObject({ retry: true, delayMs: 2000 });
    for (const s of [400, 401, 403, 404, 405, 414, 501]) expect(classifyResponse(res(s, {}))).toEqual({ retry: false });
  });
});

describe('errors a person can act on', () => {
  it('401', () => {
    const e = errorFor(res(401, { category: 'INVALID_AUTHENTICATION' }), ctx);
    expect(e).toBeInstanceOf(AuthError);
    expect(e.message).toMatch(/revoked, regenerated or never valid/);
  });
  it('403 reads both scope keys', () => {
    const body = { category: 'MISSING_SCOPES', errors: [{ context: { requiredScopes: ['tickets'] } }, { context: { requiredGranularScopes: ['crm.objects.deals.read'] } }] };
    expect(requiredScopes(res(403, body))).toEqual(['tickets', 'crm.objects.deals.read']);
    const e = errorFor(res(403, body), ctx) as MissingScopesError;
    expect(e).toBeInstanceOf(MissingScopesError);
    expect(e.stream).toBe('deals');
    expect(e.message).toMatch(/stream "deals": it needs tickets or crm\.objects\.deals\.read/);
  });
  it('DAILY says when it resets', () => {
    const e = errorFor(res(429, { policyName: 'DAILY' }), { ...ctx, resetsAt: () => new Date('2026-06-02T22:00:00Z') }) as QuotaExhaustedError;
    expect(e).toBeInstanceOf(QuotaExhaustedError);
    expect(e.message).toMatch(/resets at 2026-06-02T22:00:00.000Z/);
  });
  it('HTML bodies become a short excerpt, not a parse error', () => {
    const e = errorFor(res(414, '<html>\r\n<head><title>414 Request-URI Too Large</title></head></html>'), ctx) as HttpError;
    expect(e).toBeInstanceOf(HttpError);
    expect(e.message).toMatch(/414.*Request-URI Too Large/);
    expect(e.hint).toMatch(/max_url_length/);
  });
});
