/**
 * `pnpm bench`: every engine benchmark side by side, in one process tree, rewriting
 * BENCHMARKS.md. `pnpm bench --quick`: a small run for CI that fails when a ratio falls
 * more than 30 % below the committed baseline (bench/baseline.json). Ratios only: this
 * machine is shared and noisy, so absolute times are reported but never gated on, and the
 * gated ratios compare CPU seconds for the same records (pipe vs the floor, pipe vs the
 * hand-written script), which other jobs on the machine move far less than wall time.
 *
 *   pnpm bench            full run (~15 min), rewrites BENCHMARKS.md; wide rows first (bench/engine/width.ts)
 *   pnpm bench --lanes    adds the parallel first sync matrix (~12 min); --wide-1m adds 1M wide contacts per sink (~12 min each)
 *   pnpm bench --quick    CI check (~1 min)
 *   pnpm bench --quick --update-baseline
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Measured, median, runScenario } from './engine/measure.ts';
import { bundleForBench } from './engine/pipe-cli.ts';
import { PROPERTIES } from './engine/props.ts';
import { contactProperties, ROOT, type SimProcess, startSimProcess } from './engine/sim-process.ts';
import { measureWidth, type WidthResult } from './engine/width.ts';
import { DEFAULT_MAX_URL_LENGTH } from '../packages/source-hubspot/src/config.ts';
import { propertiesFitInUrl } from '../packages/source-hubspot/src/list.ts';

const quick = process.argv.includes('--quick');
/** Engine overhead: large enough that a run's fixed costs (start-up, discovery, closing DuckDB) do not dominate. */
const N = quick ? 20_000 : 100_000;
/** Against the hand-written script, which inserts one row at a time (~200 rows/s): a smaller, identical data set. */
const N_NAIVE = quick ? 3_000 : 20_000;
const REPEAT = 3;
const rows: string[][] = [];
const ratios: Record<string, number> = {};
const log = (s: string) => process.stderr.write(`${s}\n`);
const verdict = (ok: boolean, what: string) => `${ok ? 'met' : '**not met**'} (${what})`;
const fmt = (n: number, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

async function withSim<T>(flags: string[], fn: (sim: SimProcess, args: string[]) => Promise<T>): Promise<T> {
  const sim = await startSimProcess(['--custom-properties', '20', ...flags]);
  try {
    return await fn(sim, ['--url', sim.url, '--token', sim.token]);
  } finally {
    await sim.stop();
  }
}

/** Median records/s of REPEAT runs, and the median CPU seconds of the process measured. */
async function medianOf(script: string, args: string[]): Promise<Measured & { rps: number; cpu: number }> {
  const runs: Measured[] = [];
  for (let i = 0; i < REPEAT; i++) runs.push(await runScenario(script, args));
  const rps = median(runs.map((r) => r.result.recordsPerSecond!));
  const mid = runs.find((r) => r.result.recordsPerSecond === rps) ?? runs[0]!;
  return { ...mid, rps, cpu: median(runs.map((r) => r.cpuSeconds)) };
}

// pipe is measured as users run it: the bundled CLI that `pnpm install` builds. The benchmark
// builds its own copy, so it measures the sources on disk even while they are being edited.
const mainJs = bundleForBench();
const bundleDir = path.dirname(mainJs);
const CLI = ['--cli', mainJs];

// 0. Wide rows (issue 24), the headline: every property of the simulator's realistic profile
// (HubSpot's standard contact properties plus ~100 custom ones, sparse as real portals are), per stage.
// Quick mode: DuckDB only, a few thousand contacts, no profile (the CI gate's wide row).
const W = quick ? 2_000 : 20_000;
const W_CUSTOM = 10; // the simulator's default; the realistic profile adds its own custom properties
const wide: WidthResult = await measureWidth({
  contacts: W,
  customProperties: W_CUSTOM,
  simFlags: ['--profile', 'realistic'],
  sinks: quick ? ['duckdb'] : ['discard', 'duckdb', 'parquet'],
  profile: !quick,
  repeat: quick ? 1 : 3,
  cli: mainJs,
});
ratios.cpu_wide_duckdbVsFloor = wide.floor.cpuSeconds / wide.floor.records / (wide.runs.duckdb!.cpuSeconds / wide.runs.duckdb!.records);

// 1. Engine overhead (limits and latency off).
log(`engine: ${N} contacts × ${PROPERTIES.length} properties, simulator limits off`);
await withSim(['--contacts', String(N), '--no-rate-limits'], async (_sim, args) => {
  const floor = await medianOf('floor.ts', [...args, '--properties', PROPERTIES.join(',')]);
  const duck = await medianOf('pipe-run.ts', [...CLI, ...args, '--tier', 'unlimited']);
  ratios.duckdbVsFloor = duck.rps / floor.rps;
  // CPU seconds for the same records: what the CI gate compares, since CPU time moves far less
  // than wall time when other jobs share the machine.
  ratios.cpu_duckdbVsFloor = floor.cpu / duck.cpu;
  rows.push(['floor: fetch + JSON.parse every page', fmt(floor.rps), '1.00×', fmt(floor.peakRssMb)]);
  rows.push(['pipe run → DuckDB', fmt(duck.rps), `${ratios.duckdbVsFloor.toFixed(2)}× floor`, fmt(duck.peakRssMb)]);
  if (!quick) {
    const parquet = await medianOf('pipe-run.ts', [...CLI, ...args, '--sink', 'parquet', '--tier', 'unlimited']);
    ratios.parquetVsFloor = parquet.rps / floor.rps;
    rows.push(['pipe run → Parquet', fmt(parquet.rps), `${ratios.parquetVsFloor.toFixed(2)}× floor`, fmt(parquet.peakRssMb)]);
  }
});

// 2. What users write instead, on identical data.
const naiveRows: string[][] = [];
log(`hand-written script: ${N_NAIVE} contacts`);
await withSim(['--contacts', String(N_NAIVE), '--no-rate-limits'], async (_sim, args) => {
  const duck = await medianOf('pipe-run.ts', [...CLI, ...args, '--tier', 'unlimited']);
  // Medians on both sides: one sample of the script once put the CI gate 33 % off (2.82 against
  // 4.12–4.27 on reruns of the same commit).
  const naive = await medianOf('naive.ts', args);
  ratios.duckdbVsNaive = duck.rps / naive.rps;
  ratios.cpu_duckdbVsNaive = naive.cpu / duck.cpu;
  naiveRows.push(['pipe run → DuckDB', fmt(duck.rps), '', fmt(duck.peakRssMb)]);
  naiveRows.push(['@hubspot/api-client + one INSERT per row', fmt(naive.rps), `pipe is ${ratios.duckdbVsNaive.toFixed(1)}× faster`, fmt(naive.peakRssMb)]);
});

// 3. Rate-limit efficiency at 250 ms median latency, per tier.
const limitRows: string[][] = [];
if (!quick) {
  for (const [tier, burst] of [['professional', 190], ['starter', 100]] as const) {
    const n = 200_000; // issue 8's size: a first sync long enough that its start and end weigh little
    log(`rate limits: ${tier} (${burst}/10 s), 250 ms latency, ${n} contacts`);
    await withSim(['--contacts', String(n), '--tier', tier, '--latency', '250'], async (sim, args) => {
      const r = await runScenario('pipe-run.ts', [...CLI, ...args, '--parallel']);
      const ceiling = (burst / 10) * 100; // list pages of 100 at the burst limit
      const stats = await sim.stats();
      ratios[`limit_${tier}`] = r.result.recordsPerSecond! / ceiling;
      limitRows.push([tier, `${burst}/10 s`, '20', fmt(n), fmt(ceiling), fmt(r.result.recordsPerSecond!), `${(100 * ratios[`limit_${tier}`]!).toFixed(0)} %`, String(stats.served429)]);
    });
  }
  // The same at the width of a real portal (issue 24): every property of the realistic profile,
  // at a small portal's size (start-up and the last commit weigh) and at issue 8's.
  for (const n of [20_000, 200_000]) for (const [tier, burst] of [['professional', 190], ['starter', 100]] as const) {
    log(`rate limits, wide: ${tier} (${burst}/10 s), 250 ms latency, ${n} contacts × every property`);
    await withSim(['--contacts', String(n), '--tier', tier, '--latency', '250', '--custom-properties', String(W_CUSTOM), '--profile', 'realistic', '--record-cache-mb', '2048'], async (sim, args) => {
      const props = await contactProperties(sim);
      // Calls per 100 records: one list page while every property fits in its URL, else list + batch/read.
      const calls = propertiesFitInUrl(sim.url, '/crm/v3/objects/contacts', props, DEFAULT_MAX_URL_LENGTH) ? 1 : 2;
      const r = await runScenario('pipe-run.ts', [...CLI, ...args, '--parallel', '--all-properties']);
      const ceiling = (burst / 10 / calls) * 100;
      const stats = await sim.stats();
      const key = `limit_wide_${tier}_${n / 1000}k`;
      ratios[key] = r.result.recordsPerSecond! / ceiling;
      limitRows.push([tier, `${burst}/10 s`, fmt(props.length), fmt(n), fmt(ceiling), fmt(r.result.recordsPerSecond!), `${(100 * ratios[key]!).toFixed(0)} %`, String(stats.served429)]);
    });
  }
}

const lowestWide = Math.min(...Object.entries(ratios).filter(([k]) => k.startsWith('limit_wide_')).map(([, v]) => v));

// 3b. Parallel first sync vs the plain list walk across latency × limits × search × id layout (issue 24).
// ~12 minutes on this machine: only with `pnpm bench --lanes`.
let lanesMatrix: string | undefined;
if (!quick && process.argv.includes('--lanes')) {
  log('parallel first sync matrix (bench/source-hubspot/lanes-matrix.ts)');
  lanesMatrix = execFileSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench/source-hubspot/lanes-matrix.ts')], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
}

// 4. Scale and incremental.
const scaleRows: string[][] = [];
let peakRssMbAt1M: number | undefined;
const incRows: string[][] = [];
if (!quick) {
  for (const n of [10_000, 100_000, 1_000_000]) {
    log(`scale: ${n} contacts`);
    await withSim(['--contacts', String(n), '--no-rate-limits'], async (sim, args) => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pipe-scale-'));
      const first = await runScenario('pipe-run.ts', [...CLI, ...args, '--dir', dir, '--tier', 'unlimited']);
      scaleRows.push([fmt(n), fmt(first.result.recordsPerSecond!), fmt(first.result.seconds!, 1), fmt(first.peakRssMb)]);
      if (n === 1_000_000) peakRssMbAt1M = first.peakRssMb;
      if (n < 100_000) return; // the issue asks for incremental runs at 100k and 1M
      // 1,000 changes, then an incremental run of the same pipeline.
      // touchMany stamps 1,000 live records with a new last-modified (as a bulk update does),
      // without downloading the ground truth of a million records first.
      await sim.control('touchMany', 'contacts', { count: 1000 });
      await sim.control('advanceClock', 600_000);
      const inc = await runScenario('pipe-run.ts', [...CLI, ...args, '--dir', dir, '--tier', 'unlimited']);
      incRows.push([fmt(n), '1,000', fmt(inc.result.records!), fmt(inc.result.apiCalls!), fmt(inc.result.seconds!, 1)]);
    });
  }
}

