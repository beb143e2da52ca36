// pipe itself: `pipe run` of HubSpot contacts (20 properties) into DuckDB or Parquet, as a
// user runs it: the installed CLI (packages/cli/bin/pipe.js) in its own process, timed from
// spawn to exit, so start-up, plugin loading and closing the sink all count.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { report } from './measure.ts';
import { benchPipeline } from './props.ts';
import { ROOT } from './sim-process.ts';

const { values: a } = parseArgs({
  options: {
    url: { type: 'string' },
    token: { type: 'string' },
    sink: { type: 'string', default: 'duckdb' },
    dir: { type: 'string' },
    full: { type: 'boolean', default: false },
    // `unlimited` when the simulator's limits are off (engine overhead); `auto` learns them from headers.
    tier: { type: 'string', default: 'auto' },
    // The hybrid first sync (list + search lanes) pays off when calls take ~100 ms or more, as
    // HubSpot's do; against the simulator without latency its search tail makes it slower, and
    // the engine-overhead floor reads one list. So it is off unless asked for.
    parallel: { type: 'boolean', default: false },
    // The CLI entry to run: bin/pipe.js (the bundle when fresh, else tsx), or a bundle's main.js.
    cli: { type: 'string', default: path.join(ROOT, 'packages/cli/bin/pipe.js') },
  },
});
const dir = a.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'pipe-bench-'));
const file = path.join(dir, 'bench.yml');
const sink = a.sink === 'parquet' ? 'parquet: { dir: out/parquet }' : 'duckdb: { path: out/bench.duckdb }';
fs.mkdirSync(path.join(dir, 'out'), { recursive: true });
fs.writeFileSync(file, benchPipeline({ tier: a.tier!, sink, parallelFullSync: a.parallel }));
const summaryFile = path.join(dir, 'summary.json');
const usageFile = path.join(dir, 'usage.json');
const t0 = performance.now();
const code = await new Promise<number | null>((resolve, reject) => {
  const child = spawn(
    process.execPath,
    ['--import', path.join(ROOT, 'bench/engine/report-rss.mjs'), path.resolve(a.cli!), '--quiet', 'run', file, '--summary-json', summaryFile, ...(a.full ? ['--full-refresh'] : [])],
    { cwd: dir, env: { ...process.env, CI: 'true', HUBSPOT_TOKEN: a.token, HUBSPOT_BASE_URL: a.url, PIPE_BENCH_USAGE_FILE: usageFile }, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  child.on('error', reject);
  child.on('close', resolve);
});
const seconds = (performance.now() - t0) / 1000;
if (code !== 0) throw new Error(`pipe run exited ${code}`);
const usage = JSON.parse(fs.readFileSync(usageFile, 'utf8')) as { peakRssMb: number; cpuSeconds: number };
const summary = JSON.parse(fs.readFileSync(summaryFile, 'utf8')) as { streams: { rows: number; metrics: Record<string, number> }[] };
const records = summary.streams.reduce((n, s) => n + s.rows, 0);
const calls = summary.streams.reduce((n, s) => n + Object.entries(s.metrics).filter(([k]) => k.startsWith('api_calls')).reduce((m, [, v]) => m + v, 0), 0);
report({ records, seconds, recordsPerSecond: records / seconds, apiCalls: calls, ...usage });
process.exit(0);
