/**
 * Event occurrences (opt-in, API-FACTS-2 §10): web analytics and behavioural events (page views,
 * form submissions, custom behavioural events…) of the objects listed in `objects`, incremental
 * by occurrence time. Needs an Enterprise account (otherwise HubSpot refuses and the stream fails
 * alone, or is skipped with `skip_unavailable`); any valid token may read it.
 *
 * Each run reads, per object (and per `event_types` entry, if given), the window from the last
 * watermark minus the lookback to the run's start (frozen), pages of 100 by `after` cursor.
 * No `sort` is sent: the window is read whole before the watermark moves, so order does not
 * matter (and HubSpot's spellings of it differ). Whether `objectType` without `objectId` lists
 * the whole portal is UNCONFIRMED: if HubSpot answers 400, that object is read one record at a
 * time (its ids listed, 100 a call, then one call per record per page), as connectors do, with a
 * warning, and the checkpoint remembers it. Rows merge on (object_type, id), so the lookback's
 * overlap is harmless.
 *
 *   { v: 1, objects: { [object]: { watermark, per? } | { upper, from, after?, per?, done? } } }
 *   `per: 1` read per record; `done` the last record id finished in this window.
 */
import { HttpError, type Batch, type Column, ConfigError, type Row, type StreamRequest } from '@pipe/sdk';
import { CursorTrail, fetchPage } from '@pipe/hubspot-api';
import { FURTHER_OBJECT_STREAMS, OBJECT_STREAMS, objectSpec, objectsNamesError } from './catalog.ts';
import { compareIds } from './checkpoint.ts';
import { DEFAULT_LOOKBACK_MINUTES, type HubSpotStreamOptions } from './config.ts';
import { listIds } from './deletes.ts';
import type { ReadEnv } from './env.ts';
import { dayOption, isoDate } from './values.ts';

export const EVENTS_PATH = '/events/v3/events';
/** Occurrences per page: the largest limit seen in use (HubSpot documents none; UNCONFIRMED). */
export const EVENTS_PAGE = 100;

export const EVENT_OCCURRENCE_COLUMNS: Column[] = [
  { name: 'object_type', type: 'string', nullable: false, description: 'The object stream the event belongs to (contacts, companies, …).' },
  { name: 'id', type: 'string', nullable: false, description: 'Event occurrence id.' },
  { name: 'object_id', type: 'string', nullable: false, description: 'Id of the record the event happened to.' },
  { name: 'event_type', type: 'string', description: 'e_visited_page, e_submitted_form, …; pe<portal>_<name> for custom behavioural events, ae<app>_<name> for app events.' },
  { name: 'occurred_at', type: 'timestamp', description: 'When the event happened (the cursor).' },
  { name: 'properties', type: 'json', description: 'The event’s properties ({name: text}): URL, page title, referrer, form id, custom properties…' },
];

type ObjectState = { watermark: number; per?: 1 } | { upper: number; from: number; after?: string; per?: 1; done?: string };
type Checkpoint = { v: 1; objects: Record<string, ObjectState> };

interface EventJson {
  id: string | number;
  eventType?: string;
  objectType?: string;
  objectId?: string | number;
  occurredAt?: string;
  properties?: Record<string, unknown>;
}

/** The API's singular object type (`contact`) for a stream name (`contacts`). */
export const singularOf = (name: string): string => name.replace(/ies$/, 'y').replace(/s$/, '');

