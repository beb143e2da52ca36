/**
 * The streams this source offers: which HubSpot object each reads, the property that says
 * when a record last changed (searched on for incremental sync), and the scopes that grant it.
 */
import { ConfigError } from '@pipe/sdk';

export interface ObjectStreamSpec {
  kind: 'object';
  /** Stream and table name; also the object type in API paths unless `objectType` says otherwise. */
  name: string;
  /** Object type in API paths when it differs from the name (custom objects: `2-1234567`). */
  objectType?: string;
  /** Search property that holds the last-modified time. */
  lastModified: string;
  /** Whether HubSpot can merge records of this type (their survivors carry `hs_merged_object_ids`). */
  mergeable: boolean;
  /** The token needs ANY ONE of these scopes. */
  scopes: string[];
  /** A type not every portal has (API-FACTS-2 §6): offered only where the portal answers for it. */
  further?: { typeId: string; needs: string };
}

export interface MetaStreamSpec {
  kind: 'properties' | 'merged_ids' | 'owners' | 'pipelines' | 'pipeline_stages' | 'marketing_emails' | 'email_events' | 'analytics' | 'property_history'
    | 'lists' | 'list_memberships' | 'forms' | 'form_submissions' | 'event_occurrences'
    | 'email_campaigns';
  name: string;
  scopes: string[];
  description: string;
}

/** One table per object pair, read with the v4 batch read (`{from}_to_{to}`). */
export interface AssociationStreamSpec {
  kind: 'associations';
  name: string;
  /** The object stream whose records are read (and searched for changes). */
  from: ObjectStreamSpec;
  /** Stream name of the other side (its object type in API paths unless `toType` says otherwise). */
  to: string;
  /** Object type of the other side in API paths when it differs from `to` (custom objects: `2-…`). */
  toType?: string;
  scopes: string[];
}

/** Campaigns, communication preferences, users/teams/roles (marketing-settings.ts). */
export interface MarketingSettingsSpec {
  kind: 'campaigns' | 'campaign_assets' | 'campaign_budget_items' | 'subscription_definitions' | 'subscription_statuses' | 'users' | 'teams' | 'team_members' | 'roles';
  name: string;
  scopes: string[];
  description: string;
}

/** Deal splits, read per deal id (deal-splits.ts). */
export interface DealSplitsSpec {
  kind: 'deal_splits';
  name: string;
  scopes: string[];
  description: string;
}

export type StreamSpec = ObjectStreamSpec | MetaStreamSpec | AssociationStreamSpec | MarketingSettingsSpec | DealSplitsSpec;

/** The object type to put in API paths. */
export const apiType = (spec: ObjectStreamSpec): string => spec.objectType ?? spec.name;

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

const meta = (kind: MetaStreamSpec['kind'], scopes: string[], description: string, name: string = kind): MetaStreamSpec => ({ kind, name, scopes, description });

/** Lists (v3 segments), their memberships, forms and form submissions (lists.ts, forms.ts). */
export const LIST_FORM_STREAMS: MetaStreamSpec[] = [
  meta('lists', ['crm.lists.read', 'crm.lists.write'], 'Lists (segments, v3): processing type (MANUAL, DYNAMIC, SNAPSHOT), object type, size, timestamps; only changed lists per run, deleted ones as tombstones.'),
  meta('list_memberships', ['crm.lists.read', 'crm.lists.write'], 'One row per (list, record) with when it joined; re-reads only lists whose size, last added/removed time or definition moved, and marks records that left (archived = true).'),
  meta('forms', ['forms'], 'Forms of every type (hubspot, captured, flow, blog_comment), archived ones included, with their fields and configuration.'),
  meta('form_submissions', ['forms'], 'Form submissions, per form newest first, incremental: each run stops at the newest submission the last one read.'),
];

/** Legacy email campaigns (email-campaigns.ts): one per send of a marketing email, not the v3 `campaigns`. */
export const EMAIL_CAMPAIGN_STREAMS: MetaStreamSpec[] = [
  meta('email_campaigns', ['content'], 'Legacy email campaigns: one row per send of a marketing email (the id email_events refer to) with name, subject, type, recipients and counters (sent, delivered, open, click, …); re-reads only campaigns whose lastUpdatedTime moved, all of them every full_refresh_hours.'),
];

