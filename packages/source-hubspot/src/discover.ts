/** Stream schemas: object tables typed from the properties API, plus the two meta streams. */
import { MissingScopesError, type StreamSchema } from '@pipe/sdk';
import { accountSchema } from './account-schemas.ts';
import { associationSchema } from './associations.ts';
import { ACCOUNT_STREAMS, ASSOCIATION_STREAMS, type AssociationStreamSpec, apiType, META_STREAMS, OBJECT_STREAMS, type ObjectStreamSpec } from './catalog.ts';
import type { HubSpotStreamOptions } from './config.ts';
import type { ReadEnv } from './env.ts';
import { MERGED_IDS_COLUMNS } from './meta-streams.ts';
import { PROPERTIES_COLUMNS, selectProperties } from './properties.ts';
import { propertyColumns, SYSTEM_COLUMNS } from './typing.ts';

/** `selected`: the pipeline's stream options; a `properties` list narrows that object's columns to what `read` fills. */
export async function discoverStreams(env: ReadEnv, selected?: Record<string, Record<string, unknown>>): Promise<StreamSchema[]> {
  const objects: StreamSchema[] = [];
  // A few at a time: enough to hide latency, few enough to leave the budget to others.
  for (let i = 0; i < OBJECT_STREAMS.length; i += 4) {
    objects.push(...(await Promise.all(OBJECT_STREAMS.slice(i, i + 4).map((spec) => objectSchema(env, spec, selected?.[spec.name])))));
  }
  const meta = META_STREAMS.map(
    (m): StreamSchema => ({
      name: m.name,
      primaryKey: m.kind === 'properties' ? ['object_type', 'name'] : ['object_type', 'merged_id'],
      columns: m.kind === 'properties' ? PROPERTIES_COLUMNS : MERGED_IDS_COLUMNS,
      description: m.description,
      syncModes: ['full'],
    }),
  );
  const custom = await env.specs.custom();
  for (const spec of custom) if (spec.kind === 'object') objects.push(await objectSchema(env, spec, selected?.[spec.name]));
  const associations = [...ASSOCIATION_STREAMS, ...custom.filter((s): s is AssociationStreamSpec => s.kind === 'associations')].map(associationSchema);
  return [...objects, ...meta, ...ACCOUNT_STREAMS.flatMap(accountSchema), ...associations];
}

export async function objectSchema(env: ReadEnv, spec: ObjectStreamSpec, options: HubSpotStreamOptions = {}): Promise<StreamSchema> {
  let columns = SYSTEM_COLUMNS;
  let note = '';
  try {
    // The same selection `readObjectStream` fills: a column for a property the pipeline does
    // not read would only ever hold NULLs (and cost the sink memory and work).
    columns = [...SYSTEM_COLUMNS, ...propertyColumns(selectProperties(await env.catalog.all(apiType(spec), spec.name), options))];
  } catch (e) {
    // Without the scope we cannot list its properties; the stream still exists (reading it
    // fails, or is skipped with skip_missing_scopes).
    if (!(e instanceof MissingScopesError)) throw e;
    note = ` (property columns unknown: the token lacks ${e.scopes.join(' or ')})`;
  }
  return {
    name: spec.name,
    primaryKey: ['id'],
    cursor: 'updated_at',
    columns,
    description: `HubSpot ${spec.name}: one column per property${note}. Needs scope ${spec.scopes.join(' or ')}.`,
    syncModes: ['incremental', 'full'],
  };
}
