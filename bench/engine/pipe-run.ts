// pipe itself: `pipe run` of HubSpot contacts (20 properties) into DuckDB or Parquet,
// in this process, through the same code path as the CLI.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runCommand } from '../../packages/cli/src/commands/run.ts';
import { report } from './measure.ts';
import { PROPERTIES } from './props.ts';

const { values: a } = parseArgs({
  options: {
    url: { type: 'string' },
    token: { type: 'string' },
    sink: { type: 'string', default: 'duckdb' },
    dir: { type: 'string' },
    full: { type: 'boolean', default: false },
    // `unlimited` when the simulator's limits are off (engine overhead); `auto` learns them from headers.
    tier: { type: 'string', default: 'auto' },
  },
});
const dir = a.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'pipe-bench-'));
const file = path.join(dir, 'bench.yml');
const sink = a.sink === 'parquet' ? 'parquet: { dir: out/parquet }' : 'duckdb: { path: out/bench.duckdb }';
fs.mkdirSync(path.join(dir, 'out'), { recursive: true });
fs.writeFileSync(
  file,
  `version: 1
name: bench
source:
  hubspot:
    token: \${HUBSPOT_TOKEN}
    tier: ${a.tier}
    streams:
      contacts: { properties: [${PROPERTIES.join(', ')}] }
sinks:
  - ${sink}
`,
);
process.env.HUBSPOT_TOKEN = a.token;
process.env.HUBSPOT_BASE_URL = a.url;
const summaryFile = path.join(dir, 'summary.json');
const t0 = performance.now();
const code = await runCommand(file, { quiet: true, summaryJson: summaryFile, fullRefresh: a.full });
const seconds = (performance.now() - t0) / 1000;
if (code !== 0) throw new Error(`pipe run exited ${code}`);
const summary = JSON.parse(fs.readFileSync(summaryFile, 'utf8')) as { streams: { rows: number; metrics: Record<string, number> }[] };
const records = summary.streams.reduce((n, s) => n + s.rows, 0);
const calls = summary.streams.reduce((n, s) => n + Object.entries(s.metrics).filter(([k]) => k.startsWith('api_calls')).reduce((m, [, v]) => m + v, 0), 0);
report({ records, seconds, recordsPerSecond: records / seconds, apiCalls: calls });
process.exit(0);
