/**
 * What a table-function call that waits on the JS thread costs DuckDB's side: COPY 200
 * chunks from a table function whose JS callback busy-works `--ms` per call, and report
 * the CPU of the JS thread and of every other thread (Linux: /proc/self/task).
 *
 *   pnpm exec tsx bench/sink-parquet/hop-cost.ts [--ms 2] [--threads 1]
 *
 * Measured with @duckdb/node-api 1.5.6-r.1 (load ~10 on 2 cores): with --threads 2 the
 * other threads used 0-500 ms of CPU for 400 ms of JS (varying run to run); with
 * --threads 1, 20-50 ms. The Parquet sink runs one DuckDB thread and lays out every
 * chunk before its COPY starts, so each call returns at once.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { BIGINT, DuckDBInstance, DuckDBTableFunction } from '@duckdb/node-api';
import duckdb from '@duckdb/node-bindings';

const { values: args } = parseArgs({ options: { ms: { type: 'string', default: '2' }, threads: { type: 'string', default: '1' } } });
const MS = Number(args.ms);
const CALLS = 200;

/** CPU milliseconds of this process's JS thread and of all its other threads. */
function threadCpuMs(): { js: number; others: number } {
  let js = 0;
  let others = 0;
  for (const tid of fs.readdirSync('/proc/self/task')) {
    const stat = fs.readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ms = ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in USER_HZ (100)
    if (tid === String(process.pid)) js += ms;
    else others += ms;
  }
  return { js, others };
}

const instance = await DuckDBInstance.create(':memory:', { threads: args.threads });
const connection = await instance.connect();
let left = 0;
connection.registerTableFunction(
  DuckDBTableFunction.create({
    name: 'hop',
    bindFunction: (bind) => bind.addResultColumn('x', BIGINT),
    initFunction: (init) => init.setMaxThreads(1),
    mainFunction: (_info, out) => {
      if (left-- <= 0) {
        out.rowCount = 0;
        return;
      }
      const t = performance.now();
      while (performance.now() - t < MS) {
        // JS work the DuckDB thread waits for
      }
      duckdb.data_chunk_set_size(out.chunk, 2048);
    },
  }),
);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pipe-hop-'));
const runs = [];
for (let run = 0; run < 3; run++) {
  left = CALLS;
  const before = threadCpuMs();
  const t0 = performance.now();
  await connection.run(`COPY (SELECT * FROM hop()) TO '${path.join(dir, 'hop.parquet')}' (FORMAT parquet)`);
  const after = threadCpuMs();
  runs.push({ wall_ms: Math.round(performance.now() - t0), js_thread_cpu_ms: after.js - before.js, other_threads_cpu_ms: after.others - before.others });
}
connection.closeSync();
instance.closeSync();
fs.rmSync(dir, { recursive: true, force: true });
console.log(JSON.stringify({ calls: CALLS, js_ms_per_call: MS, duckdb_threads: Number(args.threads), runs, load_average_1m: +os.loadavg()[0]!.toFixed(1) }, null, 2));
