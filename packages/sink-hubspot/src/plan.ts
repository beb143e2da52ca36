/**
 * What each stream will write, checked against HubSpot's properties API before the first
 * write: the object, how records are found, and which column goes to which property. Every
 * problem of every stream is reported at once, as a config error naming it.
 */
import { ConfigError, type SinkStream, closest } from '@pipe/sdk';
import { type HubSpotSinkConfig, type HubSpotSinkStreamOptions, RECORD_ID } from './config.ts';

/** The parts of HubSpot's Property object the sink uses. */
export interface PropertyDef {
  name: string;
  label?: string;
  type?: string;
  fieldType?: string;
  options?: { value: string; label?: string; hidden?: boolean }[];
  hasUniqueValue?: boolean;
  calculated?: boolean;
  externalOptions?: boolean;
  modificationMetadata?: { readOnlyValue?: boolean };
}

export interface FieldPlan {
  column: string;
  property: PropertyDef;
}

export interface StreamPlan {
  stream: string;
  object: string;
  idProperty: string;
  /** True for `hs_object_id`: batch update by record id instead of upsert. */
  byRecordId: boolean;
  keyColumn: string;
  /** The id property's definition (undefined for the record id). */
  idDef?: PropertyDef;
  fields: FieldPlan[];
  nulls: 'skip' | 'clear';
}

/** The settings that apply to a stream: its own options over the sink's. */
export function settingsFor(config: HubSpotSinkConfig, stream: SinkStream) {
  const o = stream.options as HubSpotSinkStreamOptions;
  const object = o.object ?? config.object;
  return {
    object,
    idProperty: o.id_property ?? config.id_property ?? (object === 'contacts' ? 'email' : undefined),
    keyColumn: o.key_column ?? config.key_column,
    mapping: o.mapping ?? config.mapping,
    nulls: o.nulls ?? config.nulls ?? 'skip',
  };
}

const isReadOnly = (d: PropertyDef) => d.modificationMetadata?.readOnlyValue === true || d.calculated === true;

/**
 * The plan for one stream, or the problems that prevent one. `defs` are the object's
 * property definitions; `where` prefixes messages (`sinks[0].hubspot.streams.lead_scores`).
 */
export function planStream(stream: SinkStream, s: ReturnType<typeof settingsFor>, defs: PropertyDef[], where: string): StreamPlan | string[] {
  const problems: string[] = [];
  const name = stream.schema.name;
  const object = s.object!;
  const columns = new Set(stream.schema.columns.map((c) => c.name));
  const byName = new Map(defs.map((d) => [d.name, d]));
  const idProperty = s.idProperty;
  if (!idProperty) return [`${where}: stream "${name}" has no id_property (set one: a unique property of ${object}, or hs_object_id for record ids)`];
  const byRecordId = idProperty === RECORD_ID;
  const idDef = byRecordId ? undefined : byName.get(idProperty);
  if (!byRecordId) {
    if (!idDef) problems.push(`${where}.id_property: ${object} has no property "${idProperty}"${suggest(idProperty, defs)}`);
    else if (!(idDef.hasUniqueValue || (object === 'contacts' && idProperty === 'email'))) {
      problems.push(
        `${where}.id_property: "${idProperty}" does not have unique values in ${object}, so HubSpot cannot upsert on it; use ${object === 'contacts' ? 'email, ' : ''}a property with unique values${uniqueList(defs)}, or hs_object_id`,
      );
    }
  }
  const mapping = s.mapping;
  const mappedToId = mapping ? Object.entries(mapping).find(([, p]) => p === idProperty)?.[0] : undefined;
  const keyColumn = s.keyColumn ?? mappedToId ?? idProperty;
  if (!columns.has(keyColumn)) {
    problems.push(`${where}.key_column: stream "${name}" has no column "${keyColumn}" to find records by ${idProperty}; its columns: ${[...columns].join(', ')}`);
  }
  const pairs: [string, string][] = mapping ? Object.entries(mapping) : [...columns].filter((c) => c !== keyColumn).map((c) => [c, c]);
  const fields: FieldPlan[] = [];
  const unknown: string[] = [];
  for (const [column, property] of pairs) {
    if (!columns.has(column)) {
      problems.push(`${where}.mapping.${column}: stream "${name}" has no column "${column}"; its columns: ${[...columns].join(', ')}`);
      continue;
    }
    if (property === idProperty && column === keyColumn) continue;
    const def = byName.get(property);
    if (!def) unknown.push(`"${property}" (from column ${column})${suggest(property, defs)}`);
    else if (isReadOnly(def)) problems.push(`${where}.mapping.${column}: ${object} property "${property}" is read-only in HubSpot`);
    else fields.push({ column, property: def });
  }
  if (unknown.length > 0) {
    problems.push(
      `${where}${mapping ? '.mapping' : ''}: ${object} has no ${unknown.length === 1 ? 'property' : 'properties'} ${unknown.join(', ')}${mapping ? '' : ' (without a mapping every column is written to the property of its name)'}`,
    );
  }
  if (problems.length > 0) return problems;
  return { stream: name, object, idProperty, byRecordId, keyColumn, idDef, fields, nulls: s.nulls };
}

function suggest(name: string, defs: PropertyDef[]): string {
  // A label typed instead of the internal name is the commonest slip.
  const byLabel = defs.find((d) => d.label?.toLowerCase() === name.toLowerCase());
  const close = byLabel?.name ?? closest(name, defs.map((d) => d.name));
  return close ? `; did you mean "${close}"?` : '';
}

function uniqueList(defs: PropertyDef[]): string {
  const names = defs.filter((d) => d.hasUniqueValue).map((d) => d.name);
  return names.length > 0 ? ` (${names.join(', ')})` : '';
}

/** All problems of all streams as one error. */
export function planError(problems: string[]): ConfigError {
  return new ConfigError(problems.length === 1 ? problems[0]! : `the HubSpot sink cannot write as configured:\n  - ${problems.join('\n  - ')}`, {
    hint: 'Property names are HubSpot internal names (Settings → Properties → the property → </> internal name); `pipe run` with the hubspot source and its `properties` stream lists them too.',
  });
}
