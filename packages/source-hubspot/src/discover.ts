import { MissingScopesError, type StreamSchema } from '@pipe/sdk';
import { isUnavailable } from './availability.ts';
import { ACCOUNT_STREAMS, ALL_STREAMS, ASSOCIATION_STREAMS, type AssociationStreamSpec, FURTHER_OBJECT_STREAMS, META_STREAMS, OBJECT_STREAMS, type ObjectStreamSpec, type StreamSpec, apiType, streamSpec } from './catalog.ts';
import { accountSchema } from './account-schemas.ts';
import { associationSchema, configuredAssociationSchema } from './associations.ts';
import { furtherLacking } from './further-objects.ts';
import { DEAL_SPLIT_STREAMS } from './catalog.ts';
import { dealSplitsSchema } from './deal-splits.ts';
import { marketingSettingsSchemas } from './marketing-settings.ts';
import type { ReadEnv } from './env.ts';
import { MERGED_IDS_COLUMNS } from './meta-streams.ts';
import { PROPERTIES_COLUMNS, selectProperties } from './properties.ts';
import type { HubSpotStreamOptions } from './config.ts';
import { SYSTEM_COLUMNS, propertyColumns } from './typing.ts';

/**
 * Stream schemas, with metadata on demand: only the streams the pipeline selects are typed (one
 * properties call per object stream), and the schemas API is asked only when a selected name is
 * not a standard stream. Other streams are listed by name with their fixed columns (object
 * streams: the system columns), so a misspelled name still gets a "did you mean". `selected`
 * undefined is the default selection: every stream except the opt-in ones (property_history),
 * all typed; an object the portal cannot describe keeps the system columns and a note.
 * A `properties` list in a stream's options narrows its columns to what `read` fills.
 */
export async function discoverStreams(env: ReadEnv, selected?: Record<string, Record<string, unknown>>): Promise<StreamSchema[]> {
  const wanted = (name: string) => selected === undefined || name in selected;
  const typedSpecs = [...OBJECT_STREAMS, ...FURTHER_OBJECT_STREAMS].filter((s) => wanted(s.name));
  // Further object types the portal does not answer for: left out of the default selection.
  const lacking = new Map<string, unknown>();
  const configured = new Set(env.specs.configuredNames().map((p) => p.name));
  const needCustom = selected === undefined || Object.keys(selected).some((n) => !streamSpec(n) && !configured.has(n));
  // A portal or token that cannot list custom objects gives none (the registry warns).
  const custom: StreamSpec[] = needCustom ? await env.specs.custom() : [];
  const customObjects = custom.filter((s): s is ObjectStreamSpec => s.kind === 'object');
  const toType = [...typedSpecs, ...customObjects.filter((s) => wanted(s.name))];
  const typed = new Map<string, StreamSchema>();
  const failures: { spec: ObjectStreamSpec; e: unknown }[] = [];
  // A few at a time: enough to hide latency, few enough to leave the budget to others.
  for (let i = 0; i < toType.length; i += 4) {
    const group = toType.slice(i, i + 4);
    const schemas = await Promise.all(
      group.map((spec) =>
        objectSchema(env, spec, selected?.[spec.name], (e) => {
          failures.push({ spec, e });
          if (spec.further) lacking.set(spec.name, e);
        }),
      ),
    );
    for (const s of schemas) typed.set(s.name, s);
  }
  // Every core object failed, and not for a scope: a wrong host or base_path, not a portal without
  // some objects. Further object types (services, courses, …) are absent from many portals, all of
  // them at once too, so they fail alone (portal seed 143601440 selected two absent ones).
  const core = toType.filter((s) => !s.further);
  const hard = failures.filter((f) => !f.spec.further && !(f.e instanceof MissingScopesError));
  if (core.length > 1 && hard.length === core.length) throw hard[0]!.e;
  const offered = FURTHER_OBJECT_STREAMS.filter((s) => selected !== undefined || !lacking.has(s.name));
  if (selected === undefined && lacking.size > 0) env.ctx.logger.info(`object types this portal does not offer (left out of the default selection): ${furtherLacking(lacking)}`);
  const objects = [...OBJECT_STREAMS, ...offered, ...customObjects].map((spec) => typed.get(spec.name) ?? untypedSchema(spec));
  const meta = META_STREAMS.map(
    (m): StreamSchema => ({
      name: m.name,
      primaryKey: m.kind === 'properties' ? ['object_type', 'name'] : ['object_type', 'merged_id'],
      columns: m.kind === 'properties' ? PROPERTIES_COLUMNS : MERGED_IDS_COLUMNS,
      description: m.description,
      syncModes: ['full'],
    }),
  );
  // Opt-in streams need options to run: in the catalog only when the pipeline names streams.
  const account = ACCOUNT_STREAMS.filter((s) => selected !== undefined || !OPT_IN.has(s.name));
  const associations = [...ASSOCIATION_STREAMS, ...custom.filter((s): s is AssociationStreamSpec => s.kind === 'associations')].map(associationSchema);
  // The `associations` option's tables, by name (their sides are resolved when they are read).
  for (const p of env.specs.configuredNames()) if (!associations.some((a) => a.name === p.name)) associations.push(configuredAssociationSchema(p.name, p.from, p.to));
  const marketingSettings = (await marketingSettingsSchemas(env, selected)).filter((s) => selected !== undefined || !OPT_IN.has(s.name));
  return [...objects, ...meta, ...account.flatMap(accountSchema), ...associations, ...marketingSettings, ...DEAL_SPLIT_STREAMS.map(dealSplitsSchema), ...unlisted(env, selected, [...custom.map((s) => s.name), ...configured])];
}

