// The simulator's command line, shared by `pnpm sim -- --contacts 100000 --latency 250` (bin.ts),
// `npx @pipe/hubspot-sim` and `pipe sim`: start a simulator and print its URL and a ready-to-use
// fake token. Runs until interrupted.
import { Command, InvalidArgumentError, Option } from 'commander';
import { generatePortal } from './generate-portal.ts';
import { DEFAULT_COUNTS, type SimOptions, type Tier } from './options.ts';
import { describePortal } from './portal-truth.ts';
import { startSimulator } from './simulator.ts';

const num = (name: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError(`${name} must be a non-negative number, got "${v}"`);
  return n;
};
const rate = (name: string) => (v: string) => {
  const n = num(name)(v);
  if (n > 1) throw new InvalidArgumentError(`${name} is a share between 0 and 1, got "${v}"`);
  return n;
};

function buildProgram(name: string): Command {
  const program = new Command(name)
    .exitOverride()
    .description('A faithful HubSpot API simulator (see packages/hubspot-sim/README.md for every knob).')
    .option('--port <n>', 'port to listen on (0 = any free port)', num('--port'), 0)
    .option('--host <host>', 'interface to bind', '127.0.0.1')
    .option('--seed <n>', 'data and fault seed', num('--seed'), 1)
    .option('--count <type=n...>', 'records of any object type, e.g. --count deals=5000 --count tickets=10')
    .option('--custom-properties <n>', 'custom properties per object', num('--custom-properties'), 10)
    .addOption(new Option('--tier <tier>', 'HubSpot tier: burst limit per 10 s').choices(['free', 'starter', 'professional', 'enterprise', 'capacity_pack']).default('professional'))
    .option('--no-rate-limits', 'do not enforce any rate limit')
    .option('--daily-limit <n>', 'daily request limit (default by tier)', num('--daily-limit'))
    .option('--search-per-second <n>', 'search requests per second', num('--search-per-second'), 5)
    .option('--retry-after', 'send Retry-After on 429 (HubSpot does not promise it)', false)
    .option('--base-path <path>', "CRM base path, '/crm/v3' or '/crm/objects/2026-03'", '/crm/v3')
    .option('--latency <ms>', 'median response latency', num('--latency'), 0)
    .option('--jitter <sigma>', 'log-normal spread of the latency', num('--jitter'), 0.5)
    .option('--search-lag <ms>', 'search eventual-consistency lag', num('--search-lag'), 0)
    .addOption(new Option('--list-cursor <kind>', "CRM list paging.next.after: the next record's id, or an opaque position (UNCONFIRMED which HubSpot sends)").choices(['next-id', 'opaque']).default('next-id'))
    .addOption(new Option('--list-order <order>', 'CRM list order: by id ascending, or a fixed order unrelated to ids (UNCONFIRMED which HubSpot keeps)').choices(['id', 'shuffled']).default('id'))
    .addOption(new Option('--analytics-shape <shape>', 'analytics daily/weekly/monthly reports: an object keyed by period start (by-date) or the documented {offset,total,totals,breakdowns} summing up the range (totals); UNCONFIRMED').choices(['by-date', 'totals']).default('by-date'))
    .addOption(new Option('--properties-param <form>', 'record reads take properties comma-joined or repeated (both), or only repeated (repeated: a,b is one unknown name); UNCONFIRMED').choices(['both', 'repeated']).default('both'))
    .addOption(new Option('--association-none-answer <how>', 'how a v4 association batch read answers a record without associations: a per-input error in a 207 (error) or an empty "to" list (empty); UNCONFIRMED').choices(['error', 'empty']).default('error'))
    .addOption(new Option('--searchless-objects <types>', 'object types whose search answers 404, comma-separated (e.g. quotes,leads); default none'))
    .addOption(new Option('--restore-bumps-modified <bool>', "whether restoring an archived record moves its last-modified (control restore); UNCONFIRMED").choices(['true', 'false']).default('true'))
    .addOption(new Option('--association-label-paths <which>', 'paths serving association labels: both, /crm/v4/associations only (docs) or /crm/associations/v4 only (spec); UNCONFIRMED').choices(['both', 'docs', 'spec']).default('both'))
    .addOption(new Option('--campaign-sort <how>', 'campaigns list `sort`: honoured, ignored (creation order) or rejected (400); UNCONFIRMED').choices(['honoured', 'ignored', 'rejected']).default('honoured'))
    .addOption(new Option('--archived-form-submissions <how>', 'submissions of archived forms: served, or 404 as for an unknown form; UNCONFIRMED').choices(['served', '404']).default('served'))
    .addOption(new Option('--user-paths <which>', 'paths serving settings users, teams and roles: both, /settings/v3/users only (docs) or /settings/users/v3 only (spec); UNCONFIRMED').choices(['both', 'docs', 'spec']).default('both'))
    .addOption(new Option('--list-search-properties <which>', 'list search additionalProperties: the documented defaults plus those asked, or only those asked (requested); UNCONFIRMED').choices(['defaults', 'requested']).default('defaults'))
    .addOption(new Option('--schema-paths <which>', 'paths serving custom object schemas: both, /crm-object-schemas/v3/schemas only (current) or /crm/v3/schemas only (legacy); UNCONFIRMED').choices(['both', 'current', 'legacy']).default('both'))
    .option('--id-stride <n>', 'gap between consecutive record ids (1 = dense; real portals are sparse)', num('--id-stride'), 1)
    .option('--max-url-length <n>', '414 above this URL length', num('--max-url-length'), 16_300)
    .option('--fault-5xx <share>', 'share of 502/503/504 responses', rate('--fault-5xx'), 0)
    .option('--no-html-bodies', '5xx with empty bodies instead of HTML')
    .option('--fault-reset <share>', 'share of connections reset mid-body', rate('--fault-reset'), 0)
    .option('--fault-423 <share>', 'share of 423 Locked responses', rate('--fault-423'), 0)
    .option('--fault-429 <share>', 'share of requests that start a burst of 5 429s', rate('--fault-429'), 0)
    .option('--custom-object <name=n...>', 'custom objects and their record counts (default cars=50)')
    .option('--tied <type=n...>', 'stamp n records of a type with one identical last-modified time')
    .option('--portal-seed <n>', 'generate a whole portal from this seed (absent objects, properties, ids, latency, headers, scopes…); flags given explicitly override it', num('--portal-seed'))
    .addOption(new Option('--profile <profile>', "property set: 'narrow' (default) or 'realistic' (~350 contact properties)").choices(['narrow', 'realistic']))
    .option('--record-cache-mb <n>', 'MB of serialised list records kept for pages read again (benchmarks; default 0 = off)', num('--record-cache-mb'))
    .option('--describe', 'print what the portal is like (with --portal-seed: what the seed produced)', false);

  // One option per standard object type: --contacts 1000000, --deals 5000, --line-items 10 …
  for (const type of Object.keys(DEFAULT_COUNTS)) {
    program.option(`--${type.replace(/_/g, '-')} <n>`, `${type} to generate (default ${DEFAULT_COUNTS[type]})`, num(`--${type}`));
  }
  return program;
}

