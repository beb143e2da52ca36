/**
 * The streams this source offers: which HubSpot object each reads, the property that says
 * when a record last changed (searched on for incremental sync), and the scopes that grant it.
 */
export interface ObjectStreamSpec {
  kind: 'object';
  /** Stream and table name; also the object type in API paths. */
  name: string;
  /** Search property that holds the last-modified time. */
  lastModified: string;
  /** Whether HubSpot can merge records of this type (their survivors carry `hs_merged_object_ids`). */
  mergeable: boolean;
  /** The token needs ANY ONE of these scopes. */
  scopes: string[];
}

export interface MetaStreamSpec {
  kind: 'properties' | 'merged_ids';
  name: string;
  scopes: string[];
  description: string;
}

export type StreamSpec = ObjectStreamSpec | MetaStreamSpec;

const crm = (name: string, lastModified = 'hs_lastmodifieddate', mergeable = false, scopes = [`crm.objects.${name}.read`]): ObjectStreamSpec => ({
  kind: 'object',
  name,
  lastModified,
  mergeable,
  scopes,
});

export const OBJECT_STREAMS: ObjectStreamSpec[] = [
  crm('contacts', 'lastmodifieddate', true),
  crm('companies', undefined, true),
  crm('deals', undefined, true),
  crm('tickets', undefined, true, ['tickets']),
  crm('products', undefined, false, ['crm.objects.products.read', 'e-commerce']),
  crm('line_items', undefined, false, ['crm.objects.line_items.read', 'e-commerce']),
  crm('quotes'),
  crm('calls'),
  crm('emails'),
  crm('meetings'),
  crm('notes'),
  crm('tasks'),
];

/** Every object whose properties the `properties` stream may describe. */
const ANY_OBJECT_SCOPE = [...new Set(OBJECT_STREAMS.flatMap((s) => s.scopes))];

export const META_STREAMS: MetaStreamSpec[] = [
  {
    kind: 'properties',
    name: 'properties',
    scopes: ANY_OBJECT_SCOPE,
    description: 'Every property of each object stream: name, label, type, field type, options, group.',
  },
  {
    kind: 'merged_ids',
    name: 'merged_ids',
    scopes: ANY_OBJECT_SCOPE,
    description: 'Records merged away: merged_id → surviving_id, per object type (from hs_merged_object_ids).',
  },
];

export const ALL_STREAMS: StreamSpec[] = [...OBJECT_STREAMS, ...META_STREAMS];

export function streamSpec(name: string): StreamSpec | undefined {
  return ALL_STREAMS.find((s) => s.name === name);
}

export function objectSpec(name: string): ObjectStreamSpec | undefined {
  return OBJECT_STREAMS.find((s) => s.name === name);
}
