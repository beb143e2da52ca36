/**
 * Throughput of the HubSpot source against the simulator with HubSpot's limits switched on.
 *   pnpm exec tsx bench/source-hubspot/throughput.ts [contacts=20000] [tier=professional] [--latency ms] [--list-lanes n] [--id-stride n] [--no-parallel] [--no-incremental]
 * e.g. the target: `… throughput.ts 200000 professional --latency 250` (and `starter`).
 * Prints one JSON line per phase: records, seconds, records/s and its share of the tier's list
 * ceiling (burst limit per second × 100 records), calls by kind, 429s, peak calls per 10 s (all,
 * and of the burst bucket alone), seconds waited for the limiter, and the expected records/s of the
 * parallel first sync: list walks (1 + list lanes) at one page per latency each, capped by the
 * burst limit, × 100, plus search calls/s × 200.
 */
import { startSimulator } from '@pipe/hubspot-sim';
import { createMetrics, type Metrics, silentLogger } from '@pipe/sdk';
import { DEFAULT_LIST_LANES } from '../../packages/source-hubspot/src/config.ts';
import plugin from '../../packages/source-hubspot/src/index.ts';

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(name);
const optionValue = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const positional = args.filter((a, i) => !a.startsWith('--') && !(i > 0 && ['--latency', '--list-lanes', '--id-stride'].includes(args[i - 1]!)));
const n = Number(positional[0] ?? 20_000);
const tier = (positional[1] ?? 'professional') as 'professional' | 'starter' | 'free' | 'enterprise' | 'capacity_pack';
const latency = Number(optionValue('--latency') ?? 0);
const parallel = !flag('--no-parallel');
const listLanes = optionValue('--list-lanes') === undefined ? undefined : Number(optionValue('--list-lanes'));
const SEARCH_PER_SECOND = 4;
const BURST = { free: 100, starter: 100, professional: 190, enterprise: 190, capacity_pack: 250 }[tier];
const ceiling = (BURST / 10) * 100; // records/s if every burst call listed 100 records

const sim = await startSimulator({
  port: 0,
  seed: 1,
  counts: { contacts: n },
  tier,
  rateLimits: true,
  customProperties: 20,
  idStride: Number(optionValue('--id-stride') ?? 1),
  ...(latency > 0 ? { latencyMs: { median: latency } } : {}),
});

// Burst-bucket calls (everything but search) with their times, for the client-side peak per 10 s.
const burstTimes: number[] = [];
const base = createMetrics();
const metrics: Metrics = {
  ...base,
  add(stream, name, value = 1) {
    if (name.startsWith('api_calls.') && name !== 'api_calls.search') for (let i = 0; i < value; i++) burstTimes.push(performance.now());
    base.add(stream, name, value);
  },
};
const conn = await plugin.open(
  {
    token: sim.token,
    base_url: sim.url,
    base_path: '/crm/v3',
    tier: 'auto',
    search_requests_per_second: SEARCH_PER_SECOND,
    skip_missing_scopes: false,
    skip_unavailable: false,
    max_url_length: 12_000,
    max_retries: 6,
    retry_base_ms: 500,
    request_timeout_ms: 60_000,
  },
  { logger: silentLogger, signal: new AbortController().signal, baseDir: '.', pipeline: 'bench', metrics },
);
const schema = (await conn.discover()).find((s) => s.name === 'contacts')!;

function peak10s(times: number[]): number {
  let best = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i]! - times[j]! >= 10_000) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

const diff = (after: Record<string, number>, before: Record<string, number>): Record<string, number> =>
  Object.fromEntries(Object.entries(after).map(([k, v]) => [k, v - (before[k] ?? 0)]).filter(([, v]) => v !== 0));

async function phase(name: string, state: unknown, ceilingShare: boolean) {
  sim.control.resetStats();
  burstTimes.length = 0;
  const before = { ...(base.snapshot().contacts ?? {}), ...prefixed(base.snapshot()) } as Record<string, number>;
  const t0 = performance.now();
  let rows = 0;
  let last: unknown = state;
  for await (const b of conn.read({ schema, options: { parallel_full_sync: parallel, ...(listLanes === undefined ? {} : { parallel_list_lanes: listLanes }) }, mode: 'incremental', state: state as never })) {
    rows += b.rows.length;
    if (b.checkpoint !== undefined) last = b.checkpoint;
  }
  const s = (performance.now() - t0) / 1000;
  const st = sim.control.stats();
  const m = diff({ ...(base.snapshot().contacts ?? {}), ...prefixed(base.snapshot()) } as Record<string, number>, before);
  const calls = Object.fromEntries(Object.entries(m).filter(([k]) => k.startsWith('api_calls.')).map(([k, v]) => [k.slice('api_calls.'.length), v]));
  const rps = rows / s;
  const searchPerSecond = (calls.search ?? 0) / s;
  const walks = 1 + (listLanes ?? DEFAULT_LIST_LANES);
  const expected = Math.min(BURST / 10, (walks * 1000) / latency) * 100 + SEARCH_PER_SECOND * 200;
  console.log(
    JSON.stringify({
      phase: name,
      tier,
      latencyMs: latency,
      records: rows,
      seconds: +s.toFixed(1),
      recordsPerSecond: Math.round(rps),
      ...(ceilingShare ? { shareOfCeiling: `${((100 * rps) / ceiling).toFixed(0)}% of ${ceiling}` } : {}),
      calls,
      listRecords: m['parallel_full_sync.list_records'] ?? undefined,
      searchRecords: m['parallel_full_sync.search_records'] ?? undefined,
      seekRecords: m['parallel_full_sync.seek_records'] ?? undefined,
      seekGapSearches: m['parallel_full_sync.seek_gap_searches'] ?? undefined,
      searchCallsPerSecond: +searchPerSecond.toFixed(2),
      served429: st.served429,
      client429: m['run.http_429'] ?? 0,
      retries: m['run.retries'] ?? 0,
      limiterWaitS: +((m['run.limiter_wait_ms'] ?? 0) / 1000).toFixed(1),
      peakCallsPer10s: Math.max(...Object.values(st.peakPer10s)),
      peakBurstCallsPer10s: peak10s(burstTimes),
      burstLimitPer10s: BURST,
      ...(ceilingShare && latency > 0 && parallel
        ? { expectedRecordsPerSecond: Math.round(expected), expectedShare: `${((100 * expected) / ceiling).toFixed(0)}%` }
        : {}),
      rssMB: Math.round(process.memoryUsage().rss / 1e6),
    }),
  );
  return last;
}

/** Metrics recorded without a stream (http_429, retries, limiter waits), as `run.<name>`. */
function prefixed(snap: Record<string, Record<string, number> | undefined>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [stream, values] of Object.entries(snap)) if (stream !== 'contacts') for (const [k, v] of Object.entries(values ?? {})) out[`run.${k}`] = v;
  return out;
}

const state = await phase(`first run (${parallel ? 'parallel: list walks + search' : 'list only'}, ${n} contacts)`, undefined, true);
if (!flag('--no-incremental')) {
  sim.control.advanceClock(60_000);
  sim.control.touchMany('contacts', { count: Math.floor(n / 10) });
  await phase(`incremental (${Math.floor(n / 10)} changed, search)`, state, false);
}
await sim.close();
