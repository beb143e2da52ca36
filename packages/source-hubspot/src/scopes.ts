/**
 * Scope names as HubSpot's private-app (and service key) Scopes screen lists them, and what
 * people are told to grant that is not one of them. Data, keyed by scope: a stream's catalog
 * entry names its scopes (catalog.ts `scopes`, any one suffices) and this table says what each
 * grants, its area and the tier HubSpot ties it to; `test/scope-names.test.ts` fails for a catalog scope
 * missing here, so a new stream adds its row rather than code.
 *
 * Sources: API-FACTS §1 (scopes per endpoint) and API-FACTS-2 (lists, forms, campaigns,
 * subscriptions, users, further objects); HubSpot's scopes reference lists the same names.
 */
import { closest } from '@pipe/sdk';

export interface ScopeInfo {
  /** The product area it belongs to (pipe's grouping; the Scopes screen lists and searches the name itself). */
  group: 'CRM' | 'Marketing' | 'Settings' | 'Standard' | 'Automation' | 'Reporting';
  /** What pipe reads with it. */
  grants: string;
  /** The account tier or feature HubSpot ties it to, when it does. */
  tier?: string;
}

const crmRead = (what: string, tier?: string): ScopeInfo => ({ group: 'CRM', grants: `read ${what}`, ...(tier ? { tier } : {}) });

/** Every scope pipe's streams name, and the read scopes of HubSpot's further CRM objects. */
export const HUBSPOT_SCOPES: Record<string, ScopeInfo> = {
  'crm.objects.contacts.read': crmRead('contacts (also communications, postal mail, feedback submissions)'),
  'crm.objects.companies.read': crmRead('companies'),
  'crm.objects.deals.read': crmRead('deals and deal pipelines'),
  tickets: { group: 'CRM', grants: 'read tickets and ticket pipelines (HubSpot lists tickets under one scope, not crm.objects.tickets.read)' },
  'crm.objects.products.read': crmRead('products'),
  'crm.objects.line_items.read': crmRead('line items, discounts, fees, taxes'),
  'e-commerce': { group: 'CRM', grants: 'read products, line items, discounts and fees (older, wider scope)' },
  'crm.objects.quotes.read': crmRead('quotes'),
  'crm.objects.calls.read': crmRead('calls'),
  'crm.objects.emails.read': crmRead('logged emails (engagements)'),
  'crm.objects.meetings.read': crmRead('meetings'),
  'crm.objects.notes.read': crmRead('notes'),
  'crm.objects.tasks.read': crmRead('tasks'),
  'crm.objects.custom.read': crmRead('custom object records'),
  'crm.schemas.custom.read': crmRead('custom object definitions'),
  'crm.objects.owners.read': crmRead('owners'),
  'crm.objects.users.read': crmRead('users (CRM object) and roles'),
  'crm.objects.leads.read': crmRead('leads'),
  'crm.objects.goals.read': crmRead('goal targets'),
  'crm.objects.invoices.read': crmRead('invoices'),
  'crm.objects.orders.read': crmRead('orders'),
  'crm.objects.carts.read': crmRead('carts'),
  'crm.objects.commercepayments.read': crmRead('payments'),
  'crm.objects.subscriptions.read': crmRead('commerce subscriptions'),
  'crm.objects.feedback_submissions.read': crmRead('feedback submissions'),
  'crm.objects.courses.read': crmRead('courses (once activated)'),
  'crm.objects.listings.read': crmRead('listings (once activated)'),
  'crm.objects.services.read': crmRead('services (once activated)'),
  'crm.objects.appointments.read': crmRead('appointments (once activated)'),
  'crm.objects.projects.read': crmRead('projects'),
  'crm.objects.contracts.read': crmRead('contracts'),
  'crm.dealsplits.read_write': crmRead('deal splits', 'Sales Hub Enterprise'),
  'crm.lists.read': crmRead('lists (segments) and their memberships'),
  'crm.lists.write': crmRead('lists and their memberships (the write scope reads them too)'),
  'marketing.email.read': { group: 'Marketing', grants: 'read marketing emails and their statistics' },
  content: { group: 'Marketing', grants: 'read marketing emails, email events and legacy email campaigns (older, wider scope)' },
  'marketing.campaigns.read': { group: 'Marketing', grants: 'read marketing campaigns, their assets and budget', tier: 'Marketing Hub Professional+' },
  'marketing.campaigns.revenue.read': { group: 'Marketing', grants: 'read campaign revenue reports', tier: 'Marketing Hub Professional+' },
  forms: { group: 'Marketing', grants: 'read forms and form submissions' },
  'forms-uploaded-files': { group: 'Marketing', grants: 'download files uploaded through forms' },
  'communication_preferences.read': { group: 'Marketing', grants: 'read subscription types and contacts’ subscription statuses' },
  'communication_preferences.read_write': { group: 'Marketing', grants: 'read and change subscription statuses' },
  'communication_preferences.statuses.batch.read': { group: 'Marketing', grants: 'read subscription statuses in batches', tier: 'Marketing Hub Enterprise' },
  // The 2026-03 subscription guide's names for the same access (API-FACTS-2 §4).
  'subscriptions-definition-read': { group: 'Marketing', grants: 'read subscription types (2026-03 name)' },
  'subscriptions-status-read': { group: 'Marketing', grants: 'read subscription statuses (2026-03 name)' },
  'subscription-status-batch-read': { group: 'Marketing', grants: 'read subscription statuses in batches (2026-03 name)', tier: 'Marketing Hub Enterprise' },
  'business-intelligence': { group: 'Reporting', grants: 'read analytics reports (v2): sessions, sources, page views' },
  automation: { group: 'Automation', grants: 'read owners (older scope) and workflows' },
  'settings.users.read': { group: 'Settings', grants: 'read users and roles' },
  'settings.users.teams.read': { group: 'Settings', grants: 'read teams' },
  oauth: { group: 'Standard', grants: 'basic access every token has (account details, daily usage, events)' },
};

