// A seedable portal generator: one seed → one full set of simulator options, varying what real
// portals vary (object types, properties, ids, latency, headers, scopes, custom objects, account
// features). Same seed, same portal. Counts, port and rate-limit switches stay the caller's.
import { FURTHER_OBJECTS } from './data/further-objects.ts';
import { standardObjectTypes } from './data/object-types.ts';
import { Rng, mix } from './data/random.ts';
import type { AbsentAnswer, AccountLacks, IdLayout, Profile, RateLimitHeaderStyle, SimOptions, Tier } from './options.ts';

/** Standard types a portal may lack (contacts always exist). */
const OPTIONAL_TYPES: [name: string, chance: number][] = [
  ['companies', 0.05],
  ['deals', 0.05],
  ['tickets', 0.15],
  ['products', 0.2],
  ['line_items', 0.2],
  ['quotes', 0.25],
  ['calls', 0.1],
  ['emails', 0.1],
  ['meetings', 0.1],
  ['notes', 0.1],
  ['tasks', 0.1],
];
const ANSWERS: AbsentAnswer[] = [400, 403, 404];
const DEAL_SPLIT_SCOPE = 'crm.dealsplits.read_write';
const CUSTOM_OBJECT_POOL = ['cars', 'pets', 'shipments', 'licences', 'projects_x', 'machines'];

/** Every scope a complete token holds, in groups that grant one capability each. */
export function scopeGroups(): Record<string, string[]> {
  const groups: Record<string, string[]> = {};
  for (const t of standardObjectTypes()) {
    // e-commerce also grants products and line items: it goes with the group that keeps both (below).
    groups[t.name] = [...t.readScopes, ...t.writeScopes, `crm.schemas.${t.name}.read`, `crm.schemas.${t.name}.write`].filter((s) => s !== 'e-commerce');
  }
  groups.commerce = ['e-commerce'];
  groups.owners = ['crm.objects.owners.read', 'automation'];
  groups.custom_objects = ['crm.objects.custom.read', 'crm.objects.custom.write', 'crm.schemas.custom.read', 'crm.schemas.custom.write'];
  groups.marketing_emails = ['marketing.email.read'];
  groups.content = ['content'];
  groups.analytics = ['business-intelligence'];
  groups.lists = ['crm.lists.read', 'crm.lists.write'];
  groups.forms = ['forms', 'forms-uploaded-files'];
  groups.campaigns = ['marketing.campaigns.read', 'marketing.campaigns.write'];
  groups.communication_preferences = ['communication_preferences.read', 'communication_preferences.read_write'];
  groups.subscription_status_batch = ['communication_preferences.statuses.batch.read'];
  groups.settings_users = ['settings.users.read', 'settings.users.write', 'crm.objects.users.read'];
  groups.settings_teams = ['settings.users.teams.read', 'settings.users.teams.write'];
  return groups;
}

const pick = <T>(r: Rng, items: readonly T[]): T => items[r.int(items.length)]!;

/** Object types a portal serves no search for: none on most portals, else one or two of `candidates`. */
function searchless(r: Rng, candidates: string[]): string[] {
  if (!r.chance(0.3)) return [];
  const one = pick(r, candidates);
  const two = pick(r, candidates);
  return [...new Set([one, ...(r.chance(0.5) ? [two] : [])])];
}

