/**
 * Wide rows (issue 24): HubSpot contacts with every property of a wide portal, simulator limits
 * off, into a discarding sink (source + engine only), DuckDB and Parquet, against the floor (a
 * bare fetch + JSON.parse of the same pages). Each `pipe run` is the bundled CLI in its own
 * process, timed from process start to exit without a profiler (the median of `--repeat` runs).
 * One more run of each is profiled with `node --cpu-prof`, whose sampling costs CPU of its own;
 * that profile's samples are attributed to stages by the module of the innermost pipe frame,
 * which gives CPU per record per stage.
 *
 *   pnpm exec tsx bench/engine/width.ts [--contacts 20000] [--custom-properties 300] [--repeat 3]
 *       [--sinks discard,duckdb,parquet] [--no-profile] [--sim '--profile realistic'] [--keep-profiles DIR]
 *       [--node-options='--max-semi-space-size=16'] [--env='DUCKDB_JE_MALLOC_CONF='] [--duckdb-options="memory_limit: '256MB'"] [--no-floor] [--sim-cache-mb 2048]
 *
 * Prints the tables as Markdown (bench/run.ts puts them in BENCHMARKS.md) and a JSON line last.
 * Stage times are the JavaScript thread's CPU split by its profile's samples; DuckDB's own
 * threads (merge, commit, checkpoint, Parquet encoding) show as "other threads".
 */
import fs from 'node:fs';
import { SourceMap } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runScenario } from './measure.ts';
import { binNodeFlags, bundleForBench, discardSinkYaml, runPipeCli } from './pipe-cli.ts';
import { benchPipeline } from './props.ts';
import { contactProperties, ROOT, startSimProcess } from './sim-process.ts';

export interface WidthOptions {
  contacts: number;
  customProperties: number;
  sinks: SinkName[];
  profile: boolean;
  /** More simulator flags, e.g. a portal profile. */
  simFlags?: string[];
  /** Timed runs per scenario (default 1); the table shows the median by records/s. */
  repeat?: number;
  /** The bundled CLI's main.js. */
  cli: string;
  keepProfiles?: string;
  /** Node flags instead of bin/pipe.js's shebang (binNodeFlags), e.g. to try another heap layout. */
  nodeFlags?: string[];
  /** More environment for the measured process, e.g. { DUCKDB_JE_MALLOC_CONF: '' }. */
  env?: Record<string, string>;
  /** Extra options for the DuckDB sink's YAML flow map, e.g. `memory_limit: '256MB'`. */
  duckdbOptions?: string;
  /** Measure the floor too (default); off for quick comparisons of pipe alone. */
  floor?: boolean;
  /**
   * MB of serialised records the simulator keeps (default 2048; 0 = off). The pages are read
   * once untimed first, so every scenario reads them from the cache: the simulator was slower
   * than the client at width, and the floor should measure a client, not the simulator.
   */
  simCacheMb?: number;
}

export type SinkName = 'discard' | 'duckdb' | 'parquet';

export interface ScenarioResult {
  name: string;
  records: number;
  seconds: number;
  recordsPerSecond: number;
  cpuSeconds: number;
  systemSeconds: number;
  mainThreadCpuSeconds: number;
  peakRssMb: number;
  /** CPU seconds per stage (the JavaScript thread split by profile samples, plus other threads). */
  stages: Record<string, number>;
}

export interface WidthResult {
  properties: number;
  floor: ScenarioResult;
  runs: Partial<Record<SinkName, ScenarioResult>>;
  markdown: string;
}

/** Stages in the order a record passes through them. */
export const STAGES = [
  'HTTP + JSON.parse',
  'typing values',
  'building rows',
  'source (other)',
  'rebatching + engine',
  'vector fill',
  'DuckDB append/merge/commit (JS thread)',
  'Parquet write (JS thread)',
  'garbage collection',
  'start-up + other JS',
  'other threads (DuckDB, V8 helpers, I/O)',
] as const;