// 4b. Memory at width (issue 24): every property of the realistic profile into each sink, limits off.
// 1M wide contacts take ~12 minutes per sink here: only with `pnpm bench --wide-1m`.
const wideScaleRows: string[][] = [];
const wideScaleRss: { sink: string; contacts: number; peakRssMb: number }[] = [];
if (!quick) {
  const sizes = process.argv.includes('--wide-1m') ? [100_000, 1_000_000] : [100_000];
  for (const [sink, flags] of [['DuckDB', []], ['Parquet', ['--sink', 'parquet: { dir: out/parquet }']]] as const) {
    for (const n of sizes) {
      log(`scale, wide: ${n} contacts × every property → ${sink}`);
      const r = await runScenario('memory.ts', ['--contacts', String(n), '--all-properties', String(W_CUSTOM), '--sim=--profile realistic', ...CLI, ...flags]);
      wideScaleRows.push([sink, fmt(n), fmt(r.result.recordsPerSecond!), fmt(r.result.peakRssMb!)]);
      wideScaleRss.push({ sink, contacts: n, peakRssMb: r.result.peakRssMb! });
    }
  }
}

/** Issue 24's memory goal at width, from what was measured (1M only with --wide-1m). */
function wideMemoryGoal(): string {
  const at = (n: number) => wideScaleRss.filter((r) => r.contacts === n);
  const big = at(1_000_000);
  const worst = (rs: typeof wideScaleRss) => rs.reduce((m, r) => Math.max(m, r.peakRssMb), 0);
  const listed = (rs: typeof wideScaleRss) => rs.map((r) => `${r.sink} ${fmt(r.peakRssMb)} MB`).join(', ');
  if (big.length > 0) return `Goal (issue 24): peak RSS ≤ 300 MB at 1M wide contacts, flat from 100k — ${verdict(worst(big) <= 300, `1M: ${listed(big)}; 100k: ${listed(at(100_000))}`)}.`;
  const small = at(100_000);
  return `Goal (issue 24): peak RSS ≤ 300 MB at 1M wide contacts, flat from 100k — ${worst(small) > 300 ? verdict(false, `already above at 100k: ${listed(small)}`) : `not measured at 1M (100k: ${listed(small)})`}. \`pnpm bench --wide-1m\` adds the 1M rows (~12 min per sink).`;
}