function pairs(list: string[] | undefined, flag: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of list ?? []) {
    const m = /^([a-z0-9_-]+)=(\d+)$/i.exec(item);
    if (!m) throw new InvalidArgumentError(`${flag} expects type=n, got "${item}"`);
    out[m[1]!] = Number(m[2]);
  }
  return out;
}

/**
 * Parses `args` (the words after the command), starts the simulator, prints how to reach it and
 * keeps it up until SIGINT/SIGTERM. Throws commander's errors for bad flags (exitOverride).
 */
export async function simulatorCli(args: string[], name = 'hubspot-sim'): Promise<void> {
  const program = buildProgram(name);
  // `pnpm sim -- --flags` may hand the `--` through; it would end option parsing.
  const argv = args.filter((a, i) => !(i === 0 && a === '--'));
  program.parse(argv, { from: 'user' });
  const o = program.opts();
  const counts: Record<string, number> = pairs(o.count, '--count');
  for (const type of Object.keys(DEFAULT_COUNTS)) {
    const v = o[type.replace(/_([a-z])/g, (_: string, c: string) => c.toUpperCase())];
    if (v !== undefined) counts[type] = v;
  }
  // With --portal-seed the generated portal is the base, and only flags typed on the command line override it.
  const portalMode = o.portalSeed !== undefined;
  const opts: SimOptions = portalMode ? generatePortal(o.portalSeed) : {};
  const given = (...keys: string[]) => !portalMode || keys.some((k) => program.getOptionValueSource(k) === 'cli');
  Object.assign(opts, {
    port: o.port,
    host: o.host,
    counts,
    faults: { rate5xx: o.fault5xx, htmlBodies: o.htmlBodies, resetRate: o.faultReset, rate423: o.fault423, burst429: o.fault429 },
    tiedTimestamps: pairs(o.tied, '--tied'),
  } satisfies SimOptions);
  if (given('seed')) opts.seed = o.seed;
  if (given('customProperties')) opts.customProperties = o.customProperties;
  if (given('tier')) opts.tier = o.tier as Tier;
  if (given('rateLimits')) opts.rateLimits = o.rateLimits;
  if (given('dailyLimit')) opts.dailyLimit = o.dailyLimit;
  if (given('searchPerSecond')) opts.searchPerSecond = o.searchPerSecond;
  if (given('retryAfter')) opts.retryAfter = o.retryAfter;
  if (given('basePath')) opts.basePath = o.basePath;
  if (given('latency', 'jitter')) opts.latencyMs = { median: o.latency, jitter: o.jitter };
  if (given('searchLag')) opts.searchLagMs = o.searchLag;
  if (given('maxUrlLength')) opts.maxUrlLength = o.maxUrlLength;
  if (given('idStride')) {
    opts.idStride = o.idStride;
    delete opts.idLayout;
  }
  if (given('listCursor')) opts.behaviour = { ...opts.behaviour, listCursor: o.listCursor };
  if (given('listOrder')) opts.behaviour = { ...opts.behaviour, listOrder: o.listOrder };
  if (given('analyticsShape')) opts.behaviour = { ...opts.behaviour, analyticsShape: o.analyticsShape };
  if (given('schemaPaths')) opts.behaviour = { ...opts.behaviour, schemaPaths: o.schemaPaths };
  if (given('campaignSort')) opts.behaviour = { ...opts.behaviour, campaignSort: o.campaignSort };
  if (given('archivedFormSubmissions')) opts.behaviour = { ...opts.behaviour, archivedFormSubmissions: o.archivedFormSubmissions === '404' ? 404 : 'served' };
  if (given('userPaths')) opts.behaviour = { ...opts.behaviour, userPaths: o.userPaths };
  if (given('listSearchProperties')) opts.behaviour = { ...opts.behaviour, listSearchProperties: o.listSearchProperties };
  if (given('associationLabelPaths')) opts.behaviour = { ...opts.behaviour, associationLabelPaths: o.associationLabelPaths };
  if (given('associationNoneAnswer')) opts.behaviour = { ...opts.behaviour, associationNoneAnswer: o.associationNoneAnswer };
  if (given('restoreBumpsModified')) opts.behaviour = { ...opts.behaviour, restoreBumpsModified: o.restoreBumpsModified === 'true' };
  if (given('searchlessObjects')) opts.behaviour = { ...opts.behaviour, searchlessObjects: String(o.searchlessObjects).split(',').filter(Boolean) };
  if (given('propertiesParam')) opts.behaviour = { ...opts.behaviour, propertiesParam: o.propertiesParam };
  if (o.profile) opts.profile = o.profile;
  if (o.recordCacheMb !== undefined) opts.recordCacheMb = o.recordCacheMb;
  if (o.customObject) opts.customObjects = Object.entries(pairs(o.customObject, '--custom-object')).map(([name, count]) => ({ name, count }));
  if (o.describe) process.stdout.write(`${describePortal(opts)}\n`);
  const t0 = performance.now();
  const sim = await startSimulator(opts);
  const mb = Math.round(process.memoryUsage().rss / 1e6);
  process.stdout.write(
    `HubSpot simulator ready in ${Math.round(performance.now() - t0)} ms (RSS ${mb} MB)\n` +
      `  URL:   ${sim.url}\n` +
      `  token: ${sim.token}   (fake, ${opts.tokenScopes ? 'partial scopes' : 'every scope'})\n` +
      `  use:   export HUBSPOT_BASE_URL=${sim.url} HUBSPOT_TOKEN=${sim.token}\n` +
      `  try:   curl -H "Authorization: Bearer ${sim.token}" "${sim.url}${o.basePath.includes('/objects') ? o.basePath : `${o.basePath}/objects`}/contacts?limit=2"\n`,
  );
  const stop = () => {
    sim.close().finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
