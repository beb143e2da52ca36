/**
 * Custom objects, found per account through the schemas API: each becomes an object stream
 * named after the object (typed, full and incremental like the standard ones), and each of its
 * associations to a standard object becomes an association stream. Resolved once per connection.
 */
import { MissingScopesError } from '@pipe/sdk';
import { isUnavailable } from './availability.ts';
import { ALL_STREAMS, type AssociationStreamSpec, type ObjectStreamSpec, type StreamSpec } from './catalog.ts';
import { type HubSpotClient, fetchPage } from '@pipe/hubspot-api';

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

export class StreamRegistry {
  private customs?: Promise<StreamSpec[]>;
  /** Why the schemas API would not list custom objects (scope, feature): a named custom stream fails with it. */
  refusal?: Error;
  constructor(
    private readonly client: HubSpotClient,
    private readonly warn: (msg: string) => void,
  ) {}

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
    const spec = ALL_STREAMS.find((s) => s.name === name) ?? (await this.custom()).find((s) => s.name === name);
    if (!spec && this.refusal) throw this.refusal;
    return spec;
  }

  private async load(): Promise<StreamSpec[]> {
    let schemas: ObjectSchema[];
    try {
      const page = await fetchPage<ObjectSchema>(this.client, { method: 'GET', url: this.client.paths.schemas }, { kind: 'schemas', params: { includePropertyDefinitions: false } }, { id: 'objectTypeId' });
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
    for (const s of schemas) {
      const name = streamNameOf(s.name, taken);
      taken.add(name);
      const spec: ObjectStreamSpec = { kind: 'object', name, objectType: s.objectTypeId, lastModified: 'hs_lastmodifieddate', mergeable: false, scopes: CUSTOM_SCOPES };
      out.push(spec);
      const partners = new Set((s.associations ?? []).filter((a) => a.fromObjectTypeId === s.objectTypeId).map((a) => STANDARD_TYPE_IDS[a.toObjectTypeId ?? '']));
      for (const to of partners) {
        if (!to) continue;
        const assoc: AssociationStreamSpec = { kind: 'associations', name: `${name}_to_${to}`, from: spec, to, scopes: CUSTOM_SCOPES };
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
