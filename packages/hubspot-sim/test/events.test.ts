// Event occurrences (API-FACTS-2 §10): types list, filters, cursor paging, limits, the portal-wide
// switch and the Enterprise refusal; occurrences appear as the clock passes them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../src/index.ts';
import { call } from './helpers.ts';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ seed: 9, rateLimits: false, counts: { contacts: 120, companies: 10 }, customObjects: [], eventOccurrences: 2 });
});
afterAll(() => sim.close());

const walk = async (query: string) => {
  const seen: any[] = [];
  let after = '';
  let pages = 0;
  do {
    const r = await call(sim, `/events/v3/events?${query}${after ? `&after=${after}` : ''}`);
    expect(r.status).toBe(200);
    seen.push(...r.body.results);
    after = r.body.paging?.next?.after ?? '';
    pages++;
  } while (after);
  return { seen, pages };
};

describe('event occurrences', () => {
  it('lists the event types', async () => {
    const r = await call(sim, '/events/v3/events/event-types');
    expect(r.body.eventTypes).toContain('e_visited_page');
    expect(r.body.eventTypes.some((t: string) => /^pe\d+_/.test(t))).toBe(true);
  });

  it('pages a whole object type oldest first, 100 a page, equal to the truth; only what has occurred', async () => {
    const truth = sim.control.events('contacts');
    expect(truth.length).toBeGreaterThan(150);
    const { seen, pages } = await walk('objectType=contact&sort=ASCENDING&limit=100');
    expect(pages).toBe(Math.ceil(truth.length / 100));
    expect(seen).toEqual(truth);
    expect(seen.every((e) => Date.parse(e.occurredAt) <= sim.control.now().getTime())).toBe(true);
    expect(seen[0]).toMatchObject({ objectType: 'contact', objectId: expect.any(String), properties: expect.any(Object) });
    // Newest first unless asked otherwise; -occurredAt also means newest first.
    const desc = await call(sim, '/events/v3/events?objectType=contact&limit=5');
    expect(desc.body.results).toEqual(truth.slice(-5).reverse());
    expect((await call(sim, '/events/v3/events?objectType=contact&limit=5&sort=-occurredAt')).body.results).toEqual(desc.body.results);
  });

  it('filters by object id, event type and an exclusive time window', async () => {
    const truth = sim.control.events('contacts');
    const one = truth[10]!;
    const byId = await walk(`objectType=contact&objectId=${one.objectId}&sort=ASCENDING&limit=100`);
    expect(byId.seen).toEqual(truth.filter((e) => e.objectId === one.objectId));
    const typed = await walk('objectType=contact&eventType=e_visited_page&sort=ASCENDING&limit=100');
    expect(typed.seen).toEqual(truth.filter((e) => e.eventType === 'e_visited_page'));
    const [a, b] = [truth[20]!.occurredAt, truth[40]!.occurredAt];
    const win = await walk(`objectType=contact&occurredAfter=${a}&occurredBefore=${b}&sort=ASCENDING&limit=100`);
    expect(win.seen).toEqual(truth.filter((e) => e.occurredAt > a && e.occurredAt < b));
  });

  it('shows occurrences once the clock passes them, and added ones', async () => {
    const before = sim.control.events('companies').length;
    sim.control.advanceClock(10 * 86_400_000);
    const later = sim.control.events('companies');
    expect(later.length).toBeGreaterThan(before);
    const id = sim.control.truth('companies')[0]!.id;
    const added = sim.control.addEvent('companies', id, 'e_booked_meeting', { properties: { hs_meeting_type: 'demo' } });
    const { seen } = await walk(`objectType=company&objectId=${id}&sort=ASCENDING&limit=100`);
    expect(seen.at(-1)).toEqual(added);
  });

  it('answers 400 to bad input and limits above the maximum', async () => {
    for (const q of ['', 'objectType=spaceship', 'objectType=contact&objectId=abc', 'objectType=contact&limit=101', 'objectType=contact&sort=up', 'objectType=contact&occurredAfter=yesterday']) {
      const r = await call(sim, `/events/v3/events?${q}`);
      expect(r.status, q).toBe(400);
      expect(r.body.category).toBe('VALIDATION_ERROR');
    }
  });
});

describe('event occurrences, portal variants', () => {
  it('without portal-wide reads, objectId is required; the 2026-03 path serves the same', async () => {
    const other = await startSimulator({ seed: 9, rateLimits: false, counts: { contacts: 5 }, customObjects: [], behaviour: { eventsPortalWide: false, eventsMaxLimit: 20 } });
    try {
      const r = await call(other, '/events/v3/events?objectType=contact');
      expect(r.status).toBe(400);
      expect(r.body.message).toMatch(/objectId is required/);
      const id = other.control.truth('contacts')[0]!.id;
      const ok = await call(other, `/events/event-occurrences/2026-03?objectType=contact&objectId=${id}&limit=20`);
      expect(ok.status).toBe(200);
      expect((await call(other, `/events/v3/events?objectType=contact&objectId=${id}&limit=21`)).status).toBe(400);
    } finally {
      await other.close();
    }
  });

  it('an account without the feature gets 403', async () => {
    const other = await startSimulator({ seed: 9, rateLimits: false, counts: { contacts: 5 }, customObjects: [], accountLacks: { events: 403 } });
    try {
      const r = await call(other, '/events/v3/events?objectType=contact');
      expect(r.status).toBe(403);
      expect(r.body.message).toMatch(/web analytics events/);
      expect((await call(other, '/events/v3/events/event-types')).status).toBe(200);
    } finally {
      await other.close();
    }
  });
});
