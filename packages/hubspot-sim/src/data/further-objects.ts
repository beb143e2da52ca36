// The further CRM object types of API-FACTS-2 §6 (leads, goal targets, commerce objects, …),
// served by the generic object endpoints. A portal has only the ones `furtherObjects` names: the
// others answer as `absentObjects` says (400 "Unable to infer object type", HubSpot's answer for a
// type it does not know, unless set to 403 or 404). Courses, listings, services and appointments
// must be activated first (the object-library enablement endpoint says which are).
import { companyName, longText, sentence } from './fake.ts';
import type { AbsentAnswer, SimOptions } from '../options.ts';
import type { ObjectTypeDef, PropertyDef } from './model.ts';
import { boolGen, dateGen, datetimeGen, numberGen, options, ownerProp, pickGen, prop, sometimesNull } from './property-kit.ts';

export interface FurtherSpec {
  name: string;
  id: string;
  singular: string;
  /** Other path spellings HubSpot accepts (goals for goal_targets, payments for commerce_payments). */
  aliases?: string[];
  /** Any one of these grants reading (API-FACTS-2 §6, from the specs). */
  scope: string[];
  /** Needs activation in the account (object library). */
  activated?: boolean;
  /** Read-only in HubSpot's spec (no create/update/delete). */
  readOnly?: boolean;
  props: () => PropertyDef[];
}

const status = (name: string, values: string[]) => prop(name, 'enumeration', pickGen(values), { options: options(values) });
const amount = (name: string) => prop(name, 'number', numberGen(1, 50_000, 2));
const title = (name: string) => prop(name, 'string', (r) => `${companyName(r)} ${r.pick(['#1', 'Q3', 'EMEA', '🚀', 'renewal'])}`);
const crm = (n: string) => [`crm.objects.${n}.read`];

