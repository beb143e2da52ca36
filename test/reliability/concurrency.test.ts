// Concurrency: two runs of the same pipeline at once. The second is refused with a clear
// message naming the lock holder and writes nothing; the first finishes; nothing is corrupt.
import fs from 'node:fs';
import path from 'node:path';
import { type Simulator, startSimulator } from '@pipe/hubspot-sim';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type FaultProxy, startProxy } from './support/proxy.ts';
import { waitUntil } from './support/random.ts';
import { scale, timeout } from './support/scale.ts';
import { Transcript, filesContainingToken } from './support/token.ts';
import { verifyOutputs } from './support/verify.ts';
import { type Workdir, workdir } from './support/workdir.ts';

const transcript = new Transcript();
let sim: Simulator;
let work: Workdir;
let proxy: FaultProxy;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 23, counts: { contacts: scale.records, deals: 50 }, customProperties: 4, rateLimits: false });
  proxy = await startProxy(sim.url);
  work = workdir('hubspot-warehouse.yml', proxy.url, transcript);
});

afterAll(async () => {
  await proxy?.close();
  await sim?.close();
  expect(filesContainingToken(work.dir), 'files holding the token').toEqual([]);
  expect(transcript.leaks(), 'outputs printing the token').toBe(0);
  work.remove();
});

it(
  'a second run of the same pipeline while the first runs exits 1 naming the lock; the first ends exact',
  async () => {
    // the first run is held mid-flight (its requests wait at the proxy) while the second starts
    let release = () => {};
    proxy.gate = new Promise((r) => (release = r));
    const first = work.start(['run']);
    const lock = path.join(work.dir, '.pipe/reliability.lock');
    expect(await waitUntil(() => fs.existsSync(lock), 60_000, 'the run lock'), 'the first run never took its lock').toBe(true);
    const second = await work.run(['run']);
    proxy.gate = undefined;
    release();
    expect(second.code, second.stdout + second.stderr).toBe(1);
    expect(second.stderr).toMatch(/already running \(process \d+ holds .*reliability\.lock\)/);
    expect(second.stderr).not.toMatch(/\n\s+at /);
    const r1 = await first.done;
    expect(r1.code, r1.stdout + r1.stderr).toBe(0);
    expect(fs.existsSync(lock), 'the lock outlived its run').toBe(false);
    const v = await verifyOutputs(sim, work.dir, { duckdbSchema: 'reliability', parquet: true }, ['contacts', 'deals']);
    expect(v.exact, v.report).toBe(true);
  },
  timeout(90_000, 180_000),
);

it(
  'a stale lock left by a killed run does not block the next run',
  async () => {
    fs.mkdirSync(path.join(work.dir, '.pipe'), { recursive: true });
    // a pid that cannot be alive: the lock of a run that was killed -9
    fs.writeFileSync(path.join(work.dir, '.pipe/reliability.lock'), '2147483646');
    const r = await work.run(['run']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
  },
  timeout(60_000, 120_000),
);
