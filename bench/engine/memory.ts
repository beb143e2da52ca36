/**
 * Memory of `pipe run` at scale (issue 8: peak RSS ≤ 250 MB at 1,000,000 contacts).
 *
 *   pnpm exec tsx bench/engine/memory.ts --contacts 1000000 [--repeat 3] [--batch-size N] [--trace]
 *
 * Starts the HubSpot simulator in its own process (limits and latency off, 20 custom
 * properties), then runs `pipe run` of contacts × 20 properties → DuckDB in a fresh Node
 * process (the same code path as the CLI, `tier: unlimited`) and prints records/s and that
 * process's peak RSS (getrusage maxRSS). `--trace` also prints RSS / heap / external memory
 * every second while it runs, to see whether memory grows with the account or stays flat.
 * `--batch-size` sets the DuckDB sink's `batch_size` (default: the sink's own default);
 * `--memory-limit` sets its `memory_limit`; `--node-options` passes V8 flags to the measured process (e.g. `--max-old-space-size=128`).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { median } from './measure.ts';
import { PROPERTIES, benchPipeline } from './props.ts';
import { ROOT, startSimProcess } from './sim-process.ts';

const { values: a } = parseArgs({
  options: {
    contacts: { type: 'string', default: '100000' },
    repeat: { type: 'string', default: '1' },
    'batch-size': { type: 'string' },
    'memory-limit': { type: 'string' },
    // V8 flags for the measured process, e.g. --node-options=--max-old-space-size=128
    'node-options': { type: 'string' },
    trace: { type: 'boolean', default: false },
    // Internal: the measured process.
    child: { type: 'boolean', default: false },
    url: { type: 'string' },
    token: { type: 'string' },
  },
});

const mb = (bytes: number) => Math.round(bytes / 2 ** 20);

if (a.child) {
  await measuredRun();
} else {
  await orchestrate();
}

async function orchestrate(): Promise<void> {
  const contacts = Number(a.contacts);
  const repeat = Math.max(1, Number(a.repeat));
  process.stderr.write(`simulator: ${contacts} contacts × ${PROPERTIES.length} properties, limits off …\n`);
  const sim = await startSimProcess(['--contacts', String(contacts), '--custom-properties', '20', '--no-rate-limits']);
  const runs: Record<string, number>[] = [];
  try {
    for (let i = 0; i < repeat; i++) {
      const sinkArgs = [...(a['batch-size'] ? ['--batch-size', a['batch-size']] : []), ...(a['memory-limit'] ? ['--memory-limit', a['memory-limit']] : [])];
      const r = await child(['--url', sim.url, '--token', sim.token, ...sinkArgs]);
      process.stderr.write(`run ${i + 1}: ${JSON.stringify(r)}\n`);
      runs.push(r);
    }
  } finally {
    await sim.stop();
  }
  const out = {
    contacts,
    batchSize: a['batch-size'] ? Number(a['batch-size']) : 'default',
    memoryLimit: a['memory-limit'] ?? 'default',
    nodeOptions: a['node-options'] ?? '',
    runs: runs.length,
    records: runs[0]!.records,
    recordsPerSecond: Math.round(median(runs.map((r) => r.recordsPerSecond!))),
    peakRssMb: median(runs.map((r) => r.peakRssMb!)),
    peakRssMbEach: runs.map((r) => r.peakRssMb),
    loadAverage: os.loadavg().map((l) => Number(l.toFixed(2))),
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

/** One measured `pipe run` in a fresh process; resolves with its last JSON line. */
function child(args: string[]): Promise<Record<string, number>> {
  return new Promise((resolve, reject) => {
    const self = fileURLToPath(import.meta.url);
    const proc = spawn(process.execPath, [...(a['node-options'] ?? '').split(' ').filter(Boolean), '--import', 'tsx', self, '--child', ...(a.trace ? ['--trace'] : []), ...args], {
      cwd: ROOT,
      env: { ...process.env, CI: 'true' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    proc.stdout.on('data', (d) => (out += d));
    proc.on('close', (code) => {
      if (code !== 0) return reject(new Error(`measured run exited ${code}:\n${out.slice(-2000)}`));
      try {
        resolve(JSON.parse(out.trim().split('\n').at(-1) ?? '') as Record<string, number>);
      } catch {
        reject(new Error(`measured run printed no result line:\n${out.slice(-2000)}`));
      }
    });
  });
}

async function measuredRun(): Promise<void> {
  const { runCommand } = await import('../../packages/cli/src/commands/run.ts');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pipe-memory-'));
  fs.mkdirSync(path.join(dir, 'out'), { recursive: true });
  const file = path.join(dir, 'bench.yml');
  const batch = `${a['batch-size'] ? `, batch_size: ${Number(a['batch-size'])}` : ''}${a['memory-limit'] ? `, memory_limit: '${a['memory-limit']}'` : ''}`;
  fs.writeFileSync(file, benchPipeline({ tier: 'unlimited', sink: `duckdb: { path: out/bench.duckdb${batch} }` }));
  process.env.HUBSPOT_TOKEN = a.token;
  process.env.HUBSPOT_BASE_URL = a.url;
  const summaryFile = path.join(dir, 'summary.json');
  const t0 = performance.now();
  const timer = a.trace
    ? setInterval(() => {
        const m = process.memoryUsage();
        const s = ((performance.now() - t0) / 1000).toFixed(0);
        process.stderr.write(
          `  t=${s}s rss=${mb(m.rss)} heapUsed=${mb(m.heapUsed)} heapTotal=${mb(m.heapTotal)} external=${mb(m.external)} arrayBuffers=${mb(m.arrayBuffers)} MB\n`,
        );
      }, 1000)
    : undefined;
  const code = await runCommand(file, { quiet: true, summaryJson: summaryFile });
  const seconds = (performance.now() - t0) / 1000;
  if (timer) clearInterval(timer);
  if (code !== 0) throw new Error(`pipe run exited ${code}`);
  const summary = JSON.parse(fs.readFileSync(summaryFile, 'utf8')) as { streams: { rows: number }[] };
  const records = summary.streams.reduce((n, s) => n + s.rows, 0);
  const usage = process.resourceUsage();
  fs.rmSync(dir, { recursive: true, force: true });
  process.stdout.write(
    `${JSON.stringify({ records, seconds: Number(seconds.toFixed(1)), recordsPerSecond: Math.round(records / seconds), peakRssMb: Math.round(usage.maxRSS / 1024) })}\n`,
  );
  process.exit(0);
}
