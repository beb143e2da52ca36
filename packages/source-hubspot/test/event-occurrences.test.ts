// Event occurrences (opt-in, API-FACTS-2 §10): equal to the simulator's truth on the first run and
// after new events (incremental by occurrence time), paging past one page of 100, the event type
// filter, the per-record fallback when HubSpot will not list a whole portal, and an account
// without the feature (fails alone, or skipped). The clock is injected: no sleeping.
import { type Simulator, startSimulator } from '@pipe/hubspot-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, makeConfig, openHarness, runStream } from './harness.ts';
import { type SimProxy, startProxy } from './proxy.ts';

const DAY = 86_400_000;
const STREAM = 'event_occurrences';

interface Ev {
  id: string;
  eventType: string;
  objectId: string;
  occurredAt: string;
  properties: Record<string, string>;
}

function startSim(extra: Parameters<typeof startSimulator>[0] = {}) {
  return startSimulator({ port: 0, seed: 61, counts: { contacts: 90, companies: 8 }, customObjects: [], rateLimits: false, customProperties: 0, eventOccurrences: 2, ...extra });
}

/** The table as the truth's shape, sorted: exact equality, column by column. */
const asTruth = (h: Harness, object: string) =>
  [...(h.tables.get(STREAM)?.values() ?? [])]
    .filter((r) => r.object_type === object)
    .map((r) => ({ id: r.id, eventType: r.event_type, objectId: r.object_id, occurredAt: (r.occurred_at as Date).toISOString(), properties: r.properties }))
    .sort((a, b) => String(a.id).localeCompare(String(b.id)));
const truthOf = (sim: Simulator, type: string) =>
  sim.control
    .events(type)
    .map((e: Ev) => ({ id: e.id, eventType: e.eventType, objectId: e.objectId, occurredAt: e.occurredAt, properties: e.properties }))
    .sort((a, b) => a.id.localeCompare(b.id));
const metric = (h: Harness, name: string) => h.ctx.metrics.snapshot()[STREAM]?.[name] ?? 0;

describe('event occurrences', () => {
  let sim: Simulator;
  let now = 0;
  beforeAll(async () => {
    sim = await startSim();
    now = sim.control.now().getTime();
  });
  afterAll(() => sim.close());
  const advance = (ms: number) => {
    now += ms;
    sim.control.advanceClock(ms);
  };
  async function run(prev: Harness | undefined, options: Record<string, unknown> = { objects: ['contacts', 'companies'] }, url = sim.url): Promise<Harness> {
    const h = await openHarness(makeConfig(url, sim.token), { selected: { [STREAM]: options }, now: () => now });
    if (prev) {
      h.tables = prev.tables;
      h.states = prev.states;
    }
    await runStream(h, STREAM, { options });
    return h;
  }

  it('first run equals the truth, paging past one page; later runs read only new occurrences', async () => {
    let h = await run(undefined);
    const contacts = truthOf(sim, 'contacts');
    expect(contacts.length).toBeGreaterThan(100); // more than one page of 100
    expect(asTruth(h, 'contacts')).toEqual(contacts);
    expect(asTruth(h, 'companies')).toEqual(truthOf(sim, 'companies'));
    // contacts: 2 pages (or more), companies: 1.
    expect(metric(h, 'api_calls.events')).toBe(Math.ceil(contacts.length / 100) + 1);
    expect(h.states.get(STREAM)).toEqual({ v: 1, objects: { contacts: { watermark: now }, companies: { watermark: now } } });

    // Time passes: occurrences dated after the start appear; one is added by hand.
    advance(3 * DAY);
    const id = sim.control.truth('contacts')[7]!.id;
    sim.control.addEvent('contacts', id, 'pe_demo', { at: new Date(now - 60_000), properties: { plan: 'team' } });
    h = await run(h);
    expect(asTruth(h, 'contacts')).toEqual(truthOf(sim, 'contacts'));
    expect(asTruth(h, 'companies')).toEqual(truthOf(sim, 'companies'));
    // Only the new window: a handful of occurrences, one page per object.
    expect(metric(h, 'api_calls.events')).toBe(2);
    expect(asTruth(h, 'contacts').find((e) => e.eventType === 'pe_demo')).toMatchObject({ objectId: id, properties: { plan: 'team' } });
  });

  it('event_types: only those types, one read per type and object', async () => {
    const h = await run(undefined, { objects: ['contacts'], event_types: ['e_visited_page', 'e_submitted_form'] });
    const want = truthOf(sim, 'contacts').filter((e) => e.eventType === 'e_visited_page' || e.eventType === 'e_submitted_form');
    expect(asTruth(h, 'contacts')).toEqual(want);
    expect(metric(h, 'api_calls.events')).toBeGreaterThanOrEqual(2);
  });

  it('is opt-in: not in the default selection, and needs objects', async () => {
    const all = await openHarness(makeConfig(sim.url, sim.token), { now: () => now });
    expect(all.schemas.map((s) => s.name)).not.toContain(STREAM);
    await expect(run(undefined, {})).rejects.toThrow(/event occurrences are opt-in per object/);
    // A typo fails the stream before any call, instead of reading nothing and succeeding.
    await expect(run(undefined, { objects: ['contacts', 'contcts'] })).rejects.toThrow(/objects names "contcts", which is no object stream pipe reads events for/);
  });

  it('pipe plan: at least one call per object and type', async () => {
    const h = await openHarness(makeConfig(sim.url, sim.token), { selected: { [STREAM]: { objects: ['contacts', 'companies'] } }, now: () => now });
    const est = await h.conn.estimate!([{ schema: h.schemas.find((s) => s.name === STREAM)!, options: { objects: ['contacts', 'companies'] }, mode: 'incremental', state: undefined }]);
    expect(est.streams[0]).toMatchObject({ stream: STREAM, calls: 2 });
    expect(est.streams[0]!.note).toContain('+1 call per 100 occurrences');
  });

  it('a page of the wrong shape fails the stream instead of ending it short', async () => {
    const bodies = [JSON.stringify({ status: 'ok' }), JSON.stringify({ results: [{ id: '1', eventType: 'e_visited_page' }] })];
    for (const wrong of bodies) {
      const proxy: SimProxy = await startProxy(sim.url, { rewrite: (_m, url, status) => (url.startsWith('/events/v3/events?') && status === 200 ? wrong : undefined) });
      try {
        const h = await openHarness(makeConfig(proxy.url, sim.token, { retry_base_ms: 5 }), { selected: { [STREAM]: { objects: ['contacts'] } }, now: () => now });
        await expect(runStream(h, STREAM, { options: { objects: ['contacts'] } })).rejects.toThrow(/(has no "results" list|without an "occurredAt" time); nothing from it was used/);
        expect(h.tables.get(STREAM)?.size ?? 0).toBe(0);
      } finally {
        await proxy.close();
      }
    }
  });
});

