// Faults: 2 % 5xx (HTML, then empty bodies), 1 % resets mid-body, 423s, 429 storms, request
// timeouts and the DAILY limit hit mid-run. A full and then an incremental sync must still end
// with every table equal to the simulator's truth: 0 lost, 0 duplicated, every value equal.
import { type Simulator, startSimulator } from '@pipe/hubspot-sim';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { scale, timeout } from './support/scale.ts';
import { Transcript, filesContainingToken } from './support/token.ts';
import { mutate } from './support/mutate.ts';
import { verifyOutputs } from './support/verify.ts';
import { type Workdir, workdir } from './support/workdir.ts';

const STREAMS = ['contacts', 'deals'];
const transcript = new Transcript();
let sim: Simulator;
let work: Workdir;

beforeAll(async () => {
  sim = await startSimulator({
    port: 0,
    seed: 13,
    counts: { contacts: scale.records, deals: Math.ceil(scale.records / 3) },
    customProperties: 10,
    tier: 'professional',
    // jittered latency, so that some responses outlast request_timeout_ms (3 s) and are retried
    latencyMs: { median: 2, jitter: 4 },
    faults: { rate5xx: 0.02, htmlBodies: true, resetRate: 0.01, rate423: 0.005, burst429: 0.01, burst429Length: 4, seed: 7 },
  });
  work = workdir('hubspot-warehouse.yml', sim.url, transcript);
});

afterAll(async () => {
  await sim?.close();
  expect(filesContainingToken(work.dir), 'files holding the token').toEqual([]);
  expect(transcript.leaks(), 'outputs printing the token').toBe(0);
  work.remove();
});

const outputs = { duckdbSchema: 'reliability', parquet: true };

it(
  'full sync under 5xx (HTML bodies), resets, 423 and 429 storms equals the truth',
  async () => {
    const r = await work.run(['run']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const v = await verifyOutputs(sim, work.dir, outputs, STREAMS);
    expect(v.exact, v.report).toBe(true);
    expect(sim.control.stats().requests).toBeGreaterThan(10);
  },
  timeout(90_000),
);

it(
  'incremental sync under empty-bodied 5xx after creates, updates, archives, merges, GDPR deletes equals the truth',
  async () => {
    sim.control.setFaults({ rate5xx: 0.02, htmlBodies: false, resetRate: 0.01, burst429: 0.01, seed: 8 });
    sim.control.advanceClock(120_000);
    mutate(sim, 'contacts', 11);
    mutate(sim, 'deals', 5);
    sim.control.advanceClock(1_000);
    const r = await work.run(['run']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const v = await verifyOutputs(sim, work.dir, outputs, STREAMS);
    expect(v.exact, v.report).toBe(true);
  },
  timeout(90_000),
);

