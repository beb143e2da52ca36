/**
 * Memory of `pipe run` at scale (issue 8: peak RSS ≤ 250 MB at 1,000,000 contacts).
 *
 *   pnpm exec tsx bench/engine/memory.ts --contacts 1000000 [--repeat 3] [--batch-size N] [--memory-limit 128MB] [--trace]
 *
 * Starts the HubSpot simulator in its own process (limits and latency off, 20 custom
 * properties), then runs the installed CLI (`packages/cli/bin/pipe.js run`, contacts × 20
 * properties → DuckDB, `tier: unlimited`) in its own process, as a user runs it, and prints
 * records/s and that process's peak RSS (getrusage maxRSS, written on exit by report-rss.mjs).
 * `--sink` replaces DuckDB with another sink (a YAML flow map entry), or `--sink discard`
 * (bench/engine/discard-sink.ts, keeps nothing) to tell the source + engine's memory from DuckDB's.
 * `--all-properties N` gives the simulator N custom properties and reads every property (wide rows);
 * `--sim='--profile realistic'` passes more flags to the simulator (the realistic profile's wide rows).
 * `--trace` samples the process's RSS from /proc every second, to see whether memory grows
 * with the account or stays flat. `--batch-size`, `--commit-rows` and `--memory-limit` set the
 * DuckDB sink's options of those names (default: the sink's own defaults). Node gets the flags on
 * bin/pipe.js's shebang, as `pnpm pipe` does; `--node-options` replaces them with other V8 flags
 * (e.g. `--max-old-space-size=128`), and `--env` adds environment variables (e.g. `MALLOC_ARENA_MAX=1`).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { median } from './measure.ts';
import { BIN, type CliRun, discardSinkYaml, runPipeCli } from './pipe-cli.ts';
import { PROPERTIES, benchPipeline } from './props.ts';
import { startSimProcess } from './sim-process.ts';

const { values: a } = parseArgs({
  options: {
    contacts: { type: 'string', default: '100000' },
    repeat: { type: 'string', default: '1' },
    'batch-size': { type: 'string' },
    'commit-rows': { type: 'string' },
    'memory-limit': { type: 'string' },
    'node-options': { type: 'string' },
    // Environment for the measured process, e.g. "MALLOC_ARENA_MAX=1 GLIBC_TUNABLES=glibc.malloc.mmap_threshold=131072".
    env: { type: 'string' },
    // Wide rows: the simulator gets this many custom properties and the pipeline reads every property.
    'all-properties': { type: 'string' },
    // Another sink instead of DuckDB, as a YAML flow map entry, or `discard` (bench/engine/
    // discard-sink.ts, bundled to JavaScript, keeps nothing) to measure source + engine alone.
    sink: { type: 'string' },
    trace: { type: 'boolean', default: false },
    // More simulator flags, e.g. --sim='--profile realistic' (with --all-properties 10: the realistic profile's ~358 contact properties).
    sim: { type: 'string' },
    // The CLI entry to run: bin/pipe.js (the bundle when fresh, else tsx), or a bundle's main.js.
    cli: { type: 'string', default: BIN },
  },
});

interface Measured {
  records: number;
  seconds: number;
  recordsPerSecond: number;
  peakRssMb: number;
  peakMb: CliRun['peakMb'];
}

const contacts = Number(a.contacts);
const repeat = Math.max(1, Number(a.repeat));
const allProperties = a['all-properties'] === undefined ? undefined : Number(a['all-properties']);
process.stderr.write(`simulator: ${contacts} contacts × ${allProperties === undefined ? `${PROPERTIES.length} properties` : `all properties (${allProperties} custom)`}, limits off …\n`);
const sim = await startSimProcess(['--contacts', String(contacts), '--custom-properties', String(allProperties ?? 20), '--no-rate-limits', ...(a.sim?.split(' ').filter(Boolean) ?? [])]);
const runs: Measured[] = [];
try {
  for (let i = 0; i < repeat; i++) {
    const r = await measuredRun(sim.url, sim.token);
    process.stderr.write(`run ${i + 1}: ${JSON.stringify(r)}\n`);
    runs.push(r);
  }
} finally {
  await sim.stop();
}
process.stdout.write(
  `${JSON.stringify({
    contacts,
    batchSize: a['batch-size'] ? Number(a['batch-size']) : 'default',
    commitRows: a['commit-rows'] ? Number(a['commit-rows']) : 'default',
    memoryLimit: a['memory-limit'] ?? 'default',
    ...(a.sink ? { sink: a.sink } : {}),
    ...(allProperties !== undefined ? { properties: `all (${allProperties} custom)` } : {}),
    nodeOptions: a['node-options'] ?? 'bin/pipe.js shebang',
    ...(a.env ? { env: a.env } : {}),
    runs: runs.length,
    records: runs[0]!.records,
    recordsPerSecond: Math.round(median(runs.map((r) => r.recordsPerSecond))),
    peakRssMb: median(runs.map((r) => r.peakRssMb)),
    peakRssMbEach: runs.map((r) => r.peakRssMb),
    loadAverage: os.loadavg().map((l) => Number(l.toFixed(2))),
  })}\n`,
);

/** One `pipe run` in a fresh process, timed from spawn to exit. */
async function measuredRun(url: string, token: string): Promise<Measured> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pipe-memory-'));
  try {
    fs.mkdirSync(path.join(dir, 'out'), { recursive: true });
    const file = path.join(dir, 'bench.yml');
    const options = [
      a['batch-size'] ? `, batch_size: ${Number(a['batch-size'])}` : '',
      a['commit-rows'] ? `, commit_rows: ${Number(a['commit-rows'])}` : '',
      a['memory-limit'] ? `, memory_limit: '${a['memory-limit']}'` : '',
    ].join('');
    const sink = a.sink === 'discard' ? discardSinkYaml() : (a.sink ?? `duckdb: { path: out/warehouse.duckdb${options} }`);
    fs.writeFileSync(file, benchPipeline({ tier: 'unlimited', sink, allProperties: allProperties !== undefined }));
    const run = await runPipeCli({
      cli: a.cli!,
      file,
      url,
      token,
      nodeOptions: a['node-options']?.split(' ').filter(Boolean),
      env: Object.fromEntries((a.env ?? '').split(' ').filter(Boolean).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)])),
      watch: (pid) => {
        const t0 = performance.now();
        const timer = a.trace ? setInterval(() => traceRss(pid, t0), 1000) : undefined;
        return () => clearInterval(timer);
      },
    });
    return { records: run.records, seconds: Number(run.seconds.toFixed(1)), recordsPerSecond: Math.round(run.records / run.seconds), peakRssMb: run.peakRssMb, peakMb: run.peakMb };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Prints the measured process's current RSS (Linux /proc). */
function traceRss(pid: number | undefined, t0: number): void {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const rss = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
    if (rss) process.stderr.write(`  t=${((performance.now() - t0) / 1000).toFixed(0)}s rss=${Math.round(Number(rss) / 1024)} MB\n`);
  } catch {
    // The process has just exited.
  }
}
