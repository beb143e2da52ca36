/**
 * Custom objects, found per account through the schemas API: each becomes an object stream
 * named after the object (typed, full and incremental like the standard ones), and each of its
 * associations to a standard object becomes an association stream. Resolved once per connection.
 */
import { ConfigError, MissingScopesError, didYouMean } from '@pipe/sdk';
import { UnavailableError, isUnavailable } from './availability.ts';
import { ALL_STREAMS, type AssociationStreamSpec, FURTHER_OBJECT_STREAMS, OBJECT_STREAMS, type ObjectStreamSpec, type StreamSpec, apiType, objectSpec } from './catalog.ts';
import { type HubSpotClient, fetchWhole, readWithAlias } from '@pipe/hubspot-api';

const STANDARD_TYPE_IDS: Record<string, string> = {
  '0-1': 'contacts',
  '0-2': 'companies',
  '0-3': 'deals',
  '0-5': 'tickets',
  '0-7': 'products',
  '0-8': 'line_items',
  '0-14': 'quotes',
  '0-27': 'tasks',
  '0-46': 'notes',
  '0-47': 'meetings',
  '0-48': 'calls',
  '0-49': 'emails',
};

export const CUSTOM_SCOPES = ['crm.objects.custom.read'];

interface ObjectSchema {
  objectTypeId: string;
  name: string;
  fullyQualifiedName?: string;
  archived?: boolean;
  associations?: { fromObjectTypeId?: string; toObjectTypeId?: string }[];
}

/** Further object types by objectTypeId, so a custom object's schema can point at them. */
const FURTHER_TYPE_IDS: Record<string, string> = Object.fromEntries(FURTHER_OBJECT_STREAMS.map((s) => [s.further!.typeId, s.name]));

export class StreamRegistry {
  private customs?: Promise<StreamSpec[]>;
  /** Why the schemas API would not list custom objects (scope, feature): a named custom stream fails with it. */
  refusal?: Error;
  /** `pairs`: the source's `associations` option, [from, to] stream names. */
  constructor(
    private readonly client: HubSpotClient,
    private readonly warn: (msg: string) => void,
    private readonly pairs: string[][] = [],
  ) {}

  /** Tables of the `associations` option that the standard and custom ones do not already offer (known without any call). */
  configuredNames(): { name: string; from: string; to: string }[] {
    const taken = new Set(ALL_STREAMS.map((s) => s.name));
    const out: { name: string; from: string; to: string }[] = [];
    for (const [from, to] of this.pairs) {
      const name = `${from}_to_${to}`;
      if (taken.has(name)) continue;
      taken.add(name);
      out.push({ name, from: from!, to: to! });
    }
    return out;
  }

  /** One table of the `associations` option, its two sides resolved (custom objects through the schemas API). */
  private async configured(name: string): Promise<AssociationStreamSpec | undefined> {
    const pair = this.configuredNames().find((p) => p.name === name);
    if (!pair) return undefined;
    const side = async (object: string): Promise<ObjectStreamSpec> => {
      const std = objectSpec(object);
      if (std) return std;
      const custom = (await this.custom()).find((s): s is ObjectStreamSpec => s.kind === 'object' && s.name === object);
      if (custom) return custom;
      const known = [...OBJECT_STREAMS, ...FURTHER_OBJECT_STREAMS].map((s) => s.name);
      for (const c of await this.custom()) if (c.kind === 'object') known.push(c.name);
      throw new ConfigError(`associations: [${pair.from}, ${pair.to}] names "${object}", which is no object stream of this account`, {
        hint: `Use object stream names: ${known.join(', ')}.`,
      });
    };
    const from = await side(pair.from);
    const to = await side(pair.to);
    return { kind: 'associations', name, from, to: to.name, ...(apiType(to) !== to.name ? { toType: apiType(to) } : {}), scopes: from.scopes };
  }