export const FURTHER_OBJECTS: FurtherSpec[] = [
  {
    name: 'leads',
    id: '0-136',
    singular: 'lead',
    scope: crm('leads'),
    props: () => [title('hs_lead_name'), status('hs_pipeline_stage', ['new-stage-id', 'attempting-stage-id', 'connected-stage-id', 'qualified-stage-id']), ownerProp()],
  },
  {
    name: 'goal_targets',
    id: '0-74',
    singular: 'goal_target',
    aliases: ['goals'],
    scope: crm('goals'),
    props: () => [
      title('hs_goal_name'),
      amount('hs_target_amount'),
      prop('hs_start_datetime', 'datetime', datetimeGen(365)),
      prop('hs_end_datetime', 'datetime', datetimeGen(200, 200)),
      prop('hs_group_correlation_uuid', 'string', (r) => `g-${r.int(40)}`),
    ],
  },
  {
    name: 'communications',
    id: '0-18',
    singular: 'communication',
    scope: crm('contacts'),
    props: () => [prop('hs_timestamp', 'datetime', datetimeGen(500)), status('hs_communication_channel_type', ['SMS', 'WHATS_APP', 'LINKEDIN_MESSAGE']), prop('hs_communication_body', 'string', sometimesNull(0.2, sentence)), ownerProp()],
  },
  {
    name: 'postal_mail',
    id: '0-116',
    singular: 'postal_mail',
    scope: crm('contacts'),
    props: () => [prop('hs_timestamp', 'datetime', datetimeGen(500)), prop('hs_postal_mail_body', 'string', sometimesNull(0.3, longText), { fieldType: 'textarea' }), ownerProp()],
  },
  {
    name: 'feedback_submissions',
    id: '0-19',
    singular: 'feedback_submission',
    scope: ['crm.objects.feedback_submissions.read', 'crm.objects.contacts.read'],
    readOnly: true,
    props: () => [status('hs_survey_type', ['NPS', 'CSAT', 'CES', 'CUSTOM']), prop('hs_response_value', 'number', numberGen(0, 10)), prop('hs_content', 'string', sometimesNull(0.4, sentence))],
  },
  {
    name: 'invoices',
    id: '0-53',
    singular: 'invoice',
    scope: crm('invoices'),
    props: () => [status('hs_invoice_status', ['draft', 'open', 'paid', 'voided']), amount('hs_amount_billed'), prop('hs_due_date', 'date', dateGen(0.2, 200)), prop('hs_currency', 'string', pickGen(['EUR', 'USD', 'GBP']))],
  },
  {
    name: 'orders',
    id: '0-123',
    singular: 'order',
    scope: crm('orders'),
    props: () => [title('hs_order_name'), amount('hs_total_price'), status('hs_fulfillment_status', ['unfulfilled', 'partial', 'fulfilled']), prop('hs_currency_code', 'string', pickGen(['EUR', 'USD']))],
  },
  {
    name: 'carts',
    id: '0-142',
    singular: 'cart',
    scope: crm('carts'),
    props: () => [title('hs_cart_name'), amount('hs_total_price'), prop('hs_cart_discount', 'number', sometimesNull(0.6, numberGen(1, 500, 2)))],
  },
  {
    name: 'commerce_payments',
    id: '0-101',
    singular: 'commerce_payment',
    aliases: ['payments'],
    scope: crm('commercepayments'),
    props: () => [amount('hs_initial_amount'), status('hs_latest_status', ['succeeded', 'processing', 'failed', 'refunded']), prop('hs_payment_method_type', 'string', pickGen(['card', 'ach', 'sepa']))],
  },
  {
    // Commerce subscriptions (not the email subscriptions of communication preferences): the path
    // name is `subscriptions`; the internal name keeps the two apart.
    name: 'commerce_subscriptions',
    id: '0-69',
    singular: 'subscription',
    aliases: ['subscriptions'],
    scope: crm('subscriptions'),
    props: () => [title('hs_name'), status('hs_status', ['active', 'canceled', 'expired', 'past_due']), prop('hs_recurring_billing_period', 'string', pickGen(['P1M', 'P3M', 'P12M'])), amount('hs_mrr')],
  },
  {
    name: 'discounts',
    id: '0-84',
    singular: 'discount',
    scope: ['crm.objects.line_items.read', 'e-commerce'],
    props: () => [title('hs_label'), prop('hs_value', 'number', numberGen(1, 50)), status('hs_type', ['PERCENT', 'FIXED'])],
  },
  {
    name: 'fees',
    id: '0-85',
    singular: 'fee',
    scope: ['crm.objects.line_items.read', 'e-commerce'],
    props: () => [title('hs_label'), amount('hs_value'), status('hs_type', ['PERCENT', 'FIXED'])],
  },
  {
    name: 'taxes',
    id: '0-86',
    singular: 'tax',
    scope: ['crm.objects.line_items.read'],
    props: () => [title('hs_label'), prop('hs_value', 'number', numberGen(0, 27, 1)), status('hs_type', ['PERCENT', 'FIXED'])],
  },
  {
    name: 'courses',
    id: '0-410',
    singular: 'course',
    scope: crm('courses'),
    activated: true,
    props: () => [title('hs_course_name'), prop('hs_is_active', 'bool', boolGen), ownerProp()],
  },
  {
    name: 'listings',
    id: '0-420',
    singular: 'listing',
    scope: crm('listings'),
    activated: true,
    props: () => [title('hs_name'), amount('hs_price'), prop('hs_bedrooms', 'number', numberGen(0, 8)), prop('hs_city', 'string', sometimesNull(0.2, (r) => r.pick(['Berlin', 'Lyon', 'Austin'])))],
  },
  {
    name: 'services',
    id: '0-162',
    singular: 'service',
    scope: crm('services'),
    activated: true,
    props: () => [title('hs_name'), status('hs_pipeline_stage', ['planned', 'active', 'done']), ownerProp()],
  },
  {
    name: 'appointments',
    id: '0-421',
    singular: 'appointment',
    scope: crm('appointments'),
    activated: true,
    props: () => [title('hs_appointment_name'), prop('hs_appointment_start', 'datetime', datetimeGen(100, 60)), ownerProp()],
  },
];

/** Records per further type unless `counts` says otherwise (small: these objects are rarely large). */
export const FURTHER_DEFAULT_COUNT = 40;

export function furtherSpec(name: string): FurtherSpec | undefined {
  return FURTHER_OBJECTS.find((f) => f.name === name);
}

/** Ordinals after the standard types' (1–12) and before custom objects' (50+): ids never collide. */
export function furtherObjectTypes(): ObjectTypeDef[] {
  return FURTHER_OBJECTS.map((f, i) => ({
    name: f.name,
    objectTypeId: f.id,
    singular: f.singular,
    plural: f.name,
    lastModifiedProp: 'hs_lastmodifieddate',
    createdProp: 'hs_createdate',
    defaultProps: [],
    readScopes: f.scope,
    writeScopes: f.scope.map((s) => s.replace(/\.read$/, '.write')),
    custom: false,
    primaryDisplayProperty: 'hs_object_id',
    ordinal: 20 + i,
    aliases: f.aliases,
  }));
}

/** Properties of a further type besides the system ones. */
export function furtherProperties(name: string): PropertyDef[] {
  return furtherSpec(name)?.props() ?? [];
}

/** How a request naming `name` is answered when this portal lacks the type (undefined: it has it). */
export function absentAnswer(opts: SimOptions, name: string): AbsentAnswer | undefined {
  return opts.absentObjects?.[name] ?? (furtherSpec(name) && !(opts.furtherObjects ?? []).includes(name) ? 400 : undefined);
}
