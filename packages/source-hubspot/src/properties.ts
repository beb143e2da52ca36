/**
 * The properties API: one call per object returns every property definition (the spec has no
 * paging; a server that pages anyway is followed, so no column goes missing).
 * Definitions decide the columns (discover) and how values are typed (read); the `properties`
 * stream publishes them as rows.
 */
import type { Column, Row } from '@pipe/sdk';
import { type HubSpotClient, fetchWhole } from '@pipe/hubspot-api';
import type { HubSpotStreamOptions } from './config.ts';
import type { PropertyDef } from './typing.ts';

export class PropertyCatalog {
  private readonly cache = new Map<string, Promise<PropertyDef[]>>();
  constructor(private readonly client: HubSpotClient) {}

  /** All property definitions of an object type (fetched once per connection). */
  all(objectType: string, stream?: string): Promise<PropertyDef[]> {
    let p = this.cache.get(objectType);
    if (!p) {
      p = this.read(objectType, stream ?? objectType);
      // A failed fetch is not cached: the next caller tries again.
      p.catch(() => this.cache.delete(objectType));
      this.cache.set(objectType, p);
    }
    return p;
  }

  private async read(objectType: string, stream: string): Promise<PropertyDef[]> {
    const page = await fetchWhole<PropertyDef>(this.client, { method: 'GET', url: `${this.client.paths.properties}/${objectType}` }, { kind: 'properties', stream }, { id: 'name' });
    // One definition per name, should pages overlap.
    return [...new Map(page.results.map((d) => [d.name, d])).values()];
  }
}

/** The properties a stream reads: all, or the `properties` list, minus `exclude_properties`. Unknown names are ignored (HubSpot does too). */
export function selectProperties(defs: PropertyDef[], options: HubSpotStreamOptions, always: string[] = []): PropertyDef[] {
  const include = options.properties?.length ? new Set([...options.properties, ...always]) : undefined;
  const exclude = new Set((options.exclude_properties ?? []).filter((n) => !always.includes(n)));
  return defs.filter((d) => (!include || include.has(d.name)) && !exclude.has(d.name));
}

export const PROPERTIES_COLUMNS: Column[] = [
  { name: 'object_type', type: 'string', nullable: false, description: 'The stream (object type) the property belongs to.' },
  { name: 'name', type: 'string', nullable: false, description: 'Internal name: the column name in the object table.' },
  { name: 'label', type: 'string' },
  { name: 'type', type: 'string', description: 'HubSpot type: string, number, date, datetime, enumeration, bool, phone_number, …' },
  { name: 'field_type', type: 'string', description: 'HubSpot field type: text, select, checkbox, booleancheckbox, …' },
  { name: 'column_type', type: 'string', description: "The column's logical type in pipe." },
  { name: 'group_name', type: 'string' },
  { name: 'description', type: 'string' },
  { name: 'options', type: 'json', description: 'Enumeration options: [{label, value, hidden, displayOrder}].' },
  { name: 'calculated', type: 'boolean' },
  { name: 'hidden', type: 'boolean' },
  { name: 'has_unique_value', type: 'boolean' },
  { name: 'hubspot_defined', type: 'boolean' },
  { name: 'referenced_object_type', type: 'string' },
];

export function propertyRow(objectType: string, d: PropertyDef, columnType: string): Row {
  return {
    object_type: objectType,
    name: d.name,
    label: d.label ?? null,
    type: d.type ?? null,
    field_type: d.fieldType ?? null,
    column_type: columnType,
    group_name: d.groupName ?? null,
    description: d.description ?? null,
    options: d.options ?? [],
    calculated: d.calculated ?? null,
    hidden: d.hidden ?? null,
    has_unique_value: d.hasUniqueValue ?? null,
    hubspot_defined: d.hubspotDefined ?? null,
    referenced_object_type: d.referencedObjectType ?? null,
  };
}