export async function* readEventOccurrences(env: ReadEnv, req: StreamRequest): AsyncGenerator<Batch> {
  const stream = req.schema.name;
  const options = req.options as HubSpotStreamOptions;
  if (!options.objects?.length) {
    throw new ConfigError(`${stream}: event occurrences are opt-in per object; list the objects to read them for`, {
      hint: 'Add e.g. `objects: [contacts]` (and optionally `event_types: [e_visited_page]`) under streams.event_occurrences.',
    });
  }
  // Every name checked before the first call: a typo must not read nothing and succeed, nor fail after other objects' events.
  const unknown = options.objects.filter((name) => !objectSpec(name));
  if (unknown.length > 0) {
    throw objectsNamesError(
      stream,
      unknown,
      `${unknown.length === 1 ? 'is no object stream' : 'are no object streams'} pipe reads events for`,
      `Use object stream names: ${[...OBJECT_STREAMS, ...FURTHER_OBJECT_STREAMS].map((s) => s.name).join(', ')}.`,
    );
  }
  const saved = req.mode === 'full' ? undefined : (req.state as Checkpoint | undefined);
  const objects: Record<string, ObjectState> = { ...(saved?.v === 1 ? saved.objects : {}) };
  const lookbackMs = (options.lookback_minutes ?? DEFAULT_LOOKBACK_MINUTES) * 60_000;
  const start = options.start_date ? dayOption(stream, 'start_date', options.start_date) : 0;
  const runUpper = env.now();
  const types: (string | undefined)[] = options.event_types?.length ? options.event_types : [undefined];
  for (const name of options.objects) {
    let cp = objects[name];
    if (!cp || 'watermark' in cp) {
      const from = cp ? Math.max(0, cp.watermark - lookbackMs) : start;
      cp = { upper: runUpper, from, ...(cp?.per ? { per: 1 as const } : {}) };
    }
    const save = (s: ObjectState): Checkpoint => {
      objects[name] = s;
      return { v: 1, objects: { ...objects } };
    };
    const window = { from: cp.from, upper: cp.upper };
    const query = (eventType: string | undefined) => ({
      objectType: singularOf(name),
      // Both bounds widened by 1 ms: inclusive or exclusive (UNCONFIRMED), the window is covered.
      occurredAfter: new Date(Math.max(0, window.from - 1)).toISOString(),
      occurredBefore: new Date(window.upper + 1).toISOString(),
      limit: EVENTS_PAGE,
      ...(eventType ? { eventType } : {}),
    });
    const toRows = (events: EventJson[]) => events.map((e) => eventRow(name, e));

    if (!cp.per) {
      // Portal-wide: one walk per event type. `after` resumes the first walk only when types are not filtered.
      let pages = 0;
      try {
        for (const [k, eventType] of types.entries()) {
          let after = k === 0 && types.length === 1 ? cp.after : undefined;
          const trail = new CursorTrail();
          do {
            const page = await eventsPage(env, stream, { ...query(eventType), ...(after ? { after } : {}) }, trail);
            pages++;
            after = page.next;
            const more = after !== undefined || k < types.length - 1;
            yield { stream, rows: toRows(page.results), ...(more ? (types.length === 1 ? { checkpoint: save({ ...window, after }) } : {}) : { checkpoint: save({ watermark: window.upper }) }) };
          } while (after);
        }
        continue;
      } catch (e) {
        // HubSpot wants an objectId: read this object one record at a time from now on.
        if (!(e instanceof HttpError && e.status === 400) || pages > 0 || cp.after) throw e;
        env.ctx.logger.warn(
          `${stream}: HubSpot refused to list ${name} events portal-wide (${e.message}); reading them one record at a time (1 call per record per run, plus 1 per 100 ids)`,
        );
        env.ctx.metrics.add(stream, 'event_reads_per_record');
        cp = { ...window, per: 1 };
      }
    }
    const ids = (await listIds(env.client, name, stream, false)).ids.sort(compareIds);
    const done = cp.done;
    const todo = done === undefined ? ids : ids.filter((id) => compareIds(id, done) > 0);
    for (const [i, id] of todo.entries()) {
      for (const [k, eventType] of types.entries()) {
        let after: string | undefined;
        const trail = new CursorTrail();
        do {
          const page = await eventsPage(env, stream, { ...query(eventType), objectId: id, ...(after ? { after } : {}) }, trail);
          after = page.next;
          const recordDone = !after && k === types.length - 1;
          const last = recordDone && i === todo.length - 1;
          yield {
            stream,
            rows: toRows(page.results),
            ...(last ? { checkpoint: save({ watermark: window.upper, per: 1 }) } : recordDone ? { checkpoint: save({ ...window, per: 1, done: id }) } : {}),
          };
        } while (after);
      }
    }
    if (todo.length === 0) yield { stream, rows: [], checkpoint: save({ watermark: window.upper, per: 1 }) };
  }
}

async function eventsPage(env: ReadEnv, stream: string, params: Record<string, string | number>, trail: CursorTrail) {
  return fetchPage<EventJson>(
    env.client,
    { method: 'GET', url: EVENTS_PATH },
    { kind: 'events', stream, params },
    {
      cursor: 'after',
      limit: EVENTS_PAGE,
      trail,
      item: (e) => (typeof e.occurredAt === 'string' && !Number.isNaN(Date.parse(e.occurredAt)) ? undefined : 'without an "occurredAt" time'),
    },
  );
}

function eventRow(object: string, e: EventJson): Row {
  return {
    object_type: object,
    id: String(e.id),
    object_id: e.objectId == null ? '' : String(e.objectId),
    event_type: e.eventType ?? null,
    occurred_at: isoDate(e.occurredAt),
    properties: e.properties ?? {},
  };
}
