// Marketing emails with statistics, email events (incremental by created, offset paging,
// resumable), and analytics reports (incremental by period).
import { type Simulator, startSimulator } from '@pipe/hubspot-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeConfig, openHarness, runStream } from './harness.ts';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 31, counts: { contacts: 10 }, rateLimits: false, customProperties: 0, marketingEmails: 30, emailEvents: 2500 });
});
afterAll(() => sim.close());

describe('marketing emails', () => {
  it('reads every email, archived included, with counters and ratios', async () => {
    const h = await openHarness(makeConfig(sim.url, sim.token));
    await runStream(h, 'marketing_emails');
    const rows = [...h.tables.get('marketing_emails')!.values()];
    expect(rows).toHaveLength(30);
    expect(rows.filter((r) => r.archived)).toHaveLength(2); // every 13th
    const sent = rows.find((r) => (r.stats_sent as number) > 0)!;
    expect(sent.stats_delivered).toBeLessThanOrEqual(sent.stats_sent as number);
    expect(typeof sent.stats_openratio).toBe('number');
    expect(sent.stats).toHaveProperty('counters');
    expect(sent.created_at).toBeInstanceOf(Date);
  });
});

describe('email events', () => {
  it('reads every event, resumes from any page, and reads nothing twice on the next run', async () => {
    const h = await openHarness(makeConfig(sim.url, sim.token));
    await runStream(h, 'email_events', { stopAfter: 1 });
    expect(h.tables.get('email_events')!.size).toBe(1000);
    expect(h.states.get('email_events')).toMatchObject({ phase: 'read' });
    await runStream(h, 'email_events');
    const rows = [...h.tables.get('email_events')!.values()];
    expect(rows).toHaveLength(2500);
    expect(rows.find((r) => r.type === 'CLICK')!.url).toMatch(/^https:/);
    expect(rows.find((r) => r.type === 'BOUNCE')!.extra).toHaveProperty('category');
    expect(h.states.get('email_events')).toMatchObject({ phase: 'idle' });
    const { batches } = await runStream(h, 'email_events');
    expect(batches.flatMap((b) => b.rows)).toHaveLength(0); // events are older than the watermark
  });

  it('starts at start_date', async () => {
    const h = await openHarness(makeConfig(sim.url, sim.token));
    await runStream(h, 'email_events', { options: { start_date: '2026-05-01' } });
    const rows = [...h.tables.get('email_events')!.values()];
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThan(2500);
    expect(rows.every((r) => (r.created as Date).getTime() >= Date.parse('2026-05-01'))).toBe(true);
  });

  it('refuses a start_date the calendar does not have, instead of reading from another day', async () => {
    const h = await openHarness(makeConfig(sim.url, sim.token));
    // Date.parse reads 2026-02-30 as March 2.
    await expect(runStream(h, 'email_events', { options: { start_date: '2026-02-30' } })).rejects.toThrow(/^email_events: start_date 2026-02-30 is not a day of the calendar$/);
    expect(h.tables.get('email_events')?.size ?? 0).toBe(0);
  });
});

describe('analytics', () => {
  it('reads totals and breakdowns per day, then only from the latest period on', async () => {
    const h = await openHarness(makeConfig(sim.url, sim.token));
    const options = { breakdowns: ['totals', 'sources'], period: 'daily', start_date: '2026-05-01', end_date: '2026-05-10' };
    await runStream(h, 'analytics', { options });
    const rows = [...h.tables.get('analytics')!.values()];
    expect(rows.filter((r) => r.breakdown_type === 'totals')).toHaveLength(10);
    expect(rows.filter((r) => r.breakdown_type === 'sources' && r.period_start === '2026-05-03').map((r) => r.breakdown)).toContain('ORGANIC');
    expect(typeof rows[0]!.visits).toBe('number');
    expect(h.states.get('analytics')).toEqual({ v: 1, next: { totals: '2026-05-10', sources: '2026-05-10' } });
    const { batches } = await runStream(h, 'analytics', { options: { ...options, end_date: '2026-05-12' } });
    const days = new Set(batches.flatMap((b) => b.rows.map((r) => r.period_start)));
    expect([...days].sort()).toEqual(['2026-05-10', '2026-05-11', '2026-05-12']);
  });

  it('reads weekly and monthly periods', async () => {
    const h = await openHarness(makeConfig(sim.url, sim.token));
    await runStream(h, 'analytics', { options: { breakdowns: ['geolocation'], period: 'weekly', start_date: '2026-04-01', end_date: '2026-04-30' } });
    const rows = [...h.tables.get('analytics')!.values()];
    expect(new Set(rows.map((r) => r.period_start)).size).toBe(5);
    expect(rows.every((r) => r.period === 'weekly' && r.breakdown_type === 'geolocation')).toBe(true);
  });

  it('a breakdown HubSpot does not document: read when the portal answers it, a named failure when it refuses (400 or 404)', async () => {
    const options = { breakdowns: ['totals', 'source'], start_date: '2026-05-01', end_date: '2026-05-02' };
    for (const answer of ['data', 400, 404] as const) {
      const portal = await startSimulator({ port: 0, seed: 32, counts: { contacts: 1 }, rateLimits: false, customProperties: 0, unknownBreakdown: answer });
      try {
        const h = await openHarness(makeConfig(portal.url, portal.token));
        const outcome = await runStream(h, 'analytics', { options }).catch((e) => e);
        const rows = [...h.tables.get('analytics')!.values()];
        // totals comes first and is kept either way.
        expect(rows.filter((r) => r.breakdown_type === 'totals'), String(answer)).toHaveLength(2);
        if (answer === 'data') {
          expect(rows.some((r) => r.breakdown_type === 'source')).toBe(true);
          continue;
        }
        expect(outcome.message).toBe(`analytics: HubSpot refused the breakdown "source" (it answered ${answer}), so this account's reports API does not know it`);
        expect(outcome.hint).toBe('Remove it from `breakdowns`, or use one HubSpot documents (totals, sessions, sources, geolocation, utm-campaigns); did you mean "sources"?');
        expect(h.states.get('analytics')).toEqual({ v: 1, next: { totals: '2026-05-02' } });
      } finally {
        await portal.close();
      }
    }
  });

  it('refuses a range that ends before it starts, or a day the calendar does not have', async () => {
    const h = await openHarness(makeConfig(sim.url, sim.token));
    const backwards = await runStream(h, 'analytics', { options: { start_date: '2026-05-10', end_date: '2026-05-01' } }).catch((e) => e);
    expect(backwards.message).toBe('analytics: start_date 2026-05-10 is after end_date 2026-05-01, so there is nothing to read');
    expect(backwards.hint).toBe('Set start_date on or before end_date.');
    await expect(runStream(h, 'analytics', { options: { start_date: '2026-05-01', end_date: '2026-04-31' } })).rejects.toThrow(/end_date 2026-04-31 is not a day of the calendar/);
    expect(h.tables.get('analytics')?.size ?? 0).toBe(0);
  });
});