describe('event occurrences when HubSpot lists them only per record', () => {
  let sim: Simulator;
  let now = 0;
  beforeAll(async () => {
    sim = await startSim({ counts: { contacts: 30, companies: 2 }, behaviour: { eventsPortalWide: false } });
    now = sim.control.now().getTime();
  });
  afterAll(() => sim.close());
  const options = { objects: ['contacts'] };
  const open = () => openHarness(makeConfig(sim.url, sim.token), { selected: { [STREAM]: options }, now: () => now });

  it('falls back to one record at a time, remembers it, and resumes after the last record done', async () => {
    let h = await open();
    await runStream(h, STREAM, { options });
    expect(asTruth(h, 'contacts')).toEqual(truthOf(sim, 'contacts'));
    expect(h.logs.some((l) => /warn: event_occurrences: HubSpot refused to list contacts events portal-wide .*one record at a time/.test(l))).toBe(true);
    // 1 refused portal-wide call + 1 per record (each fits one page); ids listed in 1 call.
    expect(metric(h, 'api_calls.events')).toBe(1 + 30);
    expect(metric(h, 'api_calls.list_ids')).toBe(1);
    expect(h.states.get(STREAM)).toEqual({ v: 1, objects: { contacts: { watermark: now, per: 1 } } });

    // The next run goes per record straight away; a crash after 10 records resumes at the 11th.
    now += 2 * DAY;
    sim.control.advanceClock(2 * DAY);
    const prev = h;
    h = await open();
    h.tables = prev.tables;
    h.states = prev.states;
    await runStream(h, STREAM, { options, stopAfter: 10 });
    const cut = h.states.get(STREAM) as { objects: { contacts: { done: string } } };
    const ids = sim.control.truth('contacts').map((r) => r.id);
    expect(cut.objects.contacts.done).toBe(ids[9]);
    const again = await open();
    again.tables = h.tables;
    again.states = h.states;
    await runStream(again, STREAM, { options });
    expect(metric(again, 'api_calls.events')).toBe(20);
    expect(asTruth(again, 'contacts')).toEqual(truthOf(sim, 'contacts'));
    const est = await again.conn.estimate!([{ schema: again.schemas.find((s) => s.name === STREAM)!, options, mode: 'incremental', state: again.states.get(STREAM) }]);
    expect(est.streams[0]).toMatchObject({ calls: 1 + 30 });
    expect(est.streams[0]!.note).toContain('contacts: per record (30)');
  });
});

describe('event occurrences in an account without them (not Enterprise)', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSim({ counts: { contacts: 5 }, accountLacks: { events: 403 } });
  });
  afterAll(() => sim.close());

  it('a named stream fails alone saying so; skip_unavailable skips it; pipe check says it cannot run', async () => {
    const options = { objects: ['contacts'] };
    const h = await openHarness(makeConfig(sim.url, sim.token), { selected: { [STREAM]: options } });
    await expect(runStream(h, STREAM, { options })).rejects.toThrow(/stream event_occurrences cannot run in this portal: the account or token has no access to it.*web analytics events/);
    const check = await h.conn.check!([{ schema: h.schemas.find((s) => s.name === STREAM)!, options, mode: 'incremental', state: undefined }]);
    expect(check.details.find((d) => d.label === `stream ${STREAM}`)).toMatchObject({ ok: false, value: expect.stringMatching(/^cannot run in this portal: .*web analytics events/) });
    const skipping = await openHarness(makeConfig(sim.url, sim.token, { skip_unavailable: true }), { selected: { [STREAM]: options } });
    await runStream(skipping, STREAM, { options });
    expect(skipping.logs.some((l) => /warn: skipping stream event_occurrences: /.test(l))).toBe(true);
    expect(skipping.ctx.metrics.snapshot()[STREAM]?.skipped_unavailable).toBe(1);
  });
});