export const ACCOUNT_STREAMS: MetaStreamSpec[] = [
  meta('owners', ['crm.objects.owners.read', 'automation'], 'Owners (users and queues), active and deactivated (archived = true): id, name, email, user id, teams.'),
  meta('pipelines', ['crm.objects.deals.read', 'tickets'], 'Deal and ticket pipelines: id, label, display order.'),
  meta('pipeline_stages', ['crm.objects.deals.read', 'tickets'], 'Stages of every deal and ticket pipeline: probability, open/closed, display order.'),
  meta('marketing_emails', ['marketing.email.read', 'content'], 'Marketing emails (v3) with statistics counters and ratios, archived ones included.'),
  meta('email_events', ['content'], 'Email events (legacy events API): sends, deliveries, opens, clicks, bounces…, incremental by created.'),
  meta('analytics', ['business-intelligence'], 'Analytics reports (v2): totals and breakdowns (sources, geolocation, …) per day, week or month, incremental by period.'),
  meta('property_history', ANY_OBJECT_SCOPE, 'Opt-in: one row per property change (value, timestamp, source) of the objects listed in `objects`.'),
  // The events API asks for no particular scope (only a valid token) but an Enterprise account.
  meta('event_occurrences', ['oauth'], 'Opt-in: web analytics and behavioural event occurrences (page views, form submissions, custom events) of the objects listed in `objects`, incremental by occurrence time. Enterprise accounts.'),
  ...LIST_FORM_STREAMS,
  ...EMAIL_CAMPAIGN_STREAMS,
];

/**
 * CRM object types only some portals have (API-FACTS-2 §6), read by the same object stream code
 * as the core ones. Discovery of the default selection asks for each one's properties (which it
 * needs to type the stream anyway) and leaves out those the portal answers 400/403/404 for; a
 * pipeline that names one gets it, and a portal without it fails that stream alone.
 */
const further = (name: string, typeId: string, scopes: string[], needs: string, objectType?: string): ObjectStreamSpec => ({
  kind: 'object',
  name,
  ...(objectType ? { objectType } : {}),
  lastModified: 'hs_lastmodifieddate',
  mergeable: false,
  scopes,
  further: { typeId, needs },
});

export const FURTHER_OBJECT_STREAMS: ObjectStreamSpec[] = [
  further('leads', '0-136', ['crm.objects.leads.read'], 'Leads must be set up in the account (Sales Hub)'),
  further('goal_targets', '0-74', ['crm.objects.goals.read'], 'Goals need Sales Hub or Service Hub Professional or Enterprise'),
  further('communications', '0-18', ['crm.objects.contacts.read'], 'SMS, WhatsApp and LinkedIn messages logged as activities'),
  further('postal_mail', '0-116', ['crm.objects.contacts.read'], 'postal mail logged as activities'),
  further('feedback_submissions', '0-19', ['crm.objects.feedback_submissions.read', 'crm.objects.contacts.read'], 'Feedback surveys need Service Hub'),
  further('invoices', '0-53', ['crm.objects.invoices.read'], 'Invoices need HubSpot commerce (payments) set up'),
  further('orders', '0-123', ['crm.objects.orders.read'], 'Orders come from a commerce integration'),
  further('carts', '0-142', ['crm.objects.carts.read'], 'Carts come from a commerce integration'),
  further('commerce_payments', '0-101', ['crm.objects.commercepayments.read'], 'Payments need HubSpot commerce (payments) set up'),
  further('commerce_subscriptions', '0-69', ['crm.objects.subscriptions.read'], 'Commerce subscriptions need HubSpot commerce (payments) set up', 'subscriptions'),
  further('discounts', '0-84', ['crm.objects.line_items.read', 'e-commerce'], 'Discounts need quotes or commerce'),
  further('fees', '0-85', ['crm.objects.line_items.read', 'e-commerce'], 'Fees need quotes or commerce'),
  further('taxes', '0-86', ['crm.objects.line_items.read'], 'Taxes need quotes or commerce'),
  further('courses', '0-410', ['crm.objects.courses.read'], 'Courses must be activated in the object library first', '0-410'),
  further('listings', '0-420', ['crm.objects.listings.read'], 'Listings must be activated in the object library first', '0-420'),
  further('services', '0-162', ['crm.objects.services.read'], 'Services must be activated in the object library first', '0-162'),
  further('appointments', '0-421', ['crm.objects.appointments.read'], 'Appointments must be activated in the object library first', '0-421'),
];

const assoc = (from: string, to: string): AssociationStreamSpec => {
  const f = objectSpec(from)!;
  return { kind: 'associations', name: `${from}_to_${to}`, from: f, to, scopes: f.scopes };
};

const ENGAGEMENTS = ['calls', 'emails', 'meetings', 'notes', 'tasks'];

