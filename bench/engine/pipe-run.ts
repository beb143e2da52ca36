// pipe itself: `pipe run` of HubSpot contacts (20 properties, or all with --all-properties) into DuckDB or Parquet, as a
// user runs it (pipe-cli.ts): the installed CLI in its own process, timed from spawn to exit,
// so start-up, plugin loading and closing the sink all count.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { report } from './measure.ts';
import { BIN, runPipeCli } from './pipe-cli.ts';
import { benchPipeline } from './props.ts';

const { values: a } = parseArgs({
  options: {
    url: { type: 'string' },
    token: { type: 'string' },
    sink: { type: 'string', default: 'duckdb' },
    dir: { type: 'string' },
    full: { type: 'boolean', default: false },
    // `unlimited` when the simulator's limits are off (engine overhead); `auto` learns them from headers.
    tier: { type: 'string', default: 'auto' },
    // The parallel first sync (list walks + search lanes) is there for HubSpot's latency and
    // rate limits; the engine-overhead floor reads one list page at a time, so pipe does too
    // unless asked for (else the ratio would measure concurrency, not the engine).
    parallel: { type: 'boolean', default: false },
    // Every property the portal has (pipe's default) instead of the 20 of the narrow rows.
    'all-properties': { type: 'boolean', default: false },
    // The CLI entry to run: bin/pipe.js (the bundle when fresh, else tsx), or a bundle's main.js.
    cli: { type: 'string', default: BIN },
  },
});
const dir = a.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'pipe-bench-'));
const file = path.join(dir, 'bench.yml');
const sink = a.sink === 'parquet' ? 'parquet: { dir: out/parquet }' : 'duckdb: { path: out/warehouse.duckdb }';
fs.mkdirSync(path.join(dir, 'out'), { recursive: true });
fs.writeFileSync(file, benchPipeline({ tier: a.tier!, sink, parallelFullSync: a.parallel, allProperties: a['all-properties'] }));
const run = await runPipeCli({ cli: a.cli!, file, url: a.url!, token: a.token!, args: a.full ? ['--full-refresh'] : [] });
const { seconds, records, apiCalls, peakRssMb, cpuSeconds } = run;
report({ records, seconds, recordsPerSecond: records / seconds, apiCalls, peakRssMb, cpuSeconds });
process.exit(0);
