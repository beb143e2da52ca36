import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../src/index.ts';
import { call, listAll, small } from './helpers.ts';

let sim: Simulator;
beforeAll(async () => {
  sim = await small({ marketingEmails: 25, emailEvents: 450 });
});
afterAll(() => sim.close());

describe('owners, pipelines, schemas, custom objects', () => {
  it('owners page, and deactivated owners show only with archived=true', async () => {
    const live = await listAll(sim, '/crm/v3/owners?limit=10');
    const archived = await listAll(sim, '/crm/v3/owners?archived=true');
    expect(live.length + archived.length).toBe(25);
    expect(archived.every((o) => o.archived)).toBe(true);
    expect(live[0]).toMatchObject({ id: expect.any(String), email: expect.any(String), userId: expect.any(Number), type: expect.stringMatching(/PERSON|QUEUE/) });
    const byUser = await call(sim, `/crm/v3/owners/${live[0].userId}?idProperty=userId`);
    expect(byUser.body.id).toBe(live[0].id);
    // hubspot_owner_id values reference these owners.
    const ids = new Set([...live, ...archived].map((o) => o.id));
    const deals = await listAll(sim, '/crm/v3/objects/deals?limit=100&properties=hubspot_owner_id,pipeline,dealstage');
    for (const d of deals) if (d.properties.hubspot_owner_id) expect(ids.has(d.properties.hubspot_owner_id)).toBe(true);
    const pipes = (await call(sim, '/crm/v3/pipelines/deals')).body;
    expect(pipes.paging).toBeUndefined();
    const stageOf = new Map(pipes.results.map((p: any) => [p.id, new Set(p.stages.map((s: any) => s.id))]));
    for (const d of deals) expect((stageOf.get(d.properties.pipeline) as Set<string>).has(d.properties.dealstage)).toBe(true);
    expect(pipes.results[0].createdAt).toBe('1970-01-01T00:00:00.000Z');
    expect(pipes.results[0].stages[0].metadata.probability).toMatch(/^\d\.\d$/);
    const tickets = (await call(sim, '/crm/v3/pipelines/tickets')).body.results;
    expect(tickets[0].stages[0].metadata.ticketState).toBe('OPEN');
  });

  it('custom object schemas, and records by objectTypeId or fully qualified name', async () => {
    for (const path of ['/crm-object-schemas/v3/schemas', '/crm/v3/schemas']) {
      const r = await call(sim, path);
      expect(r.status).toBe(200);
      expect(r.body.results).toHaveLength(1);
    }
    const schema = (await call(sim, '/crm-object-schemas/v3/schemas')).body.results[0];
    expect(schema.objectTypeId).toMatch(/^2-\d+$/);
    expect(schema.properties.some((p: any) => p.name === 'custom_multi_1')).toBe(true);
    const byName = await call(sim, '/crm/v3/objects/cars?limit=5');
    const byId = await call(sim, `/crm/v3/objects/${schema.objectTypeId}?limit=5`);
    const byFqn = await call(sim, `/crm/v3/objects/${schema.fullyQualifiedName}?limit=5`);
    expect(byId.body.results).toEqual(byName.body.results);
    expect(byFqn.body.results).toEqual(byName.body.results);
    expect((await call(sim, `/crm/v3/objects/${schema.objectTypeId}?limit=5`, { token: null })).status).toBe(401);
    expect((await call(sim, '/crm/v3/objects/not_a_type')).status).toBe(400);
  });

  it('serves schemas on one path only when configured (schemaPaths), the other answering 404', async () => {
    for (const [schemaPaths, current, legacy] of [['current', 200, 404], ['legacy', 404, 200]] as const) {
      const one = await small({ behaviour: { schemaPaths } });
      try {
        expect((await call(one, '/crm-object-schemas/v3/schemas')).status).toBe(current);
        expect((await call(one, '/crm/v3/schemas')).status).toBe(legacy);
        expect((await call(one, '/crm-object-schemas/v3/schemas/cars')).status).toBe(current);
        expect((await call(one, '/crm/v3/schemas/cars')).status).toBe(legacy);
      } finally {
        await one.close();
      }
    }
  });
});

describe('marketing, events, analytics, account', () => {
  it('marketing emails v3 with total, cursor paging and includeStats', async () => {
    const first = await call(sim, '/marketing/v3/emails?limit=10');
    expect(first.body.total).toBeGreaterThan(10);
    expect(first.body.results[0].stats).toBeUndefined();
    const all = await listAll(sim, '/marketing/v3/emails?limit=10&includeStats=true');
    expect(all).toHaveLength(first.body.total);
    const s = all.find((e) => e.isPublished).stats;
    expect(Number.isInteger(s.counters.sent)).toBe(true);
    expect(typeof s.ratios.openratio).toBe('number');
    const one = await call(sim, `/marketing/v3/emails/${all[0].id}?includeStats=true`);
    expect(one.body.stats).toBeDefined();
  });

  it('legacy email events page with offset/hasMore', async () => {
    const events = [];
    let offset: string | undefined;
    for (;;) {
      const r = await call(sim, `/email/public/v1/events?limit=200${offset ? `&offset=${offset}` : ''}`);
      expect(r.status).toBe(200);
      events.push(...r.body.events);
      if (!r.body.hasMore) break;
      offset = r.body.offset;
    }
    expect(events).toHaveLength(450);
    expect(new Set(events.map((e) => e.id)).size).toBe(450);
    expect(events[0]).toMatchObject({ type: expect.any(String), recipient: expect.stringContaining('@'), created: expect.any(Number) });
    const opens = await call(sim, '/email/public/v1/events?eventType=OPEN&limit=1000');
    expect(opens.body.events.every((e: any) => e.type === 'OPEN')).toBe(true);
  });

  it('analytics v2 reports, account details and daily usage', async () => {
    const total = await call(sim, '/analytics/v2/reports/sources/total?start=20260101&end=20260131');
    expect(total.body.breakdowns.map((b: any) => b.breakdown)).toContain('ORGANIC');
    expect(total.body.totals.visits).toEqual(expect.any(Number));
    const daily = await call(sim, '/analytics/v2/reports/totals/daily?start=20260101&end=20260107');
    expect(Object.keys(daily.body)).toHaveLength(7);
    const details = await call(sim, '/account-info/v3/details');
    expect(details.body).toMatchObject({ portalId: expect.any(Number), timeZone: 'Europe/Berlin', accountType: 'STANDARD' });
    const usage = await call(sim, '/account-info/v3/api-usage/daily/private-apps');
    expect(usage.body.results[0]).toMatchObject({ name: 'private-apps-api-calls-daily', fetchStatus: 'SUCCESS' });
    expect(usage.body.results[0].currentUsage).toBeGreaterThan(0);
  });
});
