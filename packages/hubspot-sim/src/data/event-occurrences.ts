// Web analytics / behavioural event occurrences (API-FACTS-2 §10), derived from the seed: each
// generated record of a type with events gets a few, spread from 60 days before the start to 30
// days after it. Only occurrences at or before the simulator's clock are visible, so advancing
// the clock makes new ones appear, as time does; `addEvent` adds one at a chosen time.
import { PORTAL_ID } from './object-types.ts';
import type { Portal } from './portal.ts';
import { Rng, hashString, mix } from './random.ts';

const DAY = 86_400_000;

export interface EventOccurrence {
  id: string;
  eventType: string;
  /** Singular, as the API writes it (`contact`). */
  objectType: string;
  objectId: string;
  occurredAt: string;
  properties: Record<string, string>;
  /** occurredAt as epoch ms (not sent). */
  atMs: number;
}

/** Object types whose records carry events (the API takes any object; these are the ones sites and apps track). */
export const EVENT_OBJECT_TYPES = ['contacts', 'companies', 'deals', 'tickets'];

/** Every type the event-types endpoint lists; the custom behavioural one is named after the portal. */
export const EVENT_TYPES = ['e_visited_page', 'e_submitted_form', 'e_clicked_link', 'e_booked_meeting', `pe${PORTAL_ID}_demo_requested`];

function propertiesFor(type: string, r: Rng): Record<string, string> {
  const page = r.pick(['/pricing', '/blog/etl-in-2026', '/docs/getting-started', '/', '/contact', '/blog/über-uns']);
  switch (type) {
    case 'e_visited_page':
      return { hs_url: `https://www.example.com${page}`, hs_page_title: `Example ${page}`, hs_referrer: r.pick(['https://www.google.com/', '', 'https://news.ycombinator.com/']) };
    case 'e_submitted_form':
      return { hs_form_id: `f${r.int(9)}0b5e1c-2a3b-4c5d-8e9f-0a1b2c3d4e5f`, hs_url: `https://www.example.com${page}` };
    case 'e_clicked_link':
      return { hs_link_url: `https://www.example.com${page}?utm_source=newsletter`, hs_url: 'https://www.example.com/' };
    case 'e_booked_meeting':
      return { hs_meeting_type: r.pick(['demo', 'onboarding']) };
    default:
      return { plan: r.pick(['team', 'business']), seats: String(1 + r.int(50)) };
  }
}

/** The occurrences of one object type, sorted by time (then id). Built once per type and kept. */
export class EventLog {
  private readonly byType = new Map<string, EventOccurrence[]>();
  private added = 0;

  constructor(
    private readonly portal: Portal,
    private readonly perRecord: number,
  ) {}

  of(typeName: string): EventOccurrence[] {
    let list = this.byType.get(typeName);
    if (!list) {
      list = EVENT_OBJECT_TYPES.includes(typeName) ? this.generate(typeName) : [];
      this.byType.set(typeName, list);
    }
    return list;
  }

  add(typeName: string, objectId: string, eventType: string, atMs: number, properties: Record<string, string>): EventOccurrence {
    const s = this.portal.store(typeName);
    if (!s.isLive(s.indexOf(objectId))) throw new Error(`${s.type.name} ${objectId} does not exist (or is archived, merged or deleted)`);
    const ev: EventOccurrence = { id: `added-${++this.added}-${objectId}`, eventType, objectType: s.type.singular, objectId, occurredAt: new Date(atMs).toISOString(), properties, atMs };
    const list = this.of(s.type.name);
    list.push(ev);
    list.sort(byTime);
    return ev;
  }

  private generate(typeName: string): EventOccurrence[] {
    const s = this.portal.stores.get(typeName);
    if (!s) return [];
    const start = this.portal.world.startMs;
    const salt = hashString(`events:${typeName}`);
    const out: EventOccurrence[] = [];
    for (let i = 0; i < s.generatedCount; i++) {
      const r = new Rng(mix(mix(this.portal.seed, salt), i));
      // 0 … 2 × perRecord events, perRecord on average.
      const n = r.int(2 * this.perRecord + 1);
      const objectId = s.idOf(i);
      for (let k = 0; k < n; k++) {
        const eventType = r.pick(EVENT_TYPES);
        const atMs = start - 60 * DAY + r.int(90 * DAY);
        const id = `${(mix(salt, i * 64 + k) >>> 0).toString(16).padStart(8, '0')}-${objectId}-${k}`;
        out.push({ id, eventType, objectType: s.type.singular, objectId, occurredAt: new Date(atMs).toISOString(), properties: propertiesFor(eventType, r), atMs });
      }
    }
    return out.sort(byTime);
  }
}

function byTime(a: EventOccurrence, b: EventOccurrence): number {
  return a.atMs - b.atMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

const logs = new WeakMap<Portal, EventLog>();

/** The portal's event log (one per portal, shared by the routes and the control plane). */
export function eventLogOf(portal: Portal): EventLog {
  let log = logs.get(portal);
  if (!log) logs.set(portal, (log = new EventLog(portal, portal.opts.eventOccurrences ?? 2)));
  return log;
}
