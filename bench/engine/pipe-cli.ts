// One `pipe run` as a user runs it: the installed CLI in its own process, timed from spawn to
// exit, with its peak RSS and CPU written on exit by report-rss.mjs. Shared by the engine
// benchmarks that measure pipe itself (pipe-run.ts, memory.ts).
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { buildSync } from 'esbuild';
import { ROOT } from './sim-process.ts';

/** Built once per process: every run of a benchmark loads the same file. */
let discardYaml: string | undefined;

/**
 * The YAML sink entry of bench/engine/discard-sink.ts, bundled first to plain JavaScript (with a
 * source map, for width.ts's stages): a TypeScript plugin makes pipe register tsx's loader, whose
 * start-up and thread are a cost of TypeScript plugins, not of the source and engine it measures.
 */
export function discardSinkYaml(): string {
  if (discardYaml) return discardYaml;
  const out = path.join(ROOT, 'packages/cli/dist-bench/discard-sink.mjs');
  buildSync({ entryPoints: [path.join(ROOT, 'bench/engine/discard-sink.ts')], outfile: out, bundle: true, platform: 'node', format: 'esm', sourcemap: true, logLevel: 'error' });
  return (discardYaml = `${JSON.stringify(out)}: {}`);
}

/** The CLI users run: `pnpm pipe` and an installed `pipe` execute this file. */
export const BIN = path.join(ROOT, 'packages/cli/bin/pipe.js');

export interface CliRun {
  seconds: number;
  records: number;
  /** API calls of every kind, from the run summary's `api_calls*` metrics. */
  apiCalls: number;
  peakRssMb: number;
  cpuSeconds: number;
  userSeconds?: number;
  systemSeconds?: number;
  /** CPU seconds of the JavaScript thread alone (Linux), to tell it from DuckDB's and V8's helper threads. */
  mainThreadCpuSeconds?: number;
  /** Peak of each process.memoryUsage() part (MB), sampled every 250 ms by report-rss.mjs. */
  peakMb: { heapTotal: number; heapUsed: number; external: number; arrayBuffers: number };
}

export async function runPipeCli(opts: {
  /** bin/pipe.js (the bundle when fresh, else tsx), or a bundle's main.js. */
  cli: string;
  /** The pipeline file; its folder is the working directory and holds the summary files. */
  file: string;
  url: string;
  token: string;
  /** More `pipe run` arguments, e.g. --full-refresh. */
  args?: string[];
  /** Node flags for the measured process, e.g. --max-old-space-size=128, instead of bin/pipe.js's own (binNodeFlags). */
  nodeOptions?: string[];
  /** More environment for the measured process, e.g. { MALLOC_ARENA_MAX: '1' }. */
  env?: Record<string, string>;
  /** Called with the child's pid once it started; returns a function called when it exits. */
  watch?: (pid: number | undefined) => () => void;
}): Promise<CliRun> {
  const dir = path.dirname(opts.file);
  const summaryFile = path.join(dir, 'summary.json');
  const usageFile = path.join(dir, 'usage.json');
  const t0 = performance.now();
  const probe = path.join(ROOT, 'bench/engine/report-rss.mjs');
  const argv = [...(opts.nodeOptions ?? binNodeFlags()), '--import', probe, path.resolve(opts.cli), '--quiet', 'run', opts.file, '--summary-json', summaryFile, ...(opts.args ?? [])];
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, argv, {
      cwd: dir,
      env: { ...binEnvDefaults(), ...process.env, ...opts.env, CI: 'true', HUBSPOT_TOKEN: opts.token, HUBSPOT_BASE_URL: opts.url, PIPE_BENCH_USAGE_FILE: usageFile },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const stopWatching = opts.watch?.(child.pid);
    child.on('error', reject);
    child.on('close', (exit) => {
      stopWatching?.();
      resolve(exit);
    });
  });
  const seconds = (performance.now() - t0) / 1000;
  if (code !== 0) throw new Error(`pipe run exited ${code}`);
  const usage = JSON.parse(fs.readFileSync(usageFile, 'utf8')) as Pick<CliRun, 'peakRssMb' | 'cpuSeconds' | 'userSeconds' | 'systemSeconds' | 'mainThreadCpuSeconds' | 'peakMb'>;
  const summary = JSON.parse(fs.readFileSync(summaryFile, 'utf8')) as { streams: { rows: number; metrics: Record<string, number> }[] };
  const records = summary.streams.reduce((n, s) => n + s.rows, 0);
  const apiCalls = summary.streams.reduce((n, s) => n + Object.entries(s.metrics).filter(([k]) => k.startsWith('api_calls')).reduce((m, [, v]) => m + v, 0), 0);
  return { seconds, records, apiCalls, ...usage };
}

/**
 * The Node flags on bin/pipe.js's shebang: what `pnpm pipe` and an installed `pipe` start Node
 * with (pnpm's shim runs `node <flags> bin/pipe.js`), so a benchmark of bin/pipe.js or of a
 * bundle's main.js measures the process users get.
 */
export function binNodeFlags(): string[] {
  const shebang = fs.readFileSync(BIN, 'utf8').split('\n', 1)[0]!;
  const flags = /^#!\/usr\/bin\/env\s+(?:-S\s+)?node(\s.*)?$/.exec(shebang);
  if (!flags) throw new Error(`bin/pipe.js's first line is not a node shebang: ${shebang}`);
  return (flags[1] ?? '').split(/\s+/).filter(Boolean);
}

/**
 * The environment bin/pipe.js fills in when unset (`process.env.NAME ??= 'value'`, e.g. DuckDB's
 * allocator setting), so a bundle's main.js runs as bin/pipe.js would run it. A variable the
 * benchmark's own environment sets wins, as it does for the bin.
 */
export function binEnvDefaults(): Record<string, string> {
  const bin = fs.readFileSync(BIN, 'utf8');
  return Object.fromEntries([...bin.matchAll(/^process\.env\.(\w+) \?\?= '([^']*)';$/gm)].map((m) => [m[1]!, m[2]!]));
}


/**
 * Bundle the CLI into packages/cli/dist-bench and return its main.js: pipe is measured as users
 * run it (the bundle `pnpm install` builds), from the sources on disk even while they are edited.
 * Source maps go beside it (not linked, so nothing changes at run time) for width.ts's stages.
 */
export function bundleForBench(): string {
  const dir = path.join(ROOT, 'packages/cli/dist-bench');
  execFileSync(process.execPath, [path.join(ROOT, 'scripts/bundle-cli.mjs')], { cwd: ROOT, env: { ...process.env, PIPE_BUNDLE_DIR: dir, PIPE_BUNDLE_SOURCEMAP: '1' }, stdio: ['ignore', 'ignore', 'inherit'] });
  return path.join(dir, 'main.js');
}
