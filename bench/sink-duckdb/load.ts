/**
 * DuckDB sink benchmark: 1,000,000 rows × 20 columns through the sink (append, then the
 * same load as a first merge), then 100,000 changed rows merged into the 1,000,000-row table.
 *
 *   pnpm exec tsx bench/sink-duckdb/load.ts [--rows 1000000] [--changed 100000] [--keep]
 *
 * Times count only the sink's own calls (`write`, `endStream`); generating the rows is
 * reported separately. Peak RSS is the process's maximum resident set size.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { type Row, type SinkWriter, type WriteMode, createMetrics, silentLogger } from '../../packages/sdk/src/index.ts';
import duckdb from '../../packages/sink-duckdb/src/index.ts';
import { BASE, CITIES, STAGES, crmSchema as schema } from '../crm-rows.ts';

const { values: args } = parseArgs({
  options: { rows: { type: 'string', default: '1000000' }, batch: { type: 'string' }, changed: { type: 'string', default: '100000' }, keep: { type: 'boolean', default: false } },
});
const ROWS = Number(args.rows);
const CHANGED = Number(args.changed);

function row(id: number, version: number): Row {
  return {
    id,
    email: `contact.${id}@company${id % 997}.example.com`,
    first_name: `First${id % 5003}`,
    last_name: `Lastname-${id % 7919}`,
    company: `Company ${id % 997} GmbH`,
    city: CITIES[id % CITIES.length],
    country: id % 3 === 0 ? 'DE' : 'PT',
    lifecycle_stage: STAGES[(id + version) % STAGES.length],
    owner_id: 1000 + (id % 50),
    num_visits: (id * 7 + version) % 1000,
    score: (id % 100) * 1.25 + version,
    revenue: id * 3.5,
    probability: (id % 10) / 10,
    discount: version * 0.5,
    is_customer: id % 4 === 0,
    opted_out: id % 9 === 0,
    created_at: new Date(BASE + id * 1000),
    updated_at: new Date(BASE + id * 1000 + version * 60_000),
    birthday: `19${50 + (id % 50)}-0${1 + (id % 9)}-1${id % 10}`,
    tags: id % 2 === 0 ? ['vip', `segment-${id % 13}`] : [`segment-${id % 13}`],
  };
}

const ctx = { logger: silentLogger, signal: new AbortController().signal, baseDir: process.cwd(), pipeline: 'bench', metrics: createMetrics() };

interface Timing {
  rows: number;
  sinkSeconds: number;
  /** CPU seconds (all threads) the process spent inside the sink calls: comparable across loaded and idle machines. */
  cpuSeconds: number;
  generateSeconds: number;
}

/** Feed `count` rows (ids from `ids(i)`) to the sink in its preferred batch size, as the engine does. */
async function load(writer: SinkWriter, mode: WriteMode, count: number, ids: (i: number) => number, version: number): Promise<Timing> {
  await writer.prepare([{ schema, mode, options: {} }]);
  const size = writer.batchSize ?? 5000;
  let sink = 0;
  let generate = 0;
  let cpu = 0;
  for (let start = 0, batch = 0; start < count; start += size, batch++) {
    const g0 = performance.now();
    const rows: Row[] = [];
    for (let i = start; i < Math.min(count, start + size); i++) rows.push(row(ids(i), version));
    const w0 = performance.now();
    const c0 = process.cpuUsage();
    await writer.write({ stream: 'contacts', rows, checkpoint: batch }, state(batch));
    const c1 = process.cpuUsage(c0);
    cpu += (c1.user + c1.system) / 1000;
    sink += performance.now() - w0;
    generate += w0 - g0;
  }
  const e0 = performance.now();
  const c0 = process.cpuUsage();
  await writer.endStream?.('contacts', state(-1));
  const c1 = process.cpuUsage(c0);
  cpu += (c1.user + c1.system) / 1000;
  sink += performance.now() - e0;
  return { rows: count, sinkSeconds: sink / 1000, cpuSeconds: cpu / 1000, generateSeconds: generate / 1000 };
}

function state(batch: number) {
  return { version: 1, pipeline: 'bench', streams: { contacts: { checkpoint: batch, seq: batch + 1, updatedAt: new Date().toISOString() } } };
}

function report(label: string, t: Timing): void {
  const phases = ctx.metrics.snapshot().contacts ?? {};
  for (const key of Object.keys(phases)) ctx.metrics.add('contacts', key, -phases[key]!); // reset for the next phase
  const rate = Math.round(t.rows / t.sinkSeconds);
  console.log(
    `${label.padEnd(44)} ${t.rows.toLocaleString('en-US').padStart(9)} rows  ${t.sinkSeconds.toFixed(2).padStart(6)} s  ${rate.toLocaleString('en-US').padStart(9)} rows/s   cpu ${t.cpuSeconds.toFixed(2)} s`,
  );
  const ms = (k: string) => ((phases[k] ?? 0) / 1000).toFixed(2);
  console.log(
    `${''.padEnd(44)} load ${ms('duckdb_load_ms')} s, merge ${ms('duckdb_merge_ms')} s, state+commit ${ms('duckdb_commit_ms')} s; generating the rows (not counted) ${t.generateSeconds.toFixed(2)} s`,
  );
}

/** close() checkpoints: the WAL written by the run's commits is folded into the file once. */
async function closeTimed(writer: SinkWriter): Promise<void> {
  const t0 = performance.now();
  await writer.close();
  console.log(`${''.padEnd(44)} close (checkpoint of the run's WAL into the file) ${((performance.now() - t0) / 1000).toFixed(2)} s`);
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pipe-bench-duckdb-'));
try {
  console.log(
    `DuckDB sink benchmark: ${ROWS.toLocaleString('en-US')} rows × ${schema.columns.length} columns, node ${process.version}, ${os.cpus().length} cpus, load average ${os.loadavg()[0]!.toFixed(1)}`,
  );

  const appendFile = path.join(dir, 'append.duckdb');
  const batchConfig = args.batch ? { batch_size: Number(args.batch) } : {};
  let writer = await duckdb.open({ path: appendFile, ...batchConfig }, ctx);
  report('append (empty table)', await load(writer, 'append', ROWS, (i) => i, 1));
  await closeTimed(writer);

  const mergeFile = path.join(dir, 'merge.duckdb');
  writer = await duckdb.open({ path: mergeFile, ...batchConfig }, ctx);
  report('merge, first load (empty table)', await load(writer, 'merge', ROWS, (i) => i, 1));
  await closeTimed(writer);

  // Changed rows spread over the whole table, as an incremental sync delivers them.
  const stride = Math.max(1, Math.floor(ROWS / CHANGED));
  writer = await duckdb.open({ path: mergeFile, ...batchConfig }, ctx);
  report(`merge ${CHANGED.toLocaleString('en-US')} changed rows into ${ROWS.toLocaleString('en-US')}`, await load(writer, 'merge', CHANGED, (i) => i * stride, 2));
  await closeTimed(writer);

  const peakMb = process.resourceUsage().maxRSS / 1024;
  const size = fs.statSync(mergeFile).size / 1e6;
  console.log(`peak RSS ${peakMb.toFixed(0)} MB; merge.duckdb ${size.toFixed(0)} MB`);
} finally {
  if (!args.keep) fs.rmSync(dir, { recursive: true, force: true });
  else console.log(`kept ${dir}`);
}
