/** Schemas of the streams that are not CRM object tables: fixed columns, declared next to their readers. */
import type { StreamSchema } from '@pipe/sdk';
import { OWNERS_COLUMNS, PIPELINES_COLUMNS, STAGES_COLUMNS } from './accountStreams.ts';
import type { MetaStreamSpec } from './catalog.ts';

type Shape = Pick<StreamSchema, 'primaryKey' | 'columns' | 'cursor' | 'syncModes'>;

const SHAPES: Partial<Record<MetaStreamSpec['kind'], Shape>> = {
  owners: { primaryKey: ['id'], columns: OWNERS_COLUMNS, syncModes: ['full'] },
  pipelines: { primaryKey: ['object_type', 'id'], columns: PIPELINES_COLUMNS, syncModes: ['full'] },
  pipeline_stages: { primaryKey: ['object_type', 'pipeline_id', 'id'], columns: STAGES_COLUMNS, syncModes: ['full'] },
};

export function accountSchema(spec: MetaStreamSpec): StreamSchema[] {
  const shape = SHAPES[spec.kind];
  if (!shape) return [];
  return [ { name: spec.name, description: `${spec.description} Needs scope ${spec.scopes.join(' or ')}.`, ...shape }];
}