// 5. CLI start-up.
log('cli start-up');
const startup = await runScenario('startup.ts', [path.join(bundleDir, 'main.js')]);
// 6. @pipe/cli as users install it (issue 26): sizes and the installed `pipe validate`'s cold start.
if (!quick) log('installed @pipe/cli');
const installed = quick ? undefined : await runScenario('installed.ts', []);

/** Issue 24's goals at this width, next to the floor: a goal above the floor's records/s cannot be met by pipe's code alone. */
function wideGoals(): string[] {
  const goals = [
    ['discard', 'source + engine → discard', 5_000],
    ['duckdb', 'DuckDB', 3_000],
    ['parquet', 'Parquet', 3_500],
  ] as const;
  const measured = goals.filter(([sink]) => wide.runs[sink]);
  if (measured.length === 0) return [];
  return [
    `Goals (issue 24): ${measured.map(([sink, label, goal]) => `${label} ≥ ${fmt(goal)} records/s — ${verdict(wide.runs[sink]!.recordsPerSecond >= goal, fmt(wide.runs[sink]!.recordsPerSecond))}`).join('; ')}.`,
    `The floor alone (fetch + JSON.parse, nothing else) reaches ${fmt(wide.floor.recordsPerSecond)} records/s at this width on this machine.`,
    '',
  ];
}

