import { describe, expect, it } from 'vitest';
import { call, small } from './helpers.ts';

describe('rate limits', () => {
  it('rolling 10-second burst per token by tier, with headers and a TEN_SECONDLY_ROLLING 429 without Retry-After', async () => {
    const sim = await small({ rateLimits: true, tier: 'free' });
    try {
      const first = await call(sim, '/crm/v3/objects/contacts?limit=1');
      expect(first.headers.get('x-hubspot-ratelimit-max')).toBe('100');
      expect(first.headers.get('x-hubspot-ratelimit-remaining')).toBe('99');
      expect(first.headers.get('x-hubspot-ratelimit-interval-milliseconds')).toBe('10000');
      expect(first.headers.get('x-hubspot-ratelimit-daily')).toBe('250000');
      const rest = await Promise.all(Array.from({ length: 104 }, () => call(sim, '/crm/v3/objects/contacts?limit=1')));
      const limited = rest.filter((r) => r.status === 429);
      expect(limited).toHaveLength(5);
      expect(limited[0]!.body).toMatchObject({ status: 'error', errorType: 'RATE_LIMIT', policyName: 'TEN_SECONDLY_ROLLING' });
      expect(limited[0]!.headers.get('retry-after')).toBeNull();
      const stats = sim.control.stats();
      expect(stats.served429).toBe(5);
      expect(Object.values(stats.peakPer10s)[0]).toBe(105);
      expect(Object.keys(stats.peakPer10s)[0]).not.toContain(sim.token);
    } finally {
      await sim.close();
    }
  });

  it('search has its own per-second limit, exempt from the burst bucket', async () => {
    const sim = await small({ rateLimits: true, searchPerSecond: 3, retryAfter: true });
    try {
      const rs = await Promise.all(Array.from({ length: 5 }, () => call(sim, '/crm/v3/objects/contacts/search', { body: { limit: 1 } })));
      const limited = rs.filter((r) => r.status === 429);
      expect(limited).toHaveLength(2);
      expect(limited[0]!.body.message).toBe('You have reached your secondly limit.');
      expect(limited[0]!.headers.get('retry-after')).toBe('1');
      const normal = await call(sim, '/crm/v3/objects/contacts?limit=1');
      expect(normal.headers.get('x-hubspot-ratelimit-remaining')).toBe('189');
    } finally {
      await sim.close();
    }
  });

  it('daily limit answers 429 DAILY and the usage endpoint reports it', async () => {
    const sim = await small({ rateLimits: true, dailyLimit: 3 });
    try {
      for (let i = 0; i < 3; i++) expect((await call(sim, '/crm/v3/objects/contacts?limit=1')).status).toBe(200);
      const r = await call(sim, '/crm/v3/objects/contacts?limit=1');
      expect(r.status).toBe(429);
      expect(r.body.policyName).toBe('DAILY');
      sim.control.advanceClock(86_400_000);
      expect((await call(sim, '/crm/v3/objects/contacts?limit=1')).status).toBe(200);
    } finally {
      await sim.close();
    }
  });
});