/** The standard pairs, one direction each (HubSpot's v4 reads either direction; the reverse adds nothing). */
export const ASSOCIATION_STREAMS: AssociationStreamSpec[] = [
  assoc('contacts', 'companies'),
  assoc('deals', 'contacts'),
  assoc('deals', 'companies'),
  assoc('tickets', 'contacts'),
  assoc('tickets', 'companies'),
  assoc('line_items', 'deals'),
  assoc('quotes', 'deals'),
  ...['calls', 'emails', 'meetings', 'notes', 'tasks'].map((e) => assoc(e, 'contacts')),
  // The rest of the default (API-FACTS-2 §7.2): engagements to companies, deals and tickets,
  // quotes to line items, contacts and companies, company parent/child (13/14).
  ...ENGAGEMENTS.flatMap((e) => ['companies', 'deals', 'tickets'].map((to) => assoc(e, to))),
  ...['line_items', 'contacts', 'companies'].map((to) => assoc('quotes', to)),
  assoc('companies', 'companies'),
];

const CAMPAIGN_SCOPES = ['marketing.campaigns.read'];
const USER_SCOPES = ['settings.users.read', 'crm.objects.users.read'];
const ms = (kind: MarketingSettingsSpec['kind'], scopes: string[], description: string): MarketingSettingsSpec => ({ kind, name: kind, scopes, description });

export const MARKETING_SETTINGS_STREAMS: MarketingSettingsSpec[] = [
  ms('campaigns', CAMPAIGN_SCOPES, 'Marketing campaigns (v3): one column per readable campaign property, incremental by updatedAt; deleted campaigns marked deleted_at.'),
  ms('campaign_assets', CAMPAIGN_SCOPES, 'Assets of each campaign (emails, forms, landing pages, …): one row per campaign, asset type and asset.'),
  ms('campaign_budget_items', CAMPAIGN_SCOPES, "Budget and spend items of each campaign (where the account has campaign budgets)."),
  ms('subscription_definitions', ['communication_preferences.read', 'communication_preferences.read_write'], 'Email subscription types (communication preferences v3).'),
  ms('subscription_statuses', ['communication_preferences.statuses.batch.read'], "Each contact's status per subscription type: opt-in/opt-out, legal basis, when (v4 batch reads by email)."),
  ms('users', USER_SCOPES, 'Users of the account (settings API): role, primary and secondary teams, super admin.'),
  ms('teams', ['settings.users.teams.read'], 'Teams of the account (settings API).'),
  ms('team_members', ['settings.users.teams.read'], 'One row per team and user: primary or secondary member.'),
  ms('roles', USER_SCOPES, 'User roles of the account (settings API; Enterprise accounts).'),
];

const MARKETING_SETTINGS_KINDS = new Set<string>(MARKETING_SETTINGS_STREAMS.map((s) => s.kind));
/** One test for the nine marketing-settings kinds, so readers, probes and estimates dispatch them together. */
export const isMarketingSettings = (spec: StreamSpec): spec is MarketingSettingsSpec => MARKETING_SETTINGS_KINDS.has(spec.kind);

export const DEAL_SPLIT_STREAMS: DealSplitsSpec[] = [
  {
    kind: 'deal_splits',
    name: 'deal_splits',
    // The deals walk also needs crm.objects.deals.read (the deals stream's scope).
    scopes: ['crm.dealsplits.read_write'],
    description: "Deal splits (Sales Hub Enterprise): each owner's share of a deal, one row per (deal, split); every deal's splits re-read each run.",
  },
];

export const ALL_STREAMS: StreamSpec[] = [...OBJECT_STREAMS, ...FURTHER_OBJECT_STREAMS, ...META_STREAMS, ...ACCOUNT_STREAMS, ...ASSOCIATION_STREAMS, ...MARKETING_SETTINGS_STREAMS, ...DEAL_SPLIT_STREAMS];

/** A stream every account has (custom objects are resolved per account, see custom-objects.ts). */
export function streamSpec(name: string): StreamSpec | undefined {
  return ALL_STREAMS.find((s) => s.name === name);
}

export function objectSpec(name: string): ObjectStreamSpec | undefined {
  return OBJECT_STREAMS.find((s) => s.name === name) ?? FURTHER_OBJECT_STREAMS.find((s) => s.name === name);
}

/** The object type of an association's other side in API paths. */
export const toApiType = (spec: AssociationStreamSpec): string => spec.toType ?? spec.to;

/**
 * An `objects:` option that names objects a stream cannot read (a typo, or an object it does not
 * cover), raised before the stream's first call: `which` says why, `hint` which names to use.
 */
export function objectsNamesError(stream: string, names: string[], which: string, hint: string): ConfigError {
  return new ConfigError(`${stream}: objects names ${names.map((n) => `"${n}"`).join(', ')}, which ${which}`, { hint });
}