// Issue 8's engine-overhead goal, per sink (Parquet counts as met when it was not measured).
const duckdbOverheadMet = ratios.duckdbVsFloor! >= 0.5;
const parquetOverheadMet = (ratios.parquetVsFloor ?? 1) >= 0.5;
const machine = `${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, load average ${os.loadavg()[0]!.toFixed(1)} at the end`;
const md = [
  '# Benchmarks',
  '',
  `Generated by \`pnpm bench\` on ${new Date().toISOString().slice(0, 10)} — ${machine}.`,
  'The simulator runs in its own process; every scenario runs in a fresh Node process. Ratios are',
  'measured in the same run (the machine is shared and noisy); records/s are medians of 3 runs where noted.',
  '',
  `## Wide rows (${fmt(W)} contacts × ${wide.properties} properties, limits off)`,
  '',
  "Every property of the simulator's realistic profile (`--profile realistic`: HubSpot's standard contact properties",
  'plus ~100 custom ones, most of them empty on most records, long text and HTML among them; fill rates in',
  'packages/hubspot-sim/README.md, "The realistic profile"), as pipe reads by default. Each `pipe run` is the',
  'bundled CLI from process start to exit, without a profiler: the median of 3 runs by records/s, with that run\'s',
  'CPU (user + sys of its process) and peak RSS; the floor likewise.',
  '',
  wide.markdown,
  '',
  ...wideGoals(),
  'Stages come from one more run of each under `node --cpu-prof` (bench/engine/width.ts): a sample counts for the',
  "module of the innermost pipe frame on the JavaScript thread, whose CPU time is split by those",
  "shares; CPU of DuckDB's threads and V8's helper threads is \"other threads\". The floor fetches",
  'and parses the same list pages in a bare loop. Run it alone with',
  `\`pnpm exec tsx bench/engine/width.ts --contacts ${W} --custom-properties ${W_CUSTOM} --sim='--profile realistic' --repeat 3\`.`,
  '',
  `## Engine overhead (${fmt(N)} contacts × ${PROPERTIES.length} properties, limits off)`,
  '',
  '| scenario | records/s | ratio | peak RSS MB |',
  '|---|---:|---:|---:|',
  ...rows.map((r) => `| ${r.join(' | ')} |`),
  '',
  `Goal: pipe ≥ 0.5× the floor — ${verdict(duckdbOverheadMet, `DuckDB ${ratios.duckdbVsFloor!.toFixed(2)}×`)}${ratios.parquetVsFloor === undefined ? '' : `, ${verdict(parquetOverheadMet, `Parquet ${ratios.parquetVsFloor.toFixed(2)}×`)}`}.`,
  '',
  'pipe is timed as a user runs it: `pipe run` (the bundled CLI, with the Node flags on bin/pipe.js\'s',
  'shebang) from process start to exit, so',
  'start-up, discovery, opening the sink and checkpointing DuckDB at close all count. The floor is',
  'a bare loop in a warm process that fetches and JSON-parses every list page, like pipe reading one',
  'stream, and does nothing else.',
  '',
  `${duckdbOverheadMet && parquetOverheadMet ? 'Where the difference goes' : 'Why the goal is missed'}: pipe spends ${(1 / ratios.cpu_duckdbVsFloor!).toFixed(1)}× the floor's CPU seconds for the same records`,
  '(typing 20 properties per record, building rows, DuckDB\'s load, merge and checkpoints, plus',
  'start-up), and on 2 cores shared with the simulator that CPU is the limit. Where a run spends its',
  'time per stream is in its summary (`duckdb_load_ms`, `duckdb_merge_ms`, `duckdb_commit_ms`).',
  '',
  `## Against what users write instead (${fmt(N_NAIVE)} contacts, identical data)`,
  '',
  '| scenario | records/s | ratio | peak RSS MB |',
  '|---|---:|---:|---:|',
  ...naiveRows.map((r) => `| ${r.join(' | ')} |`),
  '',
  `Goal: pipe ≥ 10× the hand-written script — ${verdict(ratios.duckdbVsNaive! >= 10, `${ratios.duckdbVsNaive!.toFixed(1)}×`)}.`,
  '',
  '## Rate-limit efficiency (250 ms median latency)',
  '',
  '| tier | burst limit | properties | contacts | ceiling records/s | pipe records/s (→ DuckDB) | share of ceiling | 429s served |',
  '|---|---|---:|---:|---:|---:|---:|---:|',
  ...limitRows.map((r) => `| ${r.join(' | ')} |`),
  '',
  ...(limitRows.length
    ? [
        `Goal: ≥ 90 % of the ceiling on both tiers — 20 properties: ${verdict(Math.min(ratios.limit_professional!, ratios.limit_starter!) >= 0.9, `${(100 * Math.min(ratios.limit_professional!, ratios.limit_starter!)).toFixed(0)} % at the lower`)}; every property (issue 24): ${verdict(lowestWide >= 0.9, `${(100 * lowestWide).toFixed(0)} % at the lowest`)}.`,
        '',
      ]
    : []),
  'The ceiling is list pages of 100 at the burst limit; the goal (issue 8) is 90 % of it. One object\'s',
  'first sync (docs/hubspot.md, parallel first sync) reads its id span from both ends: HubSpot\'s list',
  'from the start, seek lanes (list walks started mid-span, `parallel_list_lanes`: 6) that fill the',
  'burst budget, and search lanes on search\'s own budget (4 calls/s × 200) on top of it, which is how',
  'it passes the list ceiling. 429s served would be retried by the client, never errors.',
  'Each run counts from process start to exit. What does not scale with the account weighs more',
  'at 20,000 wide contacts than at 200,000: start-up and the first sync\'s planning searches (round',
  'trips before the first page), and the stream\'s last commit, in which DuckDB writes the rows',
  'into the file (`duckdb_checkpoint_ms` in the run summary).',
  '',
  ...(lanesMatrix ? ['## Parallel first sync vs plain list walk (`bench/source-hubspot/lanes-matrix.ts`)', '', lanesMatrix.trim(), ''] : []),
  '## Scale (limits off)',
  '',
  '| contacts | records/s | seconds | peak RSS MB |',
  '|---:|---:|---:|---:|',
  ...scaleRows.map((r) => `| ${r.join(' | ')} |`),
  '',
  'Time grows linearly. Memory is bounded by the DuckDB sink\'s settings, not by the account: writes of',
  '`batch_size` 2,048 rows (~5–6 MB of JS heap) accumulate in one transaction up to `commit_rows`',
  '122,880 (each full row group of 16,384 rows written straight to the file), and DuckDB\'s cache fills up to its',
  '`memory_limit` (default 48MB) as the table grows; bin/pipe.js starts Node with a 1 GB heap',
  'limit, under which V8 keeps ~50 MB of JS heap (120–155 MB under Node\'s default), and tells',
  'DuckDB\'s jemalloc to return freed pages at once (`DUCKDB_JE_MALLOC_CONF`), not a second later.',
  ...(peakRssMbAt1M === undefined ? [] : [`Goal (issue 8): peak RSS ≤ 250 MB at 1M — ${verdict(peakRssMbAt1M <= 250, `${fmt(peakRssMbAt1M)} MB`)}.`]),
  'Settings and their numbers are in packages/sink-duckdb/README.md#memory.',
  '',
  ...(wideScaleRows.length > 0
    ? [
        '## Scale at width (limits off)',
        '',
        `Contacts with every property of the realistic profile (as in "Wide rows"), one \`pipe run\` per row (bench/engine/memory.ts).`,
        '',
        '| sink | contacts | records/s | peak RSS MB |',
        '|---|---:|---:|---:|',
        ...wideScaleRows.map((r) => `| ${r.join(' | ')} |`),
        '',
        wideMemoryGoal(),
        `Where the memory goes at this width: DuckDB holds a table's open row group uncompressed until it is full, in blocks of its own per column (a values block and a validity block at least), long text in blocks of its own, and caches written blocks up to \`memory_limit\`, which the DuckDB sink sizes by the table's columns (packages/sink-duckdb/src/config.ts); a lower limit spilled and slowed the load (\`bench/engine/memory.ts --memory-limit\`). The sink opens its file with row groups of 16,384 rows and creates it with 64 KiB blocks (DuckDB's defaults: 122,880 rows, 256 KiB), which lowered this peak by ~190 MB at the same speed (packages/sink-duckdb/README.md#memory). The Parquet sink's file is one row group, which DuckDB's Parquet writer holds uncompressed until the file ends: its memory follows rows per file × columns.`,
        `Run one alone with \`pnpm exec tsx bench/engine/memory.ts --contacts 100000 --all-properties ${W_CUSTOM} --sim='--profile realistic' [--sink 'parquet: { dir: out/parquet }'] --trace\`.`,
        '',
      ]
    : []),
  '## Incremental run after 1,000 changes',
  '',
  '| contacts | changed | rows read | API calls | seconds |',
  '|---:|---:|---:|---:|---:|',
  ...incRows.map((r) => `| ${r.join(' | ')} |`),
  '',
  '## CLI start-up',
  '',
  `\`pipe validate\` on the ${startup.result.files} example pipelines, fresh process: median ${fmt(startup.result.medianSeconds!, 2)} s of 5.`,
  '',
  ...(installed
    ? [
        '## Installed @pipe/cli',
        '',
        '`bench/engine/installed.ts`: the CLI packed from the working tree (`pnpm pack`), installed with npm into a fresh folder.',
        '',
        '| packed | unpacked | node_modules after `npm install @pipe/cli` | installed `pipe validate`, fresh process | its very first run (compiles the config validator) | `node -e 0` |',
        '|---:|---:|---:|---:|---:|---:|',
        `| ${fmt(installed.result.packedMb!, 1)} MB | ${fmt(installed.result.unpackedMb!, 1)} MB | ${fmt(installed.result.installedMb!)} MB (DuckDB's native library is most of it) | ${fmt(installed.result.validateMs!)} ms | ${fmt(installed.result.firstValidateMs!)} ms | ${fmt(installed.result.nodeMs!)} ms |`,
        '',
        `Goal (issue 26): cold start ≤ 300 ms — ${verdict(installed.result.validateMs! <= 300, `${fmt(installed.result.validateMs!)} ms, median of 9`)}.`,
        '',
      ]
    : []),
  '## Ratios (the CI gate compares these with bench/baseline.json)',
  '',
  '```json',
  JSON.stringify(ratios, null, 2),
  '```',
  '',
].join('\n');