const SINK_YAML: Record<Exclude<SinkName, 'discard'>, string> = {
  duckdb: 'duckdb: { path: out/warehouse.duckdb }',
  parquet: 'parquet: { dir: out/parquet }',
};
const SINK_LABEL: Record<SinkName, string> = { discard: 'source + engine → discard', duckdb: 'pipe run → DuckDB', parquet: 'pipe run → Parquet' };

export async function measureWidth(o: WidthOptions): Promise<WidthResult> {
  const log = (s: string) => process.stderr.write(`${s}\n`);
  const cacheMb = o.simCacheMb ?? 2048;
  const sim = await startSimProcess([
    '--contacts',
    String(o.contacts),
    '--custom-properties',
    String(o.customProperties),
    '--no-rate-limits',
    '--record-cache-mb',
    String(cacheMb),
    ...(o.simFlags ?? []),
  ]);
  try {
    const args = ['--url', sim.url, '--token', sim.token];
    const properties = (await contactProperties(sim)).length;
    log(`width: ${o.contacts} contacts × ${properties} properties, simulator limits off${cacheMb > 0 ? ', records cached by the simulator' : ''}`);
    if (cacheMb > 0) await runScenario('floor.ts', [...args, '--all-properties']); // fills the simulator's cache, untimed
    const floor: ScenarioResult =
      o.floor === false
        ? { ...NO_RUN, name: FLOOR_NAME }
        : medianRun(
            await repeated(o, async () => {
              const f = await runScenario('floor.ts', [...args, '--all-properties']);
              return { ...NO_RUN, name: FLOOR_NAME, records: f.result.records!, seconds: f.result.seconds!, recordsPerSecond: f.result.recordsPerSecond!, cpuSeconds: f.cpuSeconds, mainThreadCpuSeconds: f.cpuSeconds, peakRssMb: f.peakRssMb };
            }),
          );
    const runs: WidthResult['runs'] = {};
    for (const sink of o.sinks) {
      log(`width: ${SINK_LABEL[sink]}`);
      const timed = medianRun(await repeated(o, () => pipeRun(o, sink, sim.url, sim.token, false)));
      runs[sink] = o.profile ? { ...timed, stages: (await pipeRun(o, sink, sim.url, sim.token, true)).stages } : timed;
    }
    return { properties, floor, runs, markdown: markdown(o, properties, floor, runs) };
  } finally {
    await sim.stop();
  }
}

const FLOOR_NAME = 'floor: fetch + JSON.parse every page';
const NO_RUN: ScenarioResult = { name: '', records: 1, seconds: 1, recordsPerSecond: 1, cpuSeconds: 1, systemSeconds: 0, mainThreadCpuSeconds: 1, peakRssMb: 0, stages: {} };

async function repeated(o: WidthOptions, run: () => Promise<ScenarioResult>): Promise<ScenarioResult[]> {
  const runs: ScenarioResult[] = [];
  for (let i = 0; i < Math.max(1, o.repeat ?? 1); i++) runs.push(await run());
  return runs;
}

/** The run with the median records/s (its own CPU and peak RSS: one process's numbers, not a mix). */
function medianRun(runs: ScenarioResult[]): ScenarioResult {
  return [...runs].sort((a, b) => a.recordsPerSecond - b.recordsPerSecond)[(runs.length - 1) >> 1]!;
}

/**
 * One `pipe run` into `sink`, timed from process start to exit; with `profile`, under
 * `node --cpu-prof`, and its CPU split into stages (total CPU and records/s then include the
 * profiler's own cost, which is why the timed runs go without it).
 */
