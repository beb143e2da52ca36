// What a portal built from these options can serve, per stream of pipe's HubSpot source, and why
// not: the ground truth a property-based test checks a run against. The stream names mirror the
// source's catalog (packages/source-hubspot/src/catalog.ts); the simulator does not import it.
import { FURTHER_DEFAULT_COUNT, absentAnswer, furtherObjectTypes } from './data/further-objects.ts';
import { standardObjectTypes } from './data/object-types.ts';
import type { ObjectTypeDef } from './data/model.ts';
import { type AbsentAnswer, DEFAULT_COUNTS, type SimOptions } from './options.ts';

export type StreamTruth = { available: true } | { available: false; reason: string; status: number };

export interface PortalTruth {
  streams: Record<string, StreamTruth>;
  /** Per object type (standard and custom): can its records be read? */
  objects: Record<string, StreamTruth>;
  /** Per mergeable object type (contacts, companies, deals, tickets, custom): can `merged_ids` read its `hs_merged_object_ids`? */
  mergedIds: Record<string, StreamTruth>;
}

const MERGEABLE = ['contacts', 'companies', 'deals', 'tickets'];
const OK: StreamTruth = { available: true };
const no = (status: number, reason: string): StreamTruth => ({ available: false, status, reason });

/** The association streams of the source (one direction per pair). */
export const ASSOCIATION_PAIRS: [string, string][] = [
  ['contacts', 'companies'],
  ['deals', 'contacts'],
  ['deals', 'companies'],
  ['tickets', 'contacts'],
  ['tickets', 'companies'],
  ['line_items', 'deals'],
  ['quotes', 'deals'],
  ...['calls', 'emails', 'meetings', 'notes', 'tasks'].map((e): [string, string] => [e, 'contacts']),
  ...['calls', 'emails', 'meetings', 'notes', 'tasks'].flatMap((e) => ['companies', 'deals', 'tickets'].map((to): [string, string] => [e, to])),
  ...['line_items', 'contacts', 'companies'].map((to): [string, string] => ['quotes', to]),
  ['companies', 'companies'],
];

export function portalTruth(opts: SimOptions): PortalTruth {
  const granted = opts.tokenScopes ? new Set(opts.tokenScopes) : undefined;
  /** A route passes when the token holds any one of its scopes (as the simulator checks). */
  const may = (anyOf: string[]) => !granted || anyOf.some((s) => granted.has(s));
  const missing = (anyOf: string[]) => no(403, `token lacks every one of the scopes ${anyOf.join(' / ')} (MISSING_SCOPES)`);
  const absent = (name: string, answer: AbsentAnswer) => no(answer, `object type ${name} is absent from this portal (answers ${answer})`);

  const objects: Record<string, StreamTruth> = {};
  const mergedIds: Record<string, StreamTruth> = {};
  const noMerged = new Set(opts.withoutMergedIds ?? []);
  const custom = (opts.customObjects ?? [{ name: 'cars', count: 50 }]).map((c) => c.name);
  const types: ObjectTypeDef[] = [...standardObjectTypes(), ...furtherObjectTypes()];
  for (const t of types) {
    const answer = absentAnswer(opts, t.name);
    objects[t.name] = answer ? absent(t.name, answer) : may(t.readScopes) ? OK : missing(t.readScopes);
  }
  const customScopes = ['crm.objects.custom.read'];
  for (const name of custom) objects[name] = may(customScopes) ? OK : missing(customScopes);
  // The source's merged_ids reads the types HubSpot can merge, and custom objects.
  for (const name of [...MERGEABLE, ...custom]) {
    const truth = objects[name]!;
    mergedIds[name] = !truth.available ? truth : noMerged.has(name) ? no(400, `${name} has no hs_merged_object_ids property`) : OK;
  }
  const streams: Record<string, StreamTruth> = {};
  for (const t of types) streams[t.name] = objects[t.name]!;
  for (const name of custom) streams[name] = objects[name]!;
  const anyReadable = Object.values(objects).some((o) => o.available);
  const noObject = no(403, 'no object type of this portal is readable with this token');
  streams.properties = anyReadable ? OK : noObject;
  streams.property_history = anyReadable ? OK : noObject;
  streams.merged_ids = Object.values(mergedIds).some((o) => o.available) ? OK : no(400, 'no readable object type has hs_merged_object_ids');
  const ownerScopes = ['crm.objects.owners.read', 'automation'];
  streams.owners = may(ownerScopes) ? OK : missing(ownerScopes);
  const pipelines = objects.deals!.available || objects.tickets!.available ? OK : objects.deals!;
  streams.pipelines = pipelines;
  streams.pipeline_stages = pipelines;
  const lacks = opts.accountLacks ?? {};
  const family = (scopes: string[], lacked: number | undefined, what: string): StreamTruth =>
    !may(scopes) ? missing(scopes) : lacked ? no(lacked, `the account does not have ${what} (answers ${lacked})`) : OK;
  streams.marketing_emails = family(['marketing.email.read', 'content'], lacks.marketingEmails, 'marketing emails');
  streams.email_events = family(['content'], lacks.emailEvents, 'email events');
  streams.analytics = family(['business-intelligence'], lacks.analytics, 'analytics reports');
  const listScopes = ['crm.lists.read', 'crm.lists.write'];
  streams.lists = may(listScopes) ? OK : missing(listScopes);
  streams.list_memberships = streams.lists;
  streams.forms = may(['forms']) ? OK : missing(['forms']);
  // Submissions are read per form: the forms list decides.
  streams.form_submissions = streams.forms;
  // Campaigns, communication preferences, settings users (API-FACTS-2 §3–§5).
  streams.campaigns = family(['marketing.campaigns.read', 'marketing.campaigns.write'], lacks.campaigns, 'marketing campaigns');
  streams.campaign_assets = streams.campaigns;
  streams.campaign_budget_items = !streams.campaigns.available ? streams.campaigns : lacks.campaignBudget ? no(lacks.campaignBudget, `the account does not have campaign budgets (answers ${lacks.campaignBudget})`) : OK;
  const prefs = ['communication_preferences.read', 'communication_preferences.read_write'];
  streams.subscription_definitions = may(prefs) ? OK : missing(prefs);
  const batch = family(['communication_preferences.statuses.batch.read'], lacks.subscriptionStatusBatch, 'batch subscription status reads');
  streams.subscription_statuses = !objects.contacts!.available ? objects.contacts! : batch;
  const users = ['settings.users.read', 'settings.users.write', 'crm.objects.users.read'];
  const teams = ['settings.users.teams.read', 'settings.users.teams.write'];
  streams.users = may(users) ? OK : missing(users);
  streams.teams = may(teams) ? OK : missing(teams);
  streams.team_members = streams.teams;
  streams.roles = family(users, lacks.roles, 'user roles');
  streams.email_campaigns = family(['content'], lacks.emailCampaigns, 'legacy email campaigns');
  // Deal splits are read per deal: the deals walk first, then the splits batch read.
  const splitScopes = ['crm.dealsplits.read_write'];
  const splits = lacks.dealSplits;
  const splitsLacked =
    splits === undefined ? OK : splits === 'missing_scopes' ? no(403, 'the account has no deal splits (Sales Hub Enterprise): the scope is refused (MISSING_SCOPES)') : no(splits, `the account has no deal splits (Sales Hub Enterprise; answers ${splits})`);
  streams.deal_splits = !objects.deals!.available ? objects.deals! : !may(splitScopes) ? missing(splitScopes) : splitsLacked;
  for (const [from, to] of ASSOCIATION_PAIRS) {
    // The token must hold the first side's scope (checked before anything else; an absent first
    // side has none to check), then an absent side answers (the path names it).
    streams[`${from}_to_${to}`] = !objects[from]!.available ? objects[from]! : opts.absentObjects?.[to] ? objects[to]! : objects[from]!;
  }
  return { streams, objects, mergedIds };
}

