/**
 * Property history (opt-in per object): one row per property change with its value, timestamp
 * and source, read with batch read's `propertiesWithHistory`.
 *
 * First run: every record (list ids, then batch reads of 50 with history) and all its history.
 * Later runs: only records whose last-modified moved (search from the watermark minus the
 * lookback), and of their history only changes at or after that point, so history is never
 * re-appended; rows merge on (object_type, object_id, property, timestamp), so the overlap of
 * the lookback is harmless.
 *
 *   { v: 1, objects: { [object]: { phase: 'full', upper, after? } | { phase: 'changes', upper, from, tie? } | { phase: 'idle', watermark } } }
 */
import { type Batch, type Column, ConfigError, type Row, type StreamRequest } from '@pipe/sdk';
import { OBJECT_STREAMS, type ObjectStreamSpec, apiType, objectSpec, objectsNamesError } from './catalog.ts';
import { DEFAULT_LOOKBACK_MINUTES, type HubSpotStreamOptions } from './config.ts';
import type { ReadEnv } from './env.ts';
import { CursorTrail, fetchPage } from '@pipe/hubspot-api';
import { LIST_PAGE, LIST_SHAPE } from './list.ts';
import { selectProperties } from './properties.ts';
import { currentUpper, type SearchTarget, walkChanges } from './search.ts';
import { isoDate } from './values.ts';

/** Records per batch read with history: HubSpot returns fewer records per page with history (50 is the cited cap). */
const HISTORY_BATCH = 50;

export const PROPERTY_HISTORY_COLUMNS: Column[] = [
  { name: 'object_type', type: 'string', nullable: false },
  { name: 'object_id', type: 'string', nullable: false },
  { name: 'property', type: 'string', nullable: false },
  { name: 'timestamp', type: 'timestamp', nullable: false, description: 'When the value was set.' },
  { name: 'value', type: 'string', description: 'The value set, as HubSpot stores it (text).' },
  { name: 'source_type', type: 'string', description: 'CRM_UI, IMPORT, API, WORKFLOW, CALCULATED, …' },
  { name: 'source_id', type: 'string' },
  { name: 'source_label', type: 'string' },
  { name: 'updated_by_user_id', type: 'integer' },
];

type ObjectPhase = { phase: 'full'; upper: number; after?: string } | { phase: 'changes'; upper: number; from: number; tie?: { ts: number; id: string } } | { phase: 'idle'; watermark: number };
type Checkpoint = { v: 1; objects: Record<string, ObjectPhase> };

interface HistoryEntry {
  value?: string | null;
  timestamp?: string;
  sourceType?: string;
  sourceId?: string | null;
  sourceLabel?: string | null;
  updatedByUserId?: number | null;
}

