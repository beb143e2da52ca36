// HubSpot-defined properties per object type. Generators return HubSpot-style strings; system
// properties (id, created, last-modified, merged ids) have no generator: the store computes them.
import {
  CITIES,
  COUNTRIES,
  FIRST_NAMES,
  INDUSTRIES,
  LAST_NAMES,
  companyName,
  contactEmailAt,
  domainFor,
  longText,
  phone,
  sentence,
} from './fake.ts';
import { furtherProperties, furtherSpec } from './further-objects.ts';
import type { Gen, ObjectTypeDef, PropertyDef } from './model.ts';
import {
  boolGen,
  dateGen,
  datetimeGen,
  multiGen,
  numberGen,
  options,
  ownerProp,
  pickGen,
  prop,
  sometimesNull,
} from './property-kit.ts';

const LIFECYCLE = ['subscriber', 'lead', 'marketingqualifiedlead', 'salesqualifiedlead', 'opportunity', 'customer', 'evangelist', 'other'];
const LEAD_STATUS = ['NEW', 'OPEN', 'IN_PROGRESS', 'OPEN_DEAL', 'UNQUALIFIED', 'ATTEMPTED_TO_CONTACT', 'CONNECTED', 'BAD_TIMING'];

// First name, last name and email share one seeded decision ('name'), so they always agree.
const first: Gen = (_r, ctx) => ctx.rng('name').pick(FIRST_NAMES);
const last: Gen = (_r, ctx) => {
  const r = ctx.rng('name');
  r.next();
  return r.pick(LAST_NAMES);
};
const email: Gen = (r, ctx) => {
  if (r.chance(0.02)) return null;
  const names = ctx.rng('name');
  const f = names.int(FIRST_NAMES.length);
  return contactEmailAt(f, names.int(LAST_NAMES.length), ctx.index, r);
};

function systemProps(t: ObjectTypeDef): PropertyDef[] {
  return [
    prop('hs_object_id', 'number', undefined, { label: 'Record ID', readOnlyValue: true }),
    prop(t.createdProp, 'datetime', undefined, { label: 'Create Date', readOnlyValue: true }),
    prop(t.lastModifiedProp, 'datetime', undefined, { label: 'Last Modified Date', readOnlyValue: true }),
    prop('hs_merged_object_ids', 'enumeration', undefined, {
      label: 'Merged record IDs',
      fieldType: 'checkbox',
      readOnlyValue: true,
    }),
  ];
}

function pipelineGens(kind: 'deal' | 'ticket'): { pipeline: Gen; stage: Gen } {
  const pick = (ctx: Parameters<Gen>[1]) => {
    const r = ctx.rng('pipeline');
    const pipelines = kind === 'deal' ? ctx.world.dealPipelines : ctx.world.ticketPipelines;
    const p = r.chance(0.8) ? pipelines[0]! : r.pick(pipelines);
    return { p, s: r.pick(p.stages) };
  };
  return { pipeline: (_r, ctx) => pick(ctx).p.id, stage: (_r, ctx) => pick(ctx).s.id };
}

const engagementTime = datetimeGen(720);