/** A few lines saying what a portal is like, for a failing test to print next to its seed. */
export function describePortal(opts: SimOptions): string {
  const truth = portalTruth(opts);
  const absent = Object.entries(opts.absentObjects ?? {}).map(([n, a]) => `${n} (${a})`);
  const layout = opts.idLayout ?? (opts.idStride && opts.idStride > 1 ? { kind: 'sparse', stride: opts.idStride } : { kind: 'dense' });
  const lat = opts.latencyMs;
  const latency = lat === undefined || lat === 0 ? 'none' : typeof lat === 'number' ? `median ${lat} ms` : 'p50' in lat ? `p50 ${lat.p50} ms, p99 ${lat.p99} ms` : `median ${lat.median} ms, jitter ${lat.jitter ?? 0.5}`;
  const lacks = Object.entries(opts.accountLacks ?? {}).map(([k, v]) => `${k} (${v})`);
  const custom = opts.customObjects ?? [{ name: 'cars', count: 50 }];
  const unavailable = Object.entries(truth.streams)
    .filter(([, t]) => !t.available)
    .map(([n, t]) => `${n} (${t.available ? '' : `${t.status}: ${t.reason}`})`);
  return [
    `portal seed ${opts.seed ?? 1}, profile ${opts.profile ?? 'narrow'}, tier ${opts.tier ?? 'professional'}`,
    `absent object types: ${absent.join(', ') || 'none'}`,
    `properties: ${opts.customProperties ?? 10} custom per object, unusual ${opts.unusualProperties ? 'yes' : 'no'}, derived ${opts.calculatedProperties ?? 0}; without hs_merged_object_ids: ${(opts.withoutMergedIds ?? []).join(', ') || 'none'}`,
    `ids: ${JSON.stringify(layout)}, offset ${opts.idOffset ?? 0}`,
    `API answers (UNCONFIRMED ones): ${Object.entries(opts.behaviour ?? {}).map(([k, v]) => `${k} ${v}`).join(', ') || 'the defaults'}`,
    `latency: ${latency}; rate-limit headers: ${opts.rateLimitHeaders ?? 'standard'}`,
    `token scopes: ${opts.tokenScopes ? `${opts.tokenScopes.length} scopes (partial)` : 'all'}`,
    `custom objects: ${custom.map((c) => `${c.name} (${c.count})`).join(', ') || 'none'}; account lacks: ${lacks.join(', ') || 'nothing'}`,
    `lists: ${opts.lists ?? 9}, forms: ${opts.forms ?? 8}; an unknown analytics breakdown gets: ${opts.unknownBreakdown ?? 'data'}`,
    `unavailable streams: ${unavailable.join('; ') || 'none'}`,
  ].join('\n');
}

/** Records per type the portal will generate for these options (absent types: none). */
export function portalCounts(opts: SimOptions): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, n] of Object.entries(DEFAULT_COUNTS)) if (!opts.absentObjects?.[name]) out[name] = opts.counts?.[name] ?? n;
  for (const name of opts.furtherObjects ?? []) if (!opts.absentObjects?.[name]) out[name] = opts.counts?.[name] ?? FURTHER_DEFAULT_COUNT;
  for (const c of opts.customObjects ?? [{ name: 'cars', count: 50 }]) out[c.name] = opts.counts?.[c.name] ?? c.count;
  return out;
}
