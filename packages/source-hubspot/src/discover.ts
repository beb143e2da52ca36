/** Stream schemas: object tables typed from the properties API, plus the two meta streams. */
import { MissingScopesError, type StreamSchema } from '@pipe/sdk';
import { ACCOUNT_STREAMS, ASSOCIATION_STREAMS, type AssociationStreamSpec, META_STREAMS, OBJECT_STREAMS, type ObjectStreamSpec, apiType } from './catalog.ts';
import { accountSchema } from './accountSchemas.ts';
import { associationSchema } from './associations.ts';
import type { ReadEnv } from './env.ts';
import { MERGED_IDS_COLUMNS } from './metaStreams.ts';
import { PROPERTIES_COLUMNS } from './properties.ts';
import { SYSTEM_COLUMNS, propertyColumns } from './typing.ts';

export async function discoverStreams(env: ReadEnv): Promise<StreamSchema[]> {
  const objects: StreamSchema[] = [];
  // A few at a time: enough to hide latency, few enough to leave the budget to others.
  for (let i = 0; i < OBJECT_STREAMS.length; i += 4) {
    objects.push(...(await Promise.all(OBJECT_STREAMS.slice(i, i + 4).map((spec) => objectSchema(env, spec)))));
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
  for (const spec of custom) if (spec.kind === 'object') objects.push(await objectSchema(env, spec));
  const associations = [...ASSOCIATION_STREAMS, ...custom.filter((s): s is AssociationStreamSpec => s.kind === 'associations')].map(associationSchema);
  return [...objects, ...meta, ...ACCOUNT_STREAMS.flatMap(accountSchema), ...associations];
}

export async function objectSchema(env: ReadEnv, spec: ObjectStreamSpec): Promise<StreamSchema> {
  let columns = SYSTEM_COLUMNS;
  let note = '';
  try {
    columns = [...SYSTEM_COLUMNS, ...propertyColumns(await env.catalog.all(apiType(spec), spec.name))];
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