/**
 * Named streams that may be custom objects the schemas API would not list (scope, feature): each
 * stays in the catalog so it fails alone when read, naming the refusal (and a standard stream it
 * may be a typo of), or is skipped under skip_unavailable, instead of the whole run stopping at
 * "unknown stream".
 */
function unlisted(env: ReadEnv, selected: Record<string, unknown> | undefined, found: string[]): StreamSchema[] {
  if (!selected || !env.specs.refusal) return [];
  const known = new Set([...ALL_STREAMS.map((s) => s.name), ...found]);
  return Object.keys(selected)
    .filter((name) => !known.has(name))
    .map((name) => ({
      name,
      primaryKey: ['id'],
      cursor: 'updated_at',
      columns: SYSTEM_COLUMNS,
      description: `HubSpot ${name}: a custom object, if the portal has one of that name (custom objects could not be listed: ${env.specs.refusal!.message}).`,
      syncModes: ['incremental', 'full'],
    }));
}

/** Streams that refuse to run without options; never in the default selection. */
export const OPT_IN = new Set(['property_history', 'event_occurrences']);

/** An object stream the pipeline does not select: its name and system columns (typed when selected). */
function untypedSchema(spec: ObjectStreamSpec): StreamSchema {
  return {
    name: spec.name,
    primaryKey: ['id'],
    cursor: 'updated_at',
    columns: SYSTEM_COLUMNS,
    description: `HubSpot ${spec.name}: one column per property (typed when the pipeline selects it). Needs scope ${spec.scopes.join(' or ')}.`,
    syncModes: ['incremental', 'full'],
  };
}

/** `onUnavailable`: told when the portal cannot describe the object (the schema then has the system columns only). */
export async function objectSchema(env: ReadEnv, spec: ObjectStreamSpec, options: HubSpotStreamOptions = {}, onUnavailable?: (e: unknown) => void): Promise<StreamSchema> {
  let columns = SYSTEM_COLUMNS;
  let note = '';
  try {
    // The same selection `readObjectStream` fills: a column for a property the pipeline does
    // not read would only ever hold NULLs (and cost the sink memory and work).
    columns = [...SYSTEM_COLUMNS, ...propertyColumns(selectProperties(await env.catalog.all(apiType(spec), spec.name), options))];
  } catch (e) {
    // Without the scope, or in a portal without this object, we cannot list its properties; the
    // stream still exists (reading it fails alone, or is skipped).
    if (!isUnavailable(e)) throw e;
    onUnavailable?.(e);
    note = e instanceof MissingScopesError ? ` (property columns unknown: the token lacks ${e.scopes.join(' or ')})` : ` (property columns unknown: ${e.message})`;
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