async function pipeRun(o: WidthOptions, sink: SinkName, url: string, token: string, profile: boolean): Promise<ScenarioResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pipe-width-'));
  try {
    fs.mkdirSync(path.join(dir, 'out'), { recursive: true });
    const profDir = path.join(dir, 'prof');
    const file = path.join(dir, 'bench.yml');
    const yaml = sink === 'discard' ? discardSinkYaml() : sink === 'duckdb' && o.duckdbOptions ? `duckdb: { path: out/warehouse.duckdb, ${o.duckdbOptions} }` : SINK_YAML[sink];
    fs.writeFileSync(file, benchPipeline({ tier: 'unlimited', sink: yaml, allProperties: true }));
    const nodeOptions = [...(o.nodeFlags ?? binNodeFlags()), ...(profile ? ['--cpu-prof', '--cpu-prof-dir', profDir] : [])];
    const run = await runPipeCli({ cli: o.cli, file, url, token, nodeOptions, env: o.env });
    const main = run.mainThreadCpuSeconds ?? run.cpuSeconds;
    const stages: Record<string, number> = {};
    if (profile) {
      const prof = fs.readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'));
      if (!prof) throw new Error(`no CPU profile in ${profDir}`);
      const shares = stageShares(JSON.parse(fs.readFileSync(path.join(profDir, prof), 'utf8')) as CpuProfile);
      for (const [stage, share] of Object.entries(shares)) stages[stage] = share * main;
      if (o.keepProfiles) {
        fs.mkdirSync(o.keepProfiles, { recursive: true });
        fs.copyFileSync(path.join(profDir, prof), path.join(o.keepProfiles, `${sink}.cpuprofile`));
      }
    }
    stages['other threads (DuckDB, V8 helpers, I/O)'] = Math.max(0, run.cpuSeconds - main);
    return {
      name: SINK_LABEL[sink],
      records: run.records,
      seconds: run.seconds,
      recordsPerSecond: run.records / run.seconds,
      cpuSeconds: run.cpuSeconds,
      systemSeconds: run.systemSeconds ?? 0,
      mainThreadCpuSeconds: main,
      peakRssMb: run.peakRssMb,
      stages,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
}

/** Share of the JavaScript thread's busy samples per stage (idle samples left out). */
export function stageShares(profile: CpuProfile): Record<string, number> {
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  // A frame's stage is its innermost classified frame's (null: idle); failing that, the innermost
  // fallback on its stack (an HTTP socket's data event), else start-up. Memoised separately, so
  // that a frame's fallback never comes from an ancestor's answer.
  const own = new Map<number, { stage: string | null | undefined; fallback: string | undefined }>();
  const lookup = (id: number): { stage: string | null | undefined; fallback: string | undefined } => {
    const known = own.get(id);
    if (known) return known;
    const node = byId.get(id)!;
    const c = classify(node.callFrame);
    const up = parent.get(id);
    let result: { stage: string | null | undefined; fallback: string | undefined };
    if (c === 'idle') result = { stage: null, fallback: undefined };
    else if (typeof c === 'string') result = { stage: c, fallback: undefined };
    else {
      const above = up === undefined ? { stage: undefined, fallback: undefined } : lookup(up);
      result = { stage: above.stage, fallback: c?.fallback ?? above.fallback };
    }
    own.set(id, result);
    return result;
  };
  const stageOf = (id: number): string | null => {
    const r = lookup(id);
    return r.stage === undefined ? (r.fallback ?? 'start-up + other JS') : r.stage;
  };
  const time = new Map<string, number>();
  let busy = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const stage = stageOf(profile.samples[i]!);
    const dt = profile.timeDeltas[i + 1] ?? 0;
    if (stage === null) continue;
    busy += dt;
    time.set(stage, (time.get(stage) ?? 0) + dt);
  }
  return Object.fromEntries([...time].map(([k, v]) => [k, busy > 0 ? v / busy : 0]));
}

/**
 * The workspace module (and function name) a profile frame comes from. The bundle is minified,
 * so its source maps (bundleForBench writes them beside the chunks) say where a function starts;
 * without a map, the `// packages/…` markers esbuild writes into an unminified bundle do.
 */
