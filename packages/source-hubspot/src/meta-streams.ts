/**
 * The two streams that describe the objects rather than hold them: `properties` (every
 * property definition) and `merged_ids` (merged-away id → surviving id). Both are re-read
 * in full each run; they are small.
 */
import { type Batch, type Column, MissingScopesError, type StreamRequest } from '@pipe/sdk';
import { OBJECT_STREAMS, type ObjectStreamSpec } from './catalog.ts';
import type { HubSpotStreamOptions } from './config.ts';
import { MERGED_PROPERTY, mergedIdsOf } from './deletes.ts';
import type { ReadEnv } from './env.ts';
import { propertyRow } from './properties.ts';
import { currentUpper, type SearchTarget, walkChanges } from './search.ts';
import { columnTypeOf } from './typing.ts';

export const MERGED_IDS_COLUMNS: Column[] = [
  { name: 'object_type', type: 'string', nullable: false, description: 'Stream (object type) of both records.' },
  { name: 'merged_id', type: 'string', nullable: false, description: 'Id of the record that was merged away.' },
  { name: 'surviving_id', type: 'string', description: 'Id of the record it was merged into.' },
  { name: 'survivor_updated_at', type: 'timestamp', description: 'updatedAt of the surviving record when pipe read it.' },
];

/**
 * The objects a meta stream covers. Named in `objects`: a missing scope fails (or is skipped
 * with skip_missing_scopes). Not named: every object, and those the token cannot read are skipped.
 */
async function* perObject<T>(
  env: ReadEnv,
  stream: string,
  options: HubSpotStreamOptions,
  candidates: ObjectStreamSpec[],
  each: (spec: ObjectStreamSpec) => AsyncGenerator<T>,
): AsyncGenerator<T> {
  const named = options.objects?.length ? candidates.filter((s) => options.objects!.includes(s.name as never)) : undefined;
  for (const spec of named ?? candidates) {
    try {
      yield* each(spec);
    } catch (e) {
      if (!(e instanceof MissingScopesError) || (named && !env.config.skip_missing_scopes)) throw e;
      env.ctx.logger.warn(`${stream}: skipping ${spec.name}, the token lacks ${e.scopes.join(' or ') || 'its scope'}`);
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
    const t: SearchTarget = {
      objectType: spec.name,
      stream,
      lastModified: spec.lastModified,
      properties: [MERGED_PROPERTY],
      filters: [{ propertyName: MERGED_PROPERTY, operator: 'HAS_PROPERTY' }],
    };
    const upper = await currentUpper(env.client, t);
    if (upper === null) return;
    for await (const page of walkChanges(env.client, t, { from: 0 }, upper)) {
      const rows = page.records.flatMap((r) =>
        mergedIdsOf(r).map((m) => ({
          object_type: spec.name,
          merged_id: m,
          surviving_id: String(r.id),
          survivor_updated_at: r.updatedAt ? new Date(r.updatedAt) : null,
        })),
      );
      if (rows.length) yield { stream, rows };
    }
  });
  yield { stream, rows: [], checkpoint: { v: 1, phase: 'idle' } };
}
