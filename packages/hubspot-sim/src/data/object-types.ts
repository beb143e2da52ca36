// The object types the simulator serves, and how a request's `{objectType}` resolves to one
// (name, objectTypeId such as `0-1`/`2-…`, or a custom object's fully qualified name).
import type { ObjectTypeDef } from './model.ts';

interface StandardSpec {
  name: string;
  id: string;
  singular: string;
  defaults: string[];
  scope: string[];
  write: string[];
  display: string;
}

const crm = (n: string) => ({ scope: [`crm.objects.${n}.read`], write: [`crm.objects.${n}.write`] });

const STANDARD: StandardSpec[] = [
  { name: 'contacts', id: '0-1', singular: 'contact', defaults: ['firstname', 'lastname', 'email'], ...crm('contacts'), display: 'email' },
  { name: 'companies', id: '0-2', singular: 'company', defaults: ['name', 'domain'], ...crm('companies'), display: 'name' },
  { name: 'deals', id: '0-3', singular: 'deal', defaults: ['dealname', 'amount', 'closedate', 'pipeline', 'dealstage'], ...crm('deals'), display: 'dealname' },
  {
    name: 'tickets',
    id: '0-5',
    singular: 'ticket',
    defaults: ['content', 'hs_pipeline', 'hs_pipeline_stage', 'hs_ticket_category', 'hs_ticket_priority', 'subject'],
    scope: ['tickets'],
    write: ['tickets'],
    display: 'subject',
  },
  { name: 'products', id: '0-7', singular: 'product', defaults: ['name', 'description', 'price'], scope: ['crm.objects.products.read', 'e-commerce'], write: ['crm.objects.products.write', 'e-commerce'], display: 'name' },
  { name: 'line_items', id: '0-8', singular: 'line_item', defaults: ['name', 'quantity', 'price', 'amount'], scope: ['crm.objects.line_items.read', 'e-commerce'], write: ['crm.objects.line_items.write', 'e-commerce'], display: 'name' },
  { name: 'quotes', id: '0-14', singular: 'quote', defaults: ['hs_title', 'hs_expiration_date', 'hs_status'], ...crm('quotes'), display: 'hs_title' },
  { name: 'tasks', id: '0-27', singular: 'task', defaults: ['hs_task_subject', 'hs_timestamp'], ...crm('tasks'), display: 'hs_task_subject' },
  { name: 'notes', id: '0-46', singular: 'note', defaults: ['hs_note_body', 'hs_timestamp'], ...crm('notes'), display: 'hs_note_body' },
  { name: 'meetings', id: '0-47', singular: 'meeting', defaults: ['hs_meeting_title', 'hs_timestamp'], ...crm('meetings'), display: 'hs_meeting_title' },
  { name: 'calls', id: '0-48', singular: 'call', defaults: ['hs_call_title', 'hs_timestamp'], ...crm('calls'), display: 'hs_call_title' },
  { name: 'emails', id: '0-49', singular: 'email', defaults: ['hs_email_subject', 'hs_timestamp'], ...crm('emails'), display: 'hs_email_subject' },
];

const ENGAGEMENTS = new Set(['tasks', 'notes', 'meetings', 'calls', 'emails', 'quotes']);

export const PORTAL_ID = 24_681_357;
/** The account's time zone offset (Europe/Berlin, summer): the daily API limit resets at its midnight. */
export const ACCOUNT_UTC_OFFSET_MS = 7_200_000;

export function standardObjectTypes(): ObjectTypeDef[] {
  return STANDARD.map((s, i) => ({
    name: s.name,
    objectTypeId: s.id,
    singular: s.singular,
    plural: s.name,
    lastModifiedProp: s.name === 'contacts' ? 'lastmodifieddate' : 'hs_lastmodifieddate',
    createdProp: ENGAGEMENTS.has(s.name) ? 'hs_createdate' : 'createdate',
    defaultProps: s.defaults,
    readScopes: s.scope,
    writeScopes: s.write,
    custom: false,
    primaryDisplayProperty: s.display,
    ordinal: i + 1,
  }));
}

export function customObjectType(name: string, position: number): ObjectTypeDef {
  return {
    name,
    objectTypeId: `2-${3_508_482 + position * 1_117}`,
    singular: name.replace(/s$/, ''),
    plural: name,
    lastModifiedProp: 'hs_lastmodifieddate',
    createdProp: 'hs_createdate',
    defaultProps: ['name'],
    readScopes: ['crm.objects.custom.read'],
    writeScopes: ['crm.objects.custom.write'],
    custom: true,
    fullyQualifiedName: `p${PORTAL_ID}_${name}`,
    primaryDisplayProperty: 'name',
    ordinal: 50 + position,
  };
}

/** Resolves every accepted spelling of an object type; also the singular (`contact`) as HubSpot does. */
export class TypeResolver {
  private readonly byKey = new Map<string, ObjectTypeDef>();
  constructor(readonly all: ObjectTypeDef[]) {
    for (const t of all) this.add(t);
  }
  add(t: ObjectTypeDef): void {
    for (const key of [t.name, t.objectTypeId, t.singular, t.fullyQualifiedName, t.custom ? `p_${t.name}` : undefined, ...(t.aliases ?? [])]) {
      if (key) this.byKey.set(key.toLowerCase(), t);
    }
  }
  resolve(key: string): ObjectTypeDef | undefined {
    return this.byKey.get(key.toLowerCase());
  }
}