export function standardProperties(t: ObjectTypeDef, pipelines: { deal: string[]; dealStages: string[]; ticket: string[]; ticketStages: string[] }): PropertyDef[] {
  const own = systemProps(t);
  switch (t.name) {
    case 'contacts':
      return [
        prop('email', 'string', email, { label: 'Email', hasUniqueValue: false, groupName: 'contactinformation' }),
        prop('firstname', 'string', first, { label: 'First Name' }),
        prop('lastname', 'string', last, { label: 'Last Name' }),
        prop('phone', 'string', sometimesNull(0.3, phone), { fieldType: 'phonenumber', label: 'Phone Number' }),
        prop('mobilephone', 'phone_number', sometimesNull(0.6, phone), { label: 'Mobile Phone Number' }),
        prop('company', 'string', sometimesNull(0.2, (r) => companyName(r)), { label: 'Company Name' }),
        prop('jobtitle', 'string', sometimesNull(0.4, pickGen(['CEO', 'CTO', 'Head of Data', 'Account Executive', 'Ingénieure', 'VP Sales'])), { label: 'Job Title' }),
        prop('city', 'string', sometimesNull(0.25, pickGen(CITIES))),
        prop('country', 'string', sometimesNull(0.25, pickGen(COUNTRIES))),
        prop('lifecyclestage', 'enumeration', pickGen(LIFECYCLE), { label: 'Lifecycle Stage', fieldType: 'radio', options: options(LIFECYCLE) }),
        prop('hs_lead_status', 'enumeration', sometimesNull(0.5, pickGen(LEAD_STATUS)), { label: 'Lead Status', options: options(LEAD_STATUS) }),
        ownerProp(),
        prop('hs_email_optout', 'bool', sometimesNull(0.7, boolGen), { label: 'Unsubscribed from all email' }),
        prop('date_of_birth', 'date', sometimesNull(0.8, dateGen(0.3, 20000))),
        prop('hs_analytics_num_visits', 'number', numberGen(0, 500), { label: 'Number of Sessions', calculated: true }),
        prop('notes_last_updated', 'datetime', sometimesNull(0.5, datetimeGen(400)), { label: 'Last Activity Date' }),
        ...own,
      ];
    case 'companies':
      return [
        prop('name', 'string', (r) => companyName(r), { label: 'Company name' }),
        prop('domain', 'string', sometimesNull(0.1, (_r, ctx) => domainFor(companyName(ctx.rng('name')), ctx.index)), { label: 'Company Domain Name' }),
        prop('industry', 'enumeration', sometimesNull(0.3, pickGen(INDUSTRIES)), { options: options(INDUSTRIES) }),
        prop('phone', 'string', sometimesNull(0.3, phone), { fieldType: 'phonenumber' }),
        prop('city', 'string', sometimesNull(0.2, pickGen(CITIES))),
        prop('country', 'string', sometimesNull(0.2, pickGen(COUNTRIES))),
        prop('numberofemployees', 'number', sometimesNull(0.3, numberGen(1, 250000)), { label: 'Number of Employees' }),
        prop('annualrevenue', 'number', sometimesNull(0.4, numberGen(10000, 5e9, 2)), { label: 'Annual Revenue' }),
        prop('is_public', 'bool', sometimesNull(0.5, boolGen)),
        prop('description', 'string', sometimesNull(0.5, longText), { fieldType: 'textarea' }),
        prop('lifecyclestage', 'enumeration', pickGen(LIFECYCLE), { fieldType: 'radio', options: options(LIFECYCLE) }),
        ownerProp(),
        ...own,
      ];
    case 'deals': {
      const g = pipelineGens('deal');
      return [
        prop('dealname', 'string', (r) => `${companyName(r)} – ${r.pick(['renewal', 'new seats', 'pilot', 'upsell 🚀'])}`, { label: 'Deal Name' }),
        prop('amount', 'number', sometimesNull(0.1, numberGen(100, 250000, 2)), { label: 'Amount' }),
        prop('pipeline', 'enumeration', g.pipeline, { options: options(pipelines.deal) }),
        prop('dealstage', 'enumeration', g.stage, { label: 'Deal Stage', options: options(pipelines.dealStages) }),
        prop('closedate', 'datetime', sometimesNull(0.2, datetimeGen(365, 180)), { label: 'Close Date' }),
        prop('dealtype', 'enumeration', sometimesNull(0.3, pickGen(['newbusiness', 'existingbusiness'])), { options: options(['newbusiness', 'existingbusiness']) }),
        prop('hs_is_closed', 'bool', boolGen, { calculated: true }),
        prop('description', 'string', sometimesNull(0.6, sentence), { fieldType: 'textarea' }),
        ownerProp(),
        ...own,
      ];
    }
    case 'tickets': {
      const g = pipelineGens('ticket');
      const cats = ['PRODUCT_ISSUE', 'BILLING_ISSUE', 'FEATURE_REQUEST', 'GENERAL_INQUIRY'];
      const prio = ['LOW', 'MEDIUM', 'HIGH', 'URGENT'];
      return [
        prop('subject', 'string', sentence, { label: 'Ticket name' }),
        prop('content', 'string', sometimesNull(0.2, longText), { fieldType: 'textarea', label: 'Ticket description' }),
        prop('hs_pipeline', 'enumeration', g.pipeline, { options: options(pipelines.ticket) }),
        prop('hs_pipeline_stage', 'enumeration', g.stage, { options: options(pipelines.ticketStages) }),
        prop('hs_ticket_category', 'enumeration', multiGen(cats), { fieldType: 'checkbox', options: options(cats) }),
        prop('hs_ticket_priority', 'enumeration', sometimesNull(0.2, pickGen(prio)), { options: options(prio) }),
        ownerProp(),
        ...own,
      ];
    }
    case 'products':
      return [
        prop('name', 'string', (r) => `${r.pick(['Pro', 'Team', 'Enterprise', 'Starter', 'Add-on'])} plan ${r.int(100)}`),
        prop('description', 'string', sometimesNull(0.3, sentence), { fieldType: 'textarea' }),
        prop('price', 'number', numberGen(5, 5000, 2)),
        prop('hs_sku', 'string', (r) => `SKU-${100000 + r.int(900000)}`, { label: 'SKU' }),
        prop('hs_cost_of_goods_sold', 'number', sometimesNull(0.4, numberGen(1, 1000, 2))),
        prop('recurringbillingfrequency', 'enumeration', sometimesNull(0.3, pickGen(['monthly', 'quarterly', 'annually'])), { options: options(['monthly', 'quarterly', 'annually']) }),
        ...own,
      ];
    case 'line_items':
      return [
        prop('name', 'string', (r) => `${r.pick(['Pro', 'Team', 'Enterprise'])} seats`),
        prop('quantity', 'number', numberGen(1, 500)),
        prop('price', 'number', numberGen(5, 5000, 2)),
        prop('amount', 'number', numberGen(5, 500000, 2)),
        prop('hs_product_id', 'number', sometimesNull(0.2, numberGen(1, 50))),
        ...own,
      ];
    case 'quotes': {
      const st = ['DRAFT', 'APPROVAL_NOT_NEEDED', 'PENDING_APPROVAL', 'APPROVED', 'REJECTED'];
      return [
        prop('hs_title', 'string', (r) => `Quote for ${companyName(r)}`),
        prop('hs_expiration_date', 'date', dateGen(0.5, 400)),
        prop('hs_status', 'enumeration', pickGen(st), { options: options(st) }),
        prop('hs_quote_amount', 'number', numberGen(100, 90000, 2)),
        ...own,
      ];
    }
    case 'calls':
      return engagement(own, [
        prop('hs_call_title', 'string', sentence),
        prop('hs_call_body', 'string', sometimesNull(0.3, longText), { fieldType: 'html' }),
        prop('hs_call_duration', 'number', numberGen(0, 3600000)),
        prop('hs_call_direction', 'enumeration', pickGen(['INBOUND', 'OUTBOUND']), { options: options(['INBOUND', 'OUTBOUND']) }),
      ]);
    case 'emails':
      return engagement(own, [
        prop('hs_email_subject', 'string', sentence),
        prop('hs_email_text', 'string', sometimesNull(0.1, longText), { fieldType: 'textarea' }),
        prop('hs_email_direction', 'enumeration', pickGen(['EMAIL', 'INCOMING_EMAIL', 'FORWARDED_EMAIL']), { options: options(['EMAIL', 'INCOMING_EMAIL', 'FORWARDED_EMAIL']) }),
      ]);
    case 'meetings':
      return engagement(own, [
        prop('hs_meeting_title', 'string', sentence),
        prop('hs_meeting_body', 'string', sometimesNull(0.4, longText), { fieldType: 'html' }),
        prop('hs_meeting_start_time', 'datetime', datetimeGen(500, 30)),
        prop('hs_meeting_outcome', 'enumeration', pickGen(['SCHEDULED', 'COMPLETED', 'RESCHEDULED', 'NO_SHOW', 'CANCELED']), {
          options: options(['SCHEDULED', 'COMPLETED', 'RESCHEDULED', 'NO_SHOW', 'CANCELED']),
        }),
      ]);
    case 'notes':
      return engagement(own, [prop('hs_note_body', 'string', (r) => `<p>${longText(r)}</p>`, { fieldType: 'html' })]);
    case 'tasks':
      return engagement(own, [
        prop('hs_task_subject', 'string', sentence),
        prop('hs_task_body', 'string', sometimesNull(0.5, sentence), { fieldType: 'html' }),
        prop('hs_task_status', 'enumeration', pickGen(['NOT_STARTED', 'IN_PROGRESS', 'WAITING', 'COMPLETED', 'DEFERRED']), {
          options: options(['NOT_STARTED', 'IN_PROGRESS', 'WAITING', 'COMPLETED', 'DEFERRED']),
        }),
        prop('hs_task_priority', 'enumeration', sometimesNull(0.3, pickGen(['LOW', 'MEDIUM', 'HIGH'])), { options: options(['LOW', 'MEDIUM', 'HIGH']) }),
      ]);
    default:
      // The further types of API-FACTS-2 §6 (further-objects.ts).
      if (furtherSpec(t.name)) return [...furtherProperties(t.name), ...own];
      // Custom objects: a primary display property plus the system ones.
      return [prop('name', 'string', (r, ctx) => `${t.singular} ${ctx.index} ${r.pick(['α', 'β', 'γ', '🚗', ''])}`.trim(), { hubspotDefined: false }), ...own];
  }
}

function engagement(own: PropertyDef[], specific: PropertyDef[]): PropertyDef[] {
  return [prop('hs_timestamp', 'datetime', engagementTime, { label: 'Activity date' }), ...specific, ownerProp(), ...own];
}