  /** Custom object and custom association streams of this account (none when the token may not read schemas). */
  custom(): Promise<StreamSpec[]> {
    this.customs ??= this.load().catch((e) => {
      this.customs = undefined;
      throw e;
    });
    return this.customs;
  }

  /** Throws the refusal for a name that is not standard when custom objects could not be listed. */
  async resolve(name: string): Promise<StreamSpec | undefined> {
    const spec = ALL_STREAMS.find((s) => s.name === name) ?? (await this.configured(name)) ?? (await this.custom()).find((s) => s.name === name);
    if (!spec && this.refusal) {
      const typo = didYouMean(name, ALL_STREAMS.map((s) => s.name));
      throw new UnavailableError(
        `stream ${name} is no standard stream, and this portal's custom objects could not be listed: ${this.refusal.message}`,
        `If ${name} is a custom object, grant the token ${CUSTOM_SCOPES[0]} and crm.schemas.custom.read.${typo ? ` If not, ${typo.replace(/^; /, '')}` : ''}`,
      );
    }
    return spec;
  }

  private async load(): Promise<StreamSpec[]> {
    let schemas: ObjectSchema[];
    const list = (url: string) => fetchWhole<ObjectSchema>(this.client, { method: 'GET', url }, { kind: 'schemas', params: { includePropertyDefinitions: false } }, { id: 'objectTypeId' });
    try {
      const page = await readWithAlias(list, this.client.paths.schemas, this.client.paths.legacySchemas);
      schemas = page.results.filter((s) => !s.archived && typeof s.name === 'string');
    } catch (e) {
      // A portal or token that cannot list schemas still serves the standard streams.
      if (!isUnavailable(e)) throw e;
      this.refusal = e;
      this.warn(`custom objects not discovered: ${e instanceof MissingScopesError ? `the token lacks ${e.scopes.join(' or ') || CUSTOM_SCOPES[0]}` : e.message}`);
      return [];
    }
    const taken = new Set(ALL_STREAMS.map((s) => s.name));
    const out: StreamSpec[] = [];
    // Objects first, so that custom ↔ custom associations can name both sides.
    const specs = new Map<string, ObjectStreamSpec>();
    for (const s of schemas) {
      const name = streamNameOf(s.name, taken);
      taken.add(name);
      const spec: ObjectStreamSpec = { kind: 'object', name, objectType: s.objectTypeId, lastModified: 'hs_lastmodifieddate', mergeable: false, scopes: CUSTOM_SCOPES };
      specs.set(s.objectTypeId, spec);
      out.push(spec);
    }
    for (const s of schemas) {
      const spec = specs.get(s.objectTypeId)!;
      const partners = new Set((s.associations ?? []).filter((a) => a.fromObjectTypeId === s.objectTypeId).map((a) => a.toObjectTypeId ?? ''));
      for (const typeId of partners) {
        const custom = specs.get(typeId);
        const to = STANDARD_TYPE_IDS[typeId] ?? FURTHER_TYPE_IDS[typeId] ?? custom?.name;
        // Custom ↔ custom: one direction per pair, as for the standard pairs.
        if (!to || (custom && taken.has(`${to}_to_${spec.name}`))) continue;
        const assoc: AssociationStreamSpec = { kind: 'associations', name: `${spec.name}_to_${to}`, from: spec, to, ...(custom ? { toType: typeId } : {}), scopes: CUSTOM_SCOPES };
        if (!taken.has(assoc.name)) out.push(assoc);
        taken.add(assoc.name);
      }
    }
    return out;
  }
}

/** A table-safe name: lower case, `_` for anything else; `custom_` in front when it clashes with a standard stream. */
export function streamNameOf(objectName: string, taken: Set<string>): string {
  const base = objectName.toLowerCase().replace(/[^a-z0-9_]+/g, '_') || 'custom_object';
  return taken.has(base) ? `custom_${base}` : base;
}