/** The simulator options of portal `seed` (the data seed is the same number). */
export function generatePortal(seed: number): SimOptions {
  const r = new Rng(mix(seed >>> 0, 0x9047a1));
  const absentObjects: Record<string, AbsentAnswer> = {};
  for (const [name, chance] of OPTIONAL_TYPES) if (r.chance(chance)) absentObjects[name] = pick(r, ANSWERS);
  const present = standardObjectTypes()
    .map((t) => t.name)
    .filter((n) => !absentObjects[n]);
  const withoutMergedIds = present.filter(() => r.chance(0.15));

  const idLayout: IdLayout = pick(r, [
    { kind: 'dense' },
    { kind: 'sparse', stride: pick(r, [2, 7, 50, 100]) },
    { kind: 'clustered', clusterSize: pick(r, [10, 100, 1000]), gap: pick(r, [1000, 50_000, 10_000_000]) },
  ] satisfies IdLayout[]);
  const idOffset = pick(r, [0, 0, 0, 2 ** 31, 2 ** 32, 1e12]);

  const p50 = pick(r, [0, 0, 1, 2, 5, 10]);
  const latencyMs = p50 === 0 ? 0 : { p50, p99: p50 * pick(r, [2, 5, 10, 40]) };
  const rateLimitHeaders = pick<RateLimitHeaderStyle>(r, ['standard', 'standard', 'lowercase', 'uppercase', 'none', 'no-daily']);
  const tier = pick<Tier>(r, ['starter', 'professional', 'enterprise']);

  let tokenScopes: string[] | undefined;
  if (r.chance(0.4)) {
    const groups = scopeGroups();
    const names = Object.keys(groups);
    const dropped = new Set<string>();
    const n = 1 + r.int(3);
    // Contacts stay readable: a token that cannot read contacts is a different product, not a portal.
    while (dropped.size < n) {
      const g = pick(r, names);
      if (g !== 'contacts') dropped.add(g);
    }
    tokenScopes = names.filter((g) => !dropped.has(g)).flatMap((g) => groups[g]!);
  }

  const customObjects = r.chance(0.4)
    ? []
    : CUSTOM_OBJECT_POOL.filter(() => r.chance(0.3))
        .slice(0, 3)
        .map((name) => ({ name, count: 3 + r.int(58) }));

  const accountLacks: AccountLacks = {};
  for (const k of ['marketingEmails', 'emailEvents', 'analytics'] as const) if (r.chance(0.2)) accountLacks[k] = pick(r, [403, 404] as const);

  const opts: SimOptions = {
    seed,
    profile: pick<Profile>(r, ['narrow', 'narrow', 'narrow', 'realistic']),
    absentObjects,
    withoutMergedIds,
    customProperties: pick(r, [0, 2, 10, 30, 120, 300, 500]),
    unusualProperties: r.chance(0.4),
    calculatedProperties: pick(r, [0, 0, 5, 12]),
    idLayout,
    idOffset,
    latencyMs,
    rateLimitHeaders,
    tier,
    customObjects,
    accountLacks,
  };
  // Drawn last from the main dice, so that the draws above (and the portals they make) stay as they were.
  opts.lists = pick(r, [0, 2, 9]);
  opts.forms = pick(r, [0, 3, 8]);
  // Drawn after the rest, so these do not reshuffle the portal's other traits.
  for (const k of ['campaigns', 'campaignBudget', 'roles'] as const) if (r.chance(0.12)) accountLacks[k] = pick(r, [403, 404] as const);
  // Batch subscription reads need Marketing Hub Enterprise [docs] (a hub tier, not the API tier above).
  if (r.chance(0.4)) accountLacks.subscriptionStatusBatch = 403;
  // Further object types (leads, invoices, …) from their own dice, so the draws above stay as they were.
  const f = new Rng(mix(seed >>> 0, 0xf0b7ec));
  const furtherObjects: string[] = [];
  // Half the portals have the whole set (every hub at its top tier, every object activated).
  const everything = f.chance(0.5);
  for (const t of FURTHER_OBJECTS) {
    if (everything || f.chance(0.35)) furtherObjects.push(t.name);
    else if (f.chance(0.5)) absentObjects[t.name] = pick(f, ANSWERS); // else HubSpot's own 400 for an unknown type
  }
  opts.furtherObjects = furtherObjects;
  // Legacy email campaigns (Marketing Hub) from their own dice too.
  const ec = new Rng(mix(seed >>> 0, 0xe3ca));
  if (ec.chance(0.15)) accountLacks.emailCampaigns = pick(ec, [403, 404] as const);
  if (tokenScopes) {
    // A partial token holds the scopes of some further types only.
    for (const t of FURTHER_OBJECTS) if (f.chance(0.7)) tokenScopes.push(...t.scope);
    opts.tokenScopes = [...new Set(tokenScopes)];
  }
  // Deal splits need Sales Hub Enterprise [docs], from their own dice too. Without it HubSpot may
  // refuse the scope (MISSING_SCOPES) or the endpoint (403/404): which one is UNCONFIRMED, so all vary.
  const d = new Rng(mix(seed >>> 0, 0xde5b17));
  if (d.chance(0.35)) accountLacks.dealSplits = pick(d, ['missing_scopes', 403, 404] as const);
  // A partial token holds the splits scope or not (not one of scopeGroups: that would reshuffle the draws above).
  if (opts.tokenScopes && d.chance(0.7)) opts.tokenScopes.push(DEAL_SPLIT_SCOPE);
  // How the reports API answers a breakdown it does not know (UNCONFIRMED), from its own dice too.
  opts.unknownBreakdown = pick(new Rng(mix(seed >>> 0, 0xb4ead)), ['data', 400, 404] as const);
  // Page and batch maxima HubSpot does not document (UNCONFIRMED; above them a 400), from dice of their own.
  const m = new Rng(mix(seed >>> 0, 0x3a71e5));
  opts.emailCampaigns = { maxLimit: pick(m, [500, 500, 250, 100]) };
  opts.marketingSettings = { subscriptionBatchMax: pick(m, [100, 100, 50]) };
  // The API's UNCONFIRMED answers (options.ts, BehaviourOptions), each group from dice of its own:
  // how CRM object lists page and in what order (API-FACTS 3.1), then the rest.
  const l = new Rng(mix(seed >>> 0, 0x115707));
  const u = new Rng(mix(seed >>> 0, 0xb3a71));
  opts.behaviour = {
    listCursor: pick(l, ['next-id', 'next-id', 'opaque'] as const),
    listOrder: pick(l, ['id', 'id', 'id', 'shuffled'] as const),
    listOverLimit: pick(u, ['error', 'clamp'] as const),
    alwaysIncludeSystemProps: u.chance(0.7),
    nullForMissing: u.chance(0.7),
    readMergedReturnsPrimary: u.chance(0.7),
    mergedAppearArchived: u.chance(0.3),
    searchPolicyName: pick(u, ['SECONDLY', 'SECONDLY', null] as const),
    secondlyHeaders: u.chance(0.3),
    v4NumericIds: u.chance(0.3),
    eventsPortalWide: u.chance(0.7),
    analyticsShape: pick(new Rng(mix(seed >>> 0, 0xa5a1e7)), ['by-date', 'by-date', 'totals'] as const),
    associationBatchMaxInputs: pick(u, [1_000, 1_000, 100]),
    campaignSort: pick(new Rng(mix(seed >>> 0, 0xca5047)), ['honoured', 'honoured', 'ignored', 'rejected'] as const),
    archivedFormSubmissions: pick(new Rng(mix(seed >>> 0, 0xf0a4c1)), ['served', 'served', 404] as const),
    userPaths: pick(new Rng(mix(seed >>> 0, 0x05e75a)), ['both', 'both', 'docs', 'spec'] as const),
    listSearchProperties: pick(new Rng(mix(seed >>> 0, 0x115e4b)), ['defaults', 'defaults', 'requested'] as const),
    // Dice of their own: adding them left every other draw of a seed as it was.
    schemaPaths: pick(new Rng(mix(seed >>> 0, 0x5c4e3a)), ['both', 'both', 'current', 'legacy'] as const),
    associationLabelPaths: pick(new Rng(mix(seed >>> 0, 0xa55e1a)), ['both', 'both', 'docs', 'spec'] as const),
    associationNoneAnswer: pick(new Rng(mix(seed >>> 0, 0x70e2a7)), ['error', 'empty'] as const),
    propertiesParam: pick(new Rng(mix(seed >>> 0, 0x9a7a35)), ['both', 'both', 'both', 'repeated'] as const),
    restoreBumpsModified: pick(new Rng(mix(seed >>> 0, 0x4e5702)), [true, false] as const),
    searchlessObjects: searchless(new Rng(mix(seed >>> 0, 0x5ea4c0)), [...furtherObjects, 'products', 'quotes']),
  };
  return opts;
}
