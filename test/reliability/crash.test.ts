// Crashes: `pipe run` is killed with SIGKILL at seeded points — while fetching, while a sink
// writes, right after a commit — into DuckDB and into Parquet. After each kill a plain rerun
// must finish, every table must equal the simulator's truth, and nothing may be half-written.
import fs from 'node:fs';
import path from 'node:path';
import { type Simulator, startSimulator } from '@pipe/hubspot-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mutate } from './support/mutate.ts';
import { halfWrittenFiles } from './support/outputs.ts';
import { between, seeded, waitUntil } from './support/random.ts';
import { scale, timeout } from './support/scale.ts';
import { Transcript, filesContainingToken } from './support/token.ts';
import { verifyOutputs } from './support/verify.ts';
import { type Workdir, workdir } from './support/workdir.ts';

type Phase = 'fetch' | 'write' | 'commit';
const PHASES: Phase[] = ['fetch', 'write', 'commit'];
const STREAMS = ['contacts', 'deals'];

const SINKS = [
  { name: 'duckdb', fixture: 'hubspot-duckdb.yml', outputs: { duckdbSchema: 'crash_duckdb' } },
  { name: 'parquet', fixture: 'hubspot-parquet.yml', outputs: { parquet: true } },
] as const;

/** What the sink's files look like right now, to spot a write or a commit in progress. */
function sinkSignature(dir: string, sink: 'duckdb' | 'parquet'): string {
  const stat = (p: string) => (fs.existsSync(p) ? `${fs.statSync(p).size}:${fs.statSync(p).mtimeMs}` : '-');
  if (sink === 'duckdb') return `${stat(path.join(dir, 'warehouse.duckdb'))}|${stat(path.join(dir, 'warehouse.duckdb.wal'))}`;
  return stat(path.join(dir, 'dataset/_pipe/manifest.json'));
}
const parquetFiles = (dir: string) =>
  ['contacts', 'deals'].flatMap((s) => (fs.existsSync(path.join(dir, 'dataset', s)) ? fs.readdirSync(path.join(dir, 'dataset', s)) : []));

interface TrialResult {
  sink: string;
  phase: Phase;
  killedAfterMs: number;
  killed: boolean;
  exact: boolean;
  rows: number;
}
const trialResults: TrialResult[] = [];

for (const sink of SINKS) {
  describe(`kill -9 into ${sink.name}`, () => {
    const transcript = new Transcript();
    let sim: Simulator;
    let work: Workdir;
    beforeAll(async () => {
      sim = await startSimulator({ port: 0, seed: 21, counts: { contacts: scale.crashRecords, deals: Math.ceil(scale.crashRecords / 4) }, customProperties: 8, rateLimits: false, latencyMs: 3 });
      work = workdir(sink.fixture, sim.url, transcript);
    });
    afterAll(async () => {
      await sim?.close();
      expect(filesContainingToken(work.dir), 'files holding the token').toEqual([]);
      expect(transcript.leaks(), 'outputs printing the token').toBe(0);
      work.remove();
    });

    const rand = seeded(sink.name === 'duckdb' ? 1001 : 2002);
    const trials = Math.max(scale.crashTrialsPerSink, 1);
    for (let t = 0; t < trials; t++) {
      const phase = PHASES[(t + (sink.name === 'parquet' ? 1 : 0)) % PHASES.length]!;
      it(
        `trial ${t + 1}: killed during ${phase}, a plain rerun reaches exact equality`,
        async () => {
          if (t > 0) {
            // give the next (incremental) run real work: many changed records plus the usual churn
            sim.control.advanceClock(600_000);
            sim.control.touchMany('contacts', { count: Math.floor(scale.crashRecords / 2) });
            mutate(sim, 'contacts', 5);
            mutate(sim, 'deals', 3);
            sim.control.advanceClock(1_000);
          }
          const requestsBefore = sim.control.stats().requests;
          const before = sinkSignature(work.dir, sink.name);
          const filesBefore = parquetFiles(work.dir).length;
          const started = Date.now();
          const run = work.start(['run']);
          let exited = false;
          run.done.then(() => (exited = true));
          const fetchCalls = between(rand, 2, 12);
          const trigger =
            phase === 'fetch'
              ? () => sim.control.stats().requests - requestsBefore >= fetchCalls
              : phase === 'write'
                ? () => (sink.name === 'parquet' ? parquetFiles(work.dir).length > filesBefore : fs.existsSync(path.join(work.dir, 'warehouse.duckdb.wal')))
                : () => sinkSignature(work.dir, sink.name) !== before;
          await waitUntil(() => exited || trigger(), 120_000, phase);
          await new Promise((r) => setTimeout(r, between(rand, 0, phase === 'fetch' ? 300 : 40)));
          const killed = !exited && run.child.kill('SIGKILL');
          const first = await run.done;
          const killedAfterMs = Date.now() - started;
          if (!killed) expect(first.code, first.stdout + first.stderr).toBe(0);

          const rerun = await work.run(['run']);
          expect(rerun.code, rerun.stdout + rerun.stderr).toBe(0);
          expect(rerun.stderr).not.toMatch(/\n\s+at /);
          const v = await verifyOutputs(sim, work.dir, sink.outputs, STREAMS);
          trialResults.push({ sink: sink.name, phase, killedAfterMs, killed, exact: v.exact, rows: v.rows });
          expect(v.exact, v.report).toBe(true);
          expect(halfWrittenFiles(work.dir), 'half-written files left behind').toEqual([]);
        },
        timeout(120_000, 300_000),
      );
    }
  });
}

afterAll(() => {
  if (process.env.PIPE_RELIABILITY_REPORT) fs.appendFileSync(process.env.PIPE_RELIABILITY_REPORT, `${JSON.stringify({ crash: trialResults })}\n`);
});
