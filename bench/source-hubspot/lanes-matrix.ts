/**
 * Is the parallel first sync ever slower than the plain list walk? The matrix of issue 24:
 * latency {0, 50, 250 ms} × limits {none, 190/10 s, 100/10 s} × search {limited, unlimited} ×
 * id layout {dense, sparse, clustered}. Each cell reads contacts (20 custom properties) twice from
 * identical simulators (same options and seed, each in its own process, so both runs start with
 * empty rate-limit windows): `parallel_full_sync: false` and the default parallel sync. Prints a
 * Markdown table (records/s each and the ratio) and one JSON line per cell on stderr.
 *
 *   pnpm exec tsx bench/source-hubspot/lanes-matrix.ts [--latency 0,50] [--limits none,190] [--search limited] [--layout dense] [--json out.json]
 *
 * search limited: the simulator allows 5 searches/s (when limits are on) and pipe plans 4/s (its
 * default); with limits none the simulator enforces nothing and pipe still holds itself to 4/s.
 * search unlimited: the simulator allows 1,000/s and pipe plans 100/s.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { IdLayout, SimOptions } from '@pipe/hubspot-sim';
import { createMetrics, silentLogger } from '@pipe/sdk';
import plugin from '../../packages/source-hubspot/src/index.ts';
import { type SimProcess, startSimScript } from '../engine/sim-process.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const opt = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const pick = <T extends string | number>(name: string, all: T[]): T[] => {
  const v = opt(name);
  return v === undefined ? all : all.filter((x) => v.split(',').includes(String(x)));
};

const LATENCIES = pick('--latency', [0, 50, 250]);
const LIMITS = pick('--limits', ['none', '190', '100'] as const);
const SEARCHES = pick('--search', ['limited', 'unlimited'] as const);
const LAYOUTS = pick('--layout', ['dense', 'sparse', 'clustered'] as const);
const layoutOf: Record<(typeof LAYOUTS)[number], IdLayout> = {
  dense: { kind: 'dense' },
  sparse: { kind: 'sparse', stride: 50 },
  clustered: { kind: 'clustered', clusterSize: 500, gap: 100_000 },
};
/** Contacts per cell: enough for the lanes to matter, small enough that the matrix takes minutes. */
function countFor(latency: number): number {
  // Limited cells at 0 ms need more than one 10-second window of calls for the limit to bind.
  if (latency === 0) return 10_000;
  if (latency === 50) return 5_000;
  return 3_000;
}

/**
 * Pairs of runs per cell. A cell whose runs last a few seconds (0 ms, no limit binding) swings
 * by a fifth from one run to the next on this shared machine, so it gets the median of 3 pairs,
 * run in alternating order (plain first, then parallel first); longer cells run one pair.
 */
const PAIRS_WHEN_SHORT = 3;
const SHORT_SECONDS = 3;

/** One first sync of contacts; records/s from the read's start to its end. */
async function firstSync(sim: SimProcess, tier: string, searchPerSecond: number, parallel: boolean): Promise<{ records: number; seconds: number; metrics: Record<string, number> }> {
  const metrics = createMetrics();
  const conn = await plugin.open(
    {
      token: sim.token,
      base_url: sim.url,
      base_path: '/crm/v3',
      tier: tier as 'unlimited',
      search_requests_per_second: searchPerSecond,
      skip_missing_scopes: false,
      skip_unavailable: false,
      max_url_length: 12_000,
      max_retries: 8,
      retry_base_ms: 500,
      request_timeout_ms: 60_000,
    },
    { logger: silentLogger, signal: new AbortController().signal, baseDir: '.', pipeline: 'bench', metrics },
  );
  // Discover the selected stream only, as `pipe run` does for `streams: [contacts]`: a discovery of every
  // stream spends ~30 metadata calls of the same 10-second window the cell measures.
  const schema = (await conn.discover({ contacts: {} })).find((s) => s.name === 'contacts')!;
  const t0 = performance.now();
  let records = 0;
  for await (const b of conn.read({ schema, options: { parallel_full_sync: parallel }, mode: 'incremental', state: undefined })) {
    records += b.rows.filter((r) => r.archived === false).length;
  }
  const seconds = (performance.now() - t0) / 1000;
  await conn.close?.();
  return { records, seconds, metrics: (metrics.snapshot().contacts ?? {}) as Record<string, number> };
}

