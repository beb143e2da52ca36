// Owners (deactivated ones too) and deal/ticket pipelines with their stages.
import { type Simulator, startSimulator } from '@pipe/hubspot-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeConfig, openHarness, runStream } from './harness.ts';
import { startProxy } from './proxy.ts';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 11, counts: { contacts: 20, deals: 20, tickets: 10 }, rateLimits: false, customProperties: 0, owners: 25 });
});
afterAll(() => sim.close());

describe('owners and pipelines', () => {
  it('reads every owner, deactivated ones marked archived', async () => {
    const h = await openHarness(makeConfig(sim.url, sim.token));
    await runStream(h, 'owners', { mode: 'full' });
    const rows = [...h.tables.get('owners')!.values()];
    expect(rows).toHaveLength(25);
    expect(rows.filter((r) => r.archived)).toHaveLength(3); // every 7th of 25
    const o = rows.find((r) => !r.archived)!;
    expect(o.full_name).toBe(`${o.first_name} ${o.last_name}`);
    expect(o.created_at).toBeInstanceOf(Date);
    // Every owner a deal points at resolves to a name.
    const ownerIds = new Set(rows.map((r) => r.id));
    for (const d of sim.control.truth('deals')) if (d.properties.hubspot_owner_id) expect(ownerIds.has(d.properties.hubspot_owner_id)).toBe(true);
  });

  it('reads deal and ticket pipelines and their stages', async () => {
    const h = await openHarness(makeConfig(sim.url, sim.token));
    await runStream(h, 'pipelines', { mode: 'full' });
    await runStream(h, 'pipeline_stages', { mode: 'full' });
    const pipelines = [...h.tables.get('pipelines')!.values()];
    expect(pipelines.map((p) => `${p.object_type}/${p.id}`).sort()).toEqual(['deals/2847001', 'deals/default', 'tickets/0', 'tickets/1120001']);
    expect((pipelines.find((p) => p.id === 'default')!.created_at as Date).getTime()).toBe(0);
    const stages = [...h.tables.get('pipeline_stages')!.values()];
    const won = stages.find((s) => s.id === 'closedwon')!;
    expect(won).toMatchObject({ object_type: 'deals', pipeline_id: 'default', probability: 1, is_closed: true, display_order: 5, ticket_state: null });
    expect(stages.find((s) => s.id === 'qualifiedtobuy')).toMatchObject({ probability: 0.4, is_closed: false });
    expect(stages.find((s) => s.object_type === 'tickets' && s.id === '4')).toMatchObject({ ticket_state: 'CLOSED', is_closed: true, probability: null });
    // Every deal's stage is a known stage of its pipeline.
    const known = new Set(stages.map((s) => `${s.pipeline_id}/${s.id}`));
    for (const d of sim.control.truth('deals')) expect(known.has(`${d.properties.pipeline}/${d.properties.dealstage}`)).toBe(true);
  });

  it('reads stage metadata sent as JSON booleans and numbers, not only as strings', async () => {
    // HubSpot sends metadata values as strings; a server sending `isClosed: true` must not read as open.
    const proxy = await startProxy(sim.url, {
      rewrite: (_m, url, status, body) => {
        if (status !== 200 || !/\/pipelines\/deals/.test(url)) return undefined;
        const typed = (md: Record<string, string>) => ({ ...md, isClosed: md.isClosed === 'true', probability: Number(md.probability) });
        const data = JSON.parse(body) as { results: { stages: { metadata: Record<string, string> }[] }[] };
        return JSON.stringify({ ...data, results: data.results.map((p) => ({ ...p, stages: p.stages.map((s) => ({ ...s, metadata: typed(s.metadata) })) })) });
      },
    });
    try {
      const h = await openHarness(makeConfig(proxy.url, sim.token));
      await runStream(h, 'pipeline_stages', { mode: 'full' });
      const stages = [...h.tables.get('pipeline_stages')!.values()];
      expect(stages.find((s) => s.id === 'closedwon')).toMatchObject({ probability: 1, is_closed: true });
      expect(stages.find((s) => s.id === 'qualifiedtobuy')).toMatchObject({ probability: 0.4, is_closed: false });
    } finally {
      await proxy.close();
    }
  });

  it('reads the pipelines it may when the token lacks tickets', async () => {
    const token = 'pat-na1-fake-deals-only';
    const other = await startSimulator({ port: 0, seed: 11, counts: { deals: 5 }, rateLimits: false, tokens: { [token]: { scopes: ['crm.objects.deals.read'] } } });
    try {
      const h = await openHarness(makeConfig(other.url, token, { skip_missing_scopes: true }));
      await runStream(h, 'pipelines', { mode: 'full' });
      expect([...h.tables.get('pipelines')!.values()].map((p) => p.object_type)).toEqual(['deals', 'deals']);
    } finally {
      await other.close();
    }
  });
});
