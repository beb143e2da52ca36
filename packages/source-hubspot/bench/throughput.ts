/**
 * Throughput of the HubSpot source against the simulator with HubSpot's limits switched on.
 *   pnpm exec tsx packages/source-hubspot/bench/throughput.ts [contacts=20000] [tier=professional]
 * Prints one JSON line per phase: records, calls, seconds, records/s, peak calls per 10 s, 429s.
 */
import { startSimulator } from '@pipe/hubspot-sim';
import { createMetrics, silentLogger } from '@pipe/sdk';
import plugin from '../src/index.ts';

const n = Number(process.argv[2] ?? 20_000);
const tier = (process.argv[3] ?? 'professional') as 'professional';
const sim = await startSimulator({ port: 0, seed: 1, counts: { contacts: n }, tier, rateLimits: true, customProperties: 20 });
const metrics = createMetrics();
const conn = await plugin.open(
  {
    token: sim.token,
    base_url: sim.url,
    base_path: '/crm/v3',
    tier: 'auto',
    search_requests_per_second: 4,
    skip_missing_scopes: false,
    max_url_length: 12_000,
    max_retries: 6,
    retry_base_ms: 500,
    request_timeout_ms: 60_000,
  },
  { logger: silentLogger, signal: new AbortController().signal, baseDir: '.', pipeline: 'bench', metrics },
);
const schema = (await conn.discover()).find((s) => s.name === 'contacts')!;

async function phase(name: string, state: unknown) {
  sim.control.resetStats();
  const t0 = performance.now();
  let rows = 0;
  let last: unknown = state;
  for await (const b of conn.read({ schema, options: {}, mode: 'incremental', state: state as never })) {
    rows += b.rows.length;
    if (b.checkpoint !== undefined) last = b.checkpoint;
  }
  const s = (performance.now() - t0) / 1000;
  const st = sim.control.stats();
  console.log(
    JSON.stringify({ phase: name, records: rows, calls: st.requests, seconds: +s.toFixed(2), recordsPerSecond: Math.round(rows / s), peakPer10s: Math.max(...Object.values(st.peakPer10s)), served429: st.served429 }),
  );
  return last;
}

const state = await phase(`first run (list, ${n} contacts)`, undefined);
sim.control.advanceClock(60_000);
sim.control.touchMany('contacts', { count: Math.floor(n / 10) });
await phase(`incremental (${Math.floor(n / 10)} changed, search)`, state);
await sim.close();
