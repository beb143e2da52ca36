/**
 * Parquet sink benchmark: 1,000,000 rows × 20 columns through the sink's writer (prepare,
 * write in the sink's preferred batch size, endStream) into a local folder.
 *
 *   pnpm exec tsx bench/sink-parquet/write.ts [--rows 1000000] [--compression zstd] [--keep]
 *
 * Sink time counts only the sink's own calls (wall, and CPU of all threads meanwhile; on
 * Linux also of the JS thread alone, so the rest is DuckDB, fs and V8's GC helpers);
 * generating the rows is reported separately. Peak RSS is the process's maximum resident
 * set size. On a shared machine, compare `load_average_1m` with `cpus`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createMetrics, type Row, silentLogger } from '../../packages/sdk/src/index.ts';
import parquet from '../../packages/sink-parquet/src/index.ts';
import { ParquetEncoder } from '../../packages/sink-parquet/src/parquet-encoder.ts';
import { BASE, CITIES, STAGES, crmSchema as schema } from '../crm-rows.ts';

const { values: args } = parseArgs({
  options: { rows: { type: 'string', default: '1000000' }, compression: { type: 'string', default: 'zstd' }, keep: { type: 'boolean', default: false } },
});
const ROWS = Number(args.rows);

function row(id: number): Row {
  return {
    id,
    email: `contact.${id}@company${id % 997}.example.com`,
    first_name: `First${id % 5003}`,
    last_name: `Lastname-${id % 7919}`,
    company: `Company ${id % 997} GmbH`,
    city: CITIES[id % CITIES.length],
    country: id % 3 === 0 ? 'DE' : 'PT',
    lifecycle_stage: STAGES[id % STAGES.length],
    owner_id: 1000 + (id % 50),
    num_visits: id % 313,
    score: (id % 1000) / 10,
    revenue: id % 7 === 0 ? null : (id * 37) % 100000 / 3,
    probability: (id % 100) / 100,
    discount: 0.05,
    is_customer: id % 5 === 4,
    opted_out: id % 11 === 0,
    created_at: new Date(BASE + id * 1000),
    updated_at: new Date(BASE + id * 2000),
    birthday: `19${50 + (id % 50)}-0${1 + (id % 9)}-1${id % 10}`,
    tags: id % 4 === 0 ? [] : ['a', `t${id % 17}`],
  };
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pipe-bench-parquet-'));
let peakRss = 0;
let peakHeap = 0;
const sample = setInterval(() => {
  const m = process.memoryUsage();
  peakRss = Math.max(peakRss, m.rss);
  peakHeap = Math.max(peakHeap, m.heapUsed + m.external);
}, 50);

const ctx = { logger: silentLogger, signal: new AbortController().signal, baseDir: dir, pipeline: 'bench', metrics: createMetrics() };
const writer = await parquet.open({ dir, compression: args.compression } as never, ctx);
const batchSize = writer.batchSize ?? 100_000;
let sinkMs = 0;
let sinkCpuUs = 0;
let jsThreadCpuMs = 0;
/** CPU milliseconds of the JS thread (Linux: /proc/self/task/<pid>/stat), else NaN. */
function jsThreadCpu(): number {
  try {
    const stat = fs.readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime in USER_HZ (100)
  } catch {
    return Number.NaN;
  }
}
/** rows/s of each write: on a shared machine the fastest ones show the sink when it got the CPUs. */
const batchRates: number[] = [];
const cpu0 = process.cpuUsage();
/** CPU of the whole process (DuckDB's threads included) while a sink call runs. */
async function timed<T>(fn: () => Promise<T>): Promise<T> {
  const c = process.cpuUsage();
  const js0 = jsThreadCpu();
  const t0 = performance.now();
  try {
    return await fn();
  } finally {
    sinkMs += performance.now() - t0;
    const d = process.cpuUsage(c);
    sinkCpuUs += d.user + d.system;
    jsThreadCpuMs += jsThreadCpu() - js0;
  }
}
let genMs = 0;
await timed(() => writer.prepare([{ schema, mode: 'append', options: {} }]));
for (let offset = 0, k = 1; offset < ROWS; offset += batchSize, k++) {
  const t = performance.now();
  const rows: Row[] = [];
  for (let id = offset + 1; id <= Math.min(ROWS, offset + batchSize); id++) rows.push(row(id));
  genMs += performance.now() - t;
  const state = { version: 1, pipeline: 'bench', streams: { contacts: { checkpoint: k, seq: k, updatedAt: new Date().toISOString() } } };
  const before = sinkMs;
  const count = rows.length; // the writer empties the array it is handed (SinkWriter's contract)
  await timed(() => writer.write({ stream: 'contacts', rows, checkpoint: k }, state));
  batchRates.push(count / ((sinkMs - before) / 1000));
}
await timed(async () => {
  await writer.endStream!('contacts', { version: 1, pipeline: 'bench', streams: {} });
  await writer.close();
});
clearInterval(sample);
const cpu = process.cpuUsage(cpu0);
peakRss = Math.max(peakRss, process.resourceUsage().maxRSS * 1024);