const baselineFile = path.join(ROOT, 'bench/baseline.json');
if (quick) {
  process.stdout.write(`${wide.markdown}\n${[...rows, ...naiveRows].map((r) => r.join('  ')).join('\n')}\nstart-up ${fmt(startup.result.medianSeconds!, 2)} s\n`);
  if (process.argv.includes('--update-baseline')) {
    fs.writeFileSync(
      baselineFile,
      `${JSON.stringify({ cpu_duckdbVsFloor: ratios.cpu_duckdbVsFloor, cpu_duckdbVsNaive: ratios.cpu_duckdbVsNaive, cpu_wide_duckdbVsFloor: ratios.cpu_wide_duckdbVsFloor }, null, 2)}\n`,
    );
    log(`wrote ${baselineFile}`);
  } else {
    const baseline = JSON.parse(fs.readFileSync(baselineFile, 'utf8')) as Record<string, number>;
    const regressed = Object.entries(baseline).filter(([k, v]) => (ratios[k] ?? 0) < 0.7 * v);
    for (const [k, v] of Object.entries(baseline)) log(`${k}: ${ratios[k]?.toFixed(2)} (baseline ${v.toFixed(2)})`);
    if (regressed.length) {
      log(`regressed by more than 30 %: ${regressed.map(([k]) => k).join(', ')}`);
      process.exit(1);
    }
  }
} else {
  fs.writeFileSync(path.join(ROOT, 'BENCHMARKS.md'), md);
  log('wrote BENCHMARKS.md');
}