/**
 * Names people are told to grant that HubSpot does not list, and what to grant instead: from
 * integration guides and AI answers (`marketing.emails.read`, `reports.read`) and from the
 * object-per-scope pattern HubSpot breaks for tickets.
 */
export const TOLD_SCOPES: Record<string, { instead: string[]; why: string }> = {
  'marketing.emails.read': { instead: ['marketing.email.read'], why: 'HubSpot spells it singular: marketing.email.read (or the older content)' },
  'reports.read': { instead: ['business-intelligence'], why: 'HubSpot has no reports.read for its public API; the analytics reports need business-intelligence' },
  'analytics.read': { instead: ['business-intelligence'], why: 'the analytics reports need business-intelligence' },
  'crm.objects.tickets.read': { instead: ['tickets'], why: 'tickets are read with the tickets scope' },
  'crm.objects.lists.read': { instead: ['crm.lists.read'], why: 'lists are crm.lists.read' },
  'crm.objects.forms.read': { instead: ['forms'], why: 'forms are read with the forms scope' },
  'crm.objects.campaigns.read': { instead: ['marketing.campaigns.read'], why: 'campaigns are marketing.campaigns.read' },
  'crm.objects.teams.read': { instead: ['settings.users.teams.read'], why: 'teams are settings.users.teams.read' },
};

/**
 * Names HubSpot lists that pipe does not need for reading: the write twins of the read scopes and
 * the schema scopes of each CRM object. Known, so a pasted list that has them is not flagged.
 */
const OTHER_KNOWN = new Set(
  Object.keys(HUBSPOT_SCOPES).flatMap((name) => {
    const crm = /^crm\.objects\.([a-z_]+)\.read$/.exec(name);
    const twins = name.endsWith('.read') ? [name.replace(/\.read$/, '.write')] : [];
    return crm ? [...twins, `crm.schemas.${crm[1]}.read`, `crm.schemas.${crm[1]}.write`] : twins;
  }),
);

/** Whether HubSpot lists this scope (as far as the table and its write/schema twins go). */
export const isKnownScope = (name: string): boolean => name in HUBSPOT_SCOPES || OTHER_KNOWN.has(name);

/** A scope as the Scopes screen names it, with its area and the tier it needs (`marketing.campaigns.read [Marketing; Marketing Hub Professional+]`). */
export function screenName(scope: string): string {
  const info = HUBSPOT_SCOPES[scope];
  return info ? `${scope} [${info.group}${info.tier ? `; ${info.tier}` : ''}]` : scope;
}

/** A pasted scope list: comma, space or newline separated, quotes and brackets ignored. */
export function parseScopeList(text: string | string[]): string[] {
  const parts = (Array.isArray(text) ? text : [text]).flatMap((t) => t.split(/[\s,;]+/));
  return [...new Set(parts.map((s) => s.replace(/^[\s"'[\]]+|[\s"'[\]]+$/g, '')).filter(Boolean))];
}

export interface ScopeReview {
  /** Names HubSpot does not list, with the closest one it does. */
  unknown: { name: string; suggestion?: string }[];
  /** Names people are told that HubSpot does not list, and what to grant instead. */
  told: { name: string; instead: string[]; why: string }[];
  /** Streams none of whose scopes is in the list. */
  missing: { stream: string; anyOf: string[] }[];
  /** One scope per missing stream, the fewest names that cover them all. */
  toGrant: string[];
}

/** Compares the scopes a person says the token has with what each selected stream needs. */
export function reviewScopes(granted: string[], needs: { stream: string; scopes: string[] }[]): ScopeReview {
  const known = new Set([...Object.keys(HUBSPOT_SCOPES), ...OTHER_KNOWN]);
  const unknown: ScopeReview['unknown'] = [];
  const told: ScopeReview['told'] = [];
  // A told name cannot have been granted (the screen does not list it): its streams still need the real one.
  const effective = new Set<string>(['oauth']);
  for (const name of granted) {
    const lower = name.toLowerCase();
    if (known.has(lower)) effective.add(lower);
    else if (TOLD_SCOPES[lower]) told.push({ name, ...TOLD_SCOPES[lower]! });
    else {
      const suggestion = closest(lower, known);
      unknown.push({ name, ...(suggestion ? { suggestion } : {}) });
    }
  }
  const missing = needs.filter((n) => n.scopes.length > 0 && !n.scopes.some((s) => effective.has(s))).map((n) => ({ stream: n.stream, anyOf: n.scopes }));
  // Greedy cover: the scope that serves the most missing streams first (ties: the catalog's first choice).
  const toGrant: string[] = [];
  let left = missing;
  while (left.length > 0) {
    const count = new Map<string, number>();
    for (const m of left) for (const s of m.anyOf) count.set(s, (count.get(s) ?? 0) + 1);
    const best = left[0]!.anyOf.reduce((a, b) => ((count.get(b) ?? 0) > (count.get(a) ?? 0) ? b : a));
    const most = [...count].reduce((a, b) => (b[1] > a[1] ? b : a))[0];
    const pick = (count.get(most) ?? 0) > (count.get(best) ?? 0) ? most : best;
    toGrant.push(pick);
    left = left.filter((m) => !m.anyOf.includes(pick));
  }
  // In the order of the streams they serve.
  const first = (scope: string) => missing.findIndex((m) => m.anyOf.includes(scope));
  toGrant.sort((a, b) => first(a) - first(b));
  return { unknown, told, missing, toGrant };
}