const rows: string[] = [];
const cells: unknown[] = [];
const load0 = os.loadavg()[0]!;
const started = performance.now();
let slower = 0;
for (const latency of LATENCIES) {
  for (const limits of LIMITS) {
    for (const searchKind of SEARCHES) {
      for (const layout of LAYOUTS) {
        const n = countFor(latency);
        const tier = limits === 'none' ? 'unlimited' : limits === '190' ? 'professional' : 'starter';
        const simOpts: SimOptions = {
          seed: 7,
          counts: { contacts: n, companies: 10, deals: 10, tickets: 10 },
          customProperties: 20,
          rateLimits: limits !== 'none',
          tier: limits === '100' ? 'starter' : 'professional',
          searchPerSecond: searchKind === 'limited' ? 5 : 1_000,
          idLayout: layoutOf[layout],
          ...(latency > 0 ? { latencyMs: { median: latency } } : {}),
        };
        const clientSearch = searchKind === 'limited' ? 4 : 100;
        type Run = { records: number; seconds: number; metrics: Record<string, number> };
        const pairs: { plain: Run; parallel: Run; ratio: number }[] = [];
        // The first pair decides: long runs need no more.
        const wanted = () => (pairs.length > 0 && Math.max(pairs[0]!.plain.seconds, pairs[0]!.parallel.seconds) >= SHORT_SECONDS ? 1 : PAIRS_WHEN_SHORT);
        while (pairs.length < wanted()) {
          const result: Record<string, Run> = {};
          for (const parallel of pairs.length % 2 === 0 ? [false, true] : [true, false]) {
            const sim = await startSimScript(path.join(HERE, 'lanes-sim.ts'), [JSON.stringify(simOpts)]);
            try {
              result[parallel ? 'parallel' : 'plain'] = await firstSync(sim, tier, clientSearch, parallel);
            } finally {
              await sim.stop();
            }
          }
          const rps = (r: Run) => r.records / r.seconds;
          pairs.push({ plain: result.plain!, parallel: result.parallel!, ratio: rps(result.parallel!) / rps(result.plain!) });
        }
        // The median pair (by ratio) stands for the cell.
        const median = [...pairs].sort((a, b) => a.ratio - b.ratio)[Math.floor(pairs.length / 2)]!;
        const plain = median.plain;
        const par = median.parallel;
        const rpsPlain = plain.records / plain.seconds;
        const rpsPar = par.records / par.seconds;
        const ratio = median.ratio;
        if (ratio < 1) slower++;
        const wrong = pairs.flatMap((p) => [p.plain, p.parallel]).find((r) => r.records !== n);
        const exact = wrong === undefined ? '' : ` (a run read ${wrong.records} of ${n} records)`;
        const lanes = ['list', 'seek', 'search'].map((l) => par.metrics[`parallel_full_sync.${l}_records`] ?? 0).join(' / ');
        rows.push(
          `| ${latency} ms | ${limits === 'none' ? 'none' : `${limits}/10 s`} | ${searchKind} | ${layout} | ${n.toLocaleString('en-US')} | ${Math.round(rpsPlain).toLocaleString('en-US')} | ${Math.round(rpsPar).toLocaleString('en-US')} | ${ratio.toFixed(2)}×${pairs.length > 1 ? ` (${pairs.map((p) => p.ratio.toFixed(2)).join(', ')})` : ''}${exact} | ${lanes} |`,
        );
        const cell = {
          latency,
          limits,
          search: searchKind,
          layout,
          records: n,
          plain: { seconds: +plain.seconds.toFixed(2), rps: Math.round(rpsPlain) },
          parallel: { seconds: +par.seconds.toFixed(2), rps: Math.round(rpsPar), lanes },
          ratio: +ratio.toFixed(2),
          ratios: pairs.map((p) => +p.ratio.toFixed(2)),
          outsidePiece: par.metrics['parallel_full_sync.records_outside_piece'] ?? 0,
          load: +os.loadavg()[0]!.toFixed(1),
        };
        cells.push(cell);
        process.stderr.write(`${JSON.stringify(cell)}\n`);
      }
    }
  }
}

const minutes = (performance.now() - started) / 60_000;
const table = [
  '| latency | limits | search | ids | contacts | plain list records/s | parallel records/s | parallel ÷ plain | parallel records by list / seek / search |',
  '|---:|---|---|---|---:|---:|---:|---:|---|',
  ...rows,
  '',
  `Cells whose runs took under ${SHORT_SECONDS} s: the median of ${PAIRS_WHEN_SHORT} pairs of runs in alternating order (each pair's ratio in brackets); the others: one pair.`,
  `${cells.length} cells, ${slower} where the parallel sync was slower; ${minutes.toFixed(1)} min; load average ${load0.toFixed(1)} at the start, ${os.loadavg()[0]!.toFixed(1)} at the end (${os.cpus().length} cores).`,
].join('\n');
process.stdout.write(`${table}\n`);
const json = opt('--json');
if (json) fs.writeFileSync(json, JSON.stringify({ cells, slower, minutes, table }, null, 2));