interface Origin {
  module?: string;
  name?: string;
}
const maps = new Map<string, SourceMap | { line: number; module: string }[]>();
function originOf(f: CpuProfile['nodes'][number]['callFrame']): Origin {
  if (!f.url.startsWith('file://')) return {};
  const file = fileURLToPath(f.url);
  let map = maps.get(file);
  if (!map) {
    const markers: { line: number; module: string }[] = [];
    map = markers;
    try {
      const payload = JSON.parse(fs.readFileSync(`${file}.map`, 'utf8')) as { sources: string[] };
      // Sources are relative to the map: make them relative to the repository.
      payload.sources = payload.sources.map((src) => path.relative(ROOT, path.resolve(path.dirname(file), src)));
      map = new SourceMap(payload as never);
    } catch {
      try {
        const lines = fs.readFileSync(file, 'utf8').split('\n');
        for (let i = 0; i < lines.length; i++) {
          const m = /^\/\/ ((?:packages|node_modules|bench)\/\S+)$/.exec(lines[i]!);
          if (m) markers.push({ line: i, module: m[1]! });
        }
      } catch {
        // not readable: classified by its path alone
      }
    }
    maps.set(file, map);
  }
  if (map instanceof SourceMap) {
    const e = map.findEntry(f.lineNumber, f.columnNumber) as { originalSource?: string; name?: string };
    return { module: e.originalSource ?? path.relative(ROOT, file), name: e.name ?? f.functionName };
  }
  if (map.length === 0) return { module: path.relative(ROOT, file), name: f.functionName };
  let lo = 0;
  let hi = map.length - 1;
  let found: string | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (map[mid]!.line <= f.lineNumber) {
      found = map[mid]!.module;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return { module: found ?? path.relative(ROOT, file), name: f.functionName };
}

const TYPING_FUNCTIONS = new Set(['parseValue', 'parseDate', 'parseTimestamp', 'typeValue']);

/**
 * A stage for a frame; `undefined` hands the sample to the frame's caller (Node internals and
 * libraries count for the pipe code that called them); `{fallback}` does too, but names the
 * stage should no pipe frame be on the stack (an HTTP socket's data event).
 */
function classify(f: CpuProfile['nodes'][number]['callFrame']): string | 'idle' | undefined | { fallback: string } {
  switch (f.functionName) {
    case '(idle)':
      return 'idle';
    case '(garbage collector)':
      return 'garbage collection';
    case '(program)':
      return 'start-up + other JS';
    case '(root)':
      return undefined;
  }
  if (f.url === 'pipe-row-factory') return 'building rows';
  if (f.url === 'pipe-column-reader') return 'vector fill';
  if (f.url.startsWith('node:')) return /http|net|stream|zlib|buffer|string_decoder/.test(f.url) ? { fallback: 'HTTP + JSON.parse' } : undefined;
  const origin = originOf(f);
  const mod = origin.module ?? '';
  if (/axios|follow-redirects|form-data|proxy-from-env/.test(mod)) return { fallback: 'HTTP + JSON.parse' };
  if (mod.includes('node_modules')) return undefined;
  if (mod.startsWith('packages/source-hubspot/src/typing.ts')) return TYPING_FUNCTIONS.has(origin.name ?? f.functionName) ? 'typing values' : 'building rows';
  if (mod.startsWith('packages/source-hubspot/')) return 'source (other)';
  if (mod.startsWith('packages/hubspot-api/') || mod.startsWith('packages/sdk/src/http/')) return 'HTTP + JSON.parse';
  if (mod.startsWith('packages/core/src/run/')) return 'rebatching + engine';
  if (mod.startsWith('packages/duckdb-values/')) return 'vector fill';
  if (mod.startsWith('packages/sink-duckdb/')) return 'DuckDB append/merge/commit (JS thread)';
  if (mod.startsWith('packages/sink-parquet/')) return 'Parquet write (JS thread)';
  if (mod.startsWith('bench/engine/discard-sink')) return 'rebatching + engine';
  return undefined;
}

const fmt = (n: number, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const us = (seconds: number, records: number) => fmt((seconds / records) * 1e6);

function markdown(o: WidthOptions, properties: number, floor: ScenarioResult, runs: WidthResult['runs']): string {
  const all = Object.values(runs);
  const lines = [
    '| scenario | records/s | CPU µs/record (user + sys) | of which sys | × floor CPU | peak RSS MB |',
    '|---|---:|---:|---:|---:|---:|',
    `| ${floor.name} | ${fmt(floor.recordsPerSecond)} | ${us(floor.cpuSeconds, floor.records)} | | 1.0× | ${fmt(floor.peakRssMb)} |`,
    ...all.map(
      (r) =>
        `| ${r.name} | ${fmt(r.recordsPerSecond)} | ${us(r.cpuSeconds, r.records)} | ${us(r.systemSeconds, r.records)} | ${fmt(r.cpuSeconds / r.records / (floor.cpuSeconds / floor.records), 1)}× | ${fmt(r.peakRssMb)} |`,
    ),
  ];
  if (o.profile && all.length > 0) {
    lines.push(
      '',
      `CPU per record by stage (µs; ${fmt(o.contacts)} contacts × ${properties} properties; one more run of each under \`node --cpu-prof\`, whose sampling adds CPU of its own):`,
      '',
      `| stage | ${all.map((r) => r.name.replace('pipe run → ', '')).join(' | ')} |`,
      `|---|${all.map(() => '---:').join('|')}|`,
      ...STAGES.filter((s) => all.some((r) => (r.stages[s] ?? 0) > 0)).map((s) => `| ${s} | ${all.map((r) => us(r.stages[s] ?? 0, r.records)).join(' | ')} |`),
      `| **total** | ${all.map((r) => `**${us(Object.values(r.stages).reduce((a, b) => a + b, 0), r.records)}**`).join(' | ')} |`,
    );
  }
  return lines.join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values: a } = parseArgs({
    options: {
      contacts: { type: 'string', default: '20000' },
      'custom-properties': { type: 'string', default: '300' },
      sinks: { type: 'string', default: 'discard,duckdb,parquet' },
      'no-profile': { type: 'boolean', default: false },
      sim: { type: 'string' },
      cli: { type: 'string' },
      'keep-profiles': { type: 'string' },
      'node-options': { type: 'string' },
      env: { type: 'string' },
      'duckdb-options': { type: 'string' },
      'no-floor': { type: 'boolean', default: false },
      repeat: { type: 'string', default: '1' },
      'sim-cache-mb': { type: 'string', default: '2048' },
    },
  });
  const cli = a.cli ?? bundleForBench();
  const r = await measureWidth({
    contacts: Number(a.contacts),
    customProperties: Number(a['custom-properties']),
    sinks: a.sinks!.split(',').filter(Boolean) as SinkName[],
    profile: !a['no-profile'],
    simFlags: a.sim?.split(' ').filter(Boolean),
    cli,
    keepProfiles: a['keep-profiles'],
    nodeFlags: a['node-options']?.split(' ').filter(Boolean),
    env: Object.fromEntries((a.env ?? '').split(' ').filter(Boolean).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)])),
    duckdbOptions: a['duckdb-options'],
    floor: !a['no-floor'],
    repeat: Number(a.repeat),
    simCacheMb: Number(a['sim-cache-mb']),
  });
  process.stdout.write(`${r.markdown}\n`);
  const per = (x: ScenarioResult) => ({ rps: Math.round(x.recordsPerSecond), cpuUsPerRecord: Math.round((x.cpuSeconds / x.records) * 1e6), peakRssMb: x.peakRssMb });
  process.stdout.write(`${JSON.stringify({ properties: r.properties, floor: per(r.floor), ...Object.fromEntries(Object.entries(r.runs).map(([k, v]) => [k, per(v)])), loadAverage: os.loadavg()[0] })}\n`);
}