/**
 * Reference on the same machine, same moment: DuckDB alone copying an equal table (1M × 20,
 * built in SQL) to Parquet. The ratio sink/reference says how much the JS side adds,
 * whatever else the machine is doing.
 */
async function referenceCopySeconds(): Promise<number> {
  const encoder = await ParquetEncoder.create();
  await encoder.connection.run(`CREATE TABLE t AS SELECT i AS id, 'contact.' || i || '@company' || (i % 997) || '.example.com' AS email,
    'First' || (i % 5003) AS first_name, 'Lastname-' || (i % 7919) AS last_name, 'Company ' || (i % 997) || ' GmbH' AS company,
    'Berlin' AS city, 'DE' AS country, 'lead' AS lifecycle_stage, 1000 + i % 50 AS owner_id, i % 313 AS num_visits, i / 10 AS score,
    i / 3 AS revenue, 0.5 AS probability, 0.05 AS discount, i % 5 = 4 AS is_customer, false AS opted_out,
    TIMESTAMPTZ '2024-01-01' + to_seconds(i) AS created_at, TIMESTAMPTZ '2024-01-01' + to_seconds(2 * i) AS updated_at,
    DATE '1960-01-11' AS birthday, ['a', 't' || (i % 17)] AS tags FROM range(${ROWS}) r(i)`);
  const t0 = performance.now();
  await encoder.copyTo('SELECT * FROM t', path.join(dir, 'reference.parquet'), { compression: 'zstd', rowGroupRows: 122_880, metadata: {} });
  const seconds = (performance.now() - t0) / 1000;
  encoder.close();
  return seconds;
}
// Peak RSS of the sink run, before the reference table takes memory of its own.
const sinkPeakRss = peakRss;
const reference = await referenceCopySeconds();

const files = fs.readdirSync(path.join(dir, 'contacts'));
const bytes = files.reduce((n, f) => n + fs.statSync(path.join(dir, 'contacts', f)).size, 0);
const result = {
  rows: ROWS,
  columns: schema.columns.length,
  compression: args.compression,
  batch_rows: batchSize,
  files: files.length,
  dataset_mb: +(bytes / 1e6).toFixed(1),
  sink_seconds: +(sinkMs / 1000).toFixed(2),
  rows_per_second: Math.round(ROWS / (sinkMs / 1000)),
  batch_rows_per_second_median: Math.round([...batchRates].sort((a, b) => a - b)[Math.floor(batchRates.length / 2)]!),
  batch_rows_per_second_best: Math.round(Math.max(...batchRates)),
  sink_cpu_seconds: +(sinkCpuUs / 1e6).toFixed(2),
  rows_per_cpu_second: Math.round(ROWS / (sinkCpuUs / 1e6)),
  sink_js_thread_cpu_seconds: +(jsThreadCpuMs / 1000).toFixed(2),
  generate_seconds: +(genMs / 1000).toFixed(2),
  reference_duckdb_copy_seconds: +reference.toFixed(2),
  sink_vs_reference: +(sinkMs / 1000 / reference).toFixed(1),
  peak_rss_mb: Math.round(sinkPeakRss / 1e6),
  peak_js_heap_and_external_mb: Math.round(peakHeap / 1e6),
  process_cpu_seconds: +((cpu.user + cpu.system) / 1e6).toFixed(2),
  load_average_1m: +os.loadavg()[0]!.toFixed(1),
  cpus: os.cpus().length,
  node: process.version,
};
console.log(JSON.stringify(result, null, 2));
if (!args.keep) fs.rmSync(dir, { recursive: true, force: true });
else console.log(`dataset kept at ${dir}`);
