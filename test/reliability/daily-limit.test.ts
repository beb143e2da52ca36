// The DAILY limit hit mid-run: the run stops cleanly with what it read committed and a message
// that says when the limit resets; runs on the following (simulated) days continue where it
// stopped and end with every table equal to the truth.
import { type Simulator, startSimulator } from '@pipe/hubspot-sim';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { scale, timeout } from './support/scale.ts';
import { Transcript, filesContainingToken } from './support/token.ts';
import { verifyOutputs } from './support/verify.ts';
import { type Workdir, workdir } from './support/workdir.ts';

const transcript = new Transcript();
let sim: Simulator;
let work: Workdir;
const dailyRuns: { code: number | null; requests: number }[] = [];

beforeAll(async () => {
  const contacts = scale.records * 5;
  // Every run spends 3 calls on metadata (the property lists of contacts and deals, the daily
  // usage: only what is selected) before reading data; a full sync then needs ~1.33 × contacts /
  // 100 + 3 more (contacts and deals, live and archived lists), an incremental one ~4. A day's
  // budget covers ~60 % of the full sync, so the limit is hit mid-stream and the next day resumes
  // and finishes.
  const dailyLimit = 3 + Math.ceil((0.6 * (contacts * 4)) / 3 / 100) + 4;
  sim = await startSimulator({ port: 0, seed: 17, counts: { contacts, deals: Math.ceil(contacts / 3) }, customProperties: 2, dailyLimit });
  work = workdir('hubspot-daily.yml', sim.url, transcript);
});

afterAll(async () => {
  await sim?.close();
  expect(filesContainingToken(work.dir), 'files holding the token').toEqual([]);
  expect(transcript.leaks(), 'outputs printing the token').toBe(0);
  work.remove();
});

it(
  'DAILY 429 mid-run: clean stop, clear message, next day resumes, ends exact',
  async () => {
    let last = -1;
    for (let day = 0; day < 30 && last !== 0; day++) {
      const before = sim.control.stats().requests;
      const r = await work.run(['run']);
      dailyRuns.push({ code: r.code, requests: sim.control.stats().requests - before });
      last = r.code ?? -1;
      if (r.code !== 0) {
        expect(r.code, r.stdout + r.stderr).toBe(1);
        expect(r.stdout + r.stderr).toMatch(/daily/i);
        expect(r.stderr).not.toMatch(/\n\s+at /);
        sim.control.advanceClock(86_400_000); // the next day: the budget resets
      }
    }
    expect(last).toBe(0);
    expect(dailyRuns.length, 'the limit was never hit').toBeGreaterThan(1);
    sim.control.advanceClock(86_400_000); // the comparison reads the property list through the API too
    const v = await verifyOutputs(sim, work.dir, { duckdbSchema: 'reliability', parquet: true }, ['contacts', 'deals']);
    expect(v.exact, v.report).toBe(true);
  },
  timeout(150_000, 900_000),
);
