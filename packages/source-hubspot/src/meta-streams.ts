/**
 * The two streams that describe the objects rather than hold them: `properties` (every
 * property definition) and `merged_ids` (merged-away id → surviving id). Both are re-read
 * in full each run; they are small.
 */
import { type Batch, type Column, MissingScopesError, type StreamRequest } from '@pipe/sdk';
import { OBJECT_STREAMS, type ObjectStreamSpec, objectsNamesError } from './catalog.ts';
import type { HubSpotStreamOptions } from './config.ts';
import { MERGED_PROPERTY, mergedIdsOf } from './deletes.ts';
import { SKIP_HINT, UnavailableError, isUnavailable, notServed } from './availability.ts';
import type { ReadEnv } from './env.ts';
import { propertyRow } from './properties.ts';
import { currentUpper, type SearchTarget, walkChanges } from './search.ts';
import { listRecords } from './list.ts';
import { columnTypeOf, type HubSpotRecord } from './typing.ts';

export const MERGED_IDS_COLUMNS: Column[] = [
  { name: 'object_type', type: 'string', nullable: false, description: 'Stream (object type) of both records.' },
  { name: 'merged_id', type: 'string', nullable: false, description: 'Id of the record that was merged away.' },
  { name: 'surviving_id', type: 'string', description: 'Id of the record it was merged into.' },
  { name: 'survivor_updated_at', type: 'timestamp', description: 'updatedAt of the surviving record when pipe read it.' },
];

/**
 * The objects a meta stream covers. Named in `objects`: one the portal cannot serve (missing
 * scope, object type or property) fails the stream (or is skipped with skip_unavailable or
 * skip_missing_scopes). Not named: every object, and those the portal cannot serve are skipped
 * with a warning.
 */
async function* perObject<T>(
  env: ReadEnv,
  stream: string,
  options: HubSpotStreamOptions,
  candidates: ObjectStreamSpec[],
  each: (spec: ObjectStreamSpec) => AsyncGenerator<T>,
): AsyncGenerator<T> {
  // A name this stream cannot cover fails it before the first call: otherwise a typo reads nothing and succeeds.
  const unknown = (options.objects ?? []).filter((name) => !candidates.some((s) => s.name === name));
  if (unknown.length > 0) {
    throw objectsNamesError(
      stream,
      unknown,
      `${stream} does not cover`,
      `Use some of: ${candidates.map((s) => s.name).join(', ')}; or leave \`objects\` out to cover every one the token may read.`,
    );
  }
  const named = options.objects?.length ? candidates.filter((s) => options.objects!.includes(s.name as never)) : undefined;
  for (const spec of named ?? candidates) {
    try {
      yield* each(spec);
    } catch (e) {
      if (!isUnavailable(e)) throw e;
      const scopes = e instanceof MissingScopesError;
      if (named && !env.config.skip_unavailable && !(scopes && env.config.skip_missing_scopes)) throw e;
      const why = scopes ? `the token lacks ${(e as MissingScopesError).scopes.join(' or ') || 'its scope'}` : e.message;
      env.ctx.logger.warn(`${stream}: skipping ${spec.name}, ${why}`);
      env.ctx.metrics.add(stream, `skipped.${spec.name}`);
    }
  }
}

export async function* readProperties(env: ReadEnv, req: StreamRequest): AsyncGenerator<Batch> {
  const stream = req.schema.name;
  yield* perObject(env, stream, req.options as HubSpotStreamOptions, OBJECT_STREAMS, async function* (spec) {
    const defs = await env.catalog.all(spec.name, stream);
    yield { stream, rows: defs.map((d) => propertyRow(spec.name, d, columnTypeOf(d))) };
  });
  yield { stream, rows: [], checkpoint: { v: 1, phase: 'idle' } };
}

export async function* readMergedIds(env: ReadEnv, req: StreamRequest): AsyncGenerator<Batch> {
  const stream = req.schema.name;
  const mergeable = OBJECT_STREAMS.filter((s) => s.mergeable);
  yield* perObject(env, stream, req.options as HubSpotStreamOptions, mergeable, async function* (spec) {
    // Portals without the property cannot say what was merged (searching on it answers 400).
    const defs = await env.catalog.all(spec.name, stream);
    if (!defs.some((d) => d.name === MERGED_PROPERTY)) {
      throw new UnavailableError(
        `${stream}: HubSpot has no ${MERGED_PROPERTY} property on ${spec.name} in this portal, so merges of ${spec.name} cannot be read`,
        `Leave ${spec.name} out of the objects of ${stream}, ${SKIP_HINT}.`,
      );
    }
    const t: SearchTarget = {
      objectType: spec.name,
      stream,
      lastModified: spec.lastModified,
      properties: [MERGED_PROPERTY],
      filters: [{ propertyName: MERGED_PROPERTY, operator: 'HAS_PROPERTY' }],
    };
    const rowsOf = (records: HubSpotRecord[]) =>
      records.flatMap((r) =>
        mergedIdsOf(r).map((m) => ({
          object_type: spec.name,
          merged_id: m,
          surviving_id: String(r.id),
          survivor_updated_at: r.updatedAt ? new Date(r.updatedAt) : null,
        })),
      );
    let upper: number | null;
    try {
      upper = await currentUpper(env.client, t);
    } catch (e) {
      if (!notServed(e)) throw e;
      // No search for this object here: every record's hs_merged_object_ids, through the list.
      const list = { objectType: spec.name, stream, properties: [MERGED_PROPERTY], archived: false };
      for await (const page of listRecords(env.client, list, { maxUrl: env.config.max_url_length, baseUrl: env.baseUrl })) {
        const rows = rowsOf(page.records);
        if (rows.length) yield { stream, rows };
      }
      return;
    }
    if (upper === null) return;
    for await (const page of walkChanges(env.client, t, { from: 0 }, upper)) {
      const rows = rowsOf(page.records);
      if (rows.length) yield { stream, rows };
    }
  });
  yield { stream, rows: [], checkpoint: { v: 1, phase: 'idle' } };
}