export async function* readPropertyHistory(env: ReadEnv, req: StreamRequest): AsyncGenerator<Batch> {
  const stream = req.schema.name;
  const options = req.options as HubSpotStreamOptions;
  if (!options.objects?.length) {
    throw new ConfigError(`${stream}: property history is opt-in per object; list the objects to read it for`, {
      hint: 'Add e.g. `objects: [deals]` (and optionally `properties: [dealstage, amount]`) under streams.property_history.',
    });
  }
  const saved = req.mode === 'full' ? undefined : (req.state as Checkpoint | undefined);
  const objects: Record<string, ObjectPhase> = { ...(saved?.v === 1 ? saved.objects : {}) };
  const lookbackMs = (options.lookback_minutes ?? DEFAULT_LOOKBACK_MINUTES) * 60_000;
  // Every object and property resolved before the first read: a typo fails or warns at once, not
  // after other objects' history, and an object left with no property to read costs no call.
  const plans: { name: string; spec: ObjectStreamSpec; type: string; props: string[] }[] = [];
  const named = new Set(options.properties ?? []);
  for (const name of options.objects) {
    // Standard, further and custom objects alike (custom ones through the schemas API).
    const found = objectSpec(name) ?? (await env.specs.resolve(name));
    if (found?.kind !== 'object') {
      const customs = (await env.specs.custom().catch(() => [])).filter((s) => s.kind === 'object').map((s) => s.name);
      throw objectsNamesError(stream, [name], 'is no object stream of this account', `Use object stream names, e.g. ${[...OBJECT_STREAMS.map((s) => s.name), ...customs].join(', ')}.`);
    }
    const type = apiType(found);
    const defs = await env.catalog.all(type, found.name);
    for (const d of defs) named.delete(d.name);
    plans.push({ name, spec: found, type, props: selectProperties(defs, options).map((d) => d.name) });
  }
  // `properties` may name properties of different objects, so only a name no listed object has is a mistake.
  if (named.size > 0) env.ctx.logger.warn(`${stream}: none of ${options.objects.join(', ')} has properties named ${[...named].join(', ')}; ignoring them (see the properties stream for the names)`);
  for (const { name, spec, type, props } of plans) {
    if (props.length === 0) {
      env.ctx.logger.warn(`${stream}: skipping ${name}: none of its properties is left to read after \`properties\` and \`exclude_properties\``);
      env.ctx.metrics.add(stream, `skipped.${name}`);
      continue;
    }
    const target: SearchTarget = { objectType: type, stream, lastModified: spec.lastModified, properties: ['hs_object_id'] };
    let cp = objects[name];
    if (!cp) cp = { phase: 'full', upper: (await currentUpper(env.client, target)) ?? 0 };
    else if (cp.phase === 'idle') cp = { phase: 'changes', upper: Math.max((await currentUpper(env.client, target)) ?? 0, cp.watermark), from: Math.max(0, cp.watermark - lookbackMs) };
    const save = (p: ObjectPhase): Checkpoint => {
      objects[name] = p;
      return { v: 1, objects: { ...objects } };
    };

    if (cp.phase === 'full') {
      const { upper } = cp;
      let after = cp.after;
      const trail = new CursorTrail();
      do {
        const page = await fetchPage<{ id: string }>(
          env.client,
          { method: 'GET', url: `${env.client.paths.objects}/${type}` },
          { kind: 'list_ids', stream, params: { limit: LIST_PAGE, after, archived: false, properties: 'hs_object_id' } },
          { ...LIST_SHAPE, trail },
        );
        after = page.next;
        const rows = await historyOf(env, spec, stream, page.results.map((r) => String(r.id)), props, 0);
        yield { stream, rows, checkpoint: save(after ? { phase: 'full', upper, after } : { phase: 'idle', watermark: upper }) };
      } while (after);
    } else if (cp.phase === 'changes') {
      const { upper, from } = cp;
      for await (const page of walkChanges(env.client, target, { from, tie: cp.tie }, upper)) {
        const rows = await historyOf(env, spec, stream, [...new Set(page.records.map((r) => String(r.id)))], props, from);
        const c = page.cursor;
        yield { stream, rows, checkpoint: save({ phase: 'changes', upper, from: c.from, ...(c.tie ? { tie: c.tie } : {}) }) };
      }
      yield { stream, rows: [], checkpoint: save({ phase: 'idle', watermark: upper }) };
    }
  }
  yield { stream, rows: [], checkpoint: { v: 1, objects } };
}

/** `propertiesWithHistory`: an object of lists of changes, each with a timestamp. */
function checkHistory(r: Record<string, unknown>): string | undefined {
  const h = r.propertiesWithHistory;
  if (h === undefined) return undefined;
  if (h === null || typeof h !== 'object' || Array.isArray(h)) return 'whose "propertiesWithHistory" is not an object';
  for (const [property, entries] of Object.entries(h)) {
    if (!Array.isArray(entries)) return `whose history of ${property} is not a list`;
    if (entries.some((e) => e === null || typeof e !== 'object' || typeof (e as HistoryEntry).timestamp !== 'string')) return `whose history of ${property} has a change without a timestamp`;
  }
  return undefined;
}

/** History rows of these records, only changes at or after `sinceMs`. */
async function historyOf(env: ReadEnv, spec: ObjectStreamSpec, stream: string, ids: string[], props: string[], sinceMs: number): Promise<Row[]> {
  const rows: Row[] = [];
  for (let i = 0; i < ids.length; i += HISTORY_BATCH) {
    const inputs = ids.slice(i, i + HISTORY_BATCH).map((id) => ({ id }));
    const page = await fetchPage<{ id: string; propertiesWithHistory?: Record<string, HistoryEntry[]> }>(
      env.client,
      { method: 'POST', url: `${env.client.paths.objects}/${apiType(spec)}/batch/read`, body: { inputs, properties: ['hs_object_id'], propertiesWithHistory: props } },
      { kind: 'property_history', stream, accept: [207] },
      { records: true, limit: inputs.length, item: checkHistory },
    );
    for (const r of page.results) {
      for (const [property, entries] of Object.entries(r.propertiesWithHistory ?? {})) {
        for (const e of entries ?? []) {
          const ts = isoDate(e.timestamp);
          if (!ts || ts.getTime() < sinceMs) continue;
          rows.push({
            object_type: spec.name,
            object_id: String(r.id),
            property,
            timestamp: ts,
            value: e.value ?? null,
            source_type: e.sourceType ?? null,
            source_id: e.sourceId ?? null,
            source_label: e.sourceLabel ?? null,
            updated_by_user_id: e.updatedByUserId ?? null,
          });
        }
      }
    }
  }
  return rows;
}
