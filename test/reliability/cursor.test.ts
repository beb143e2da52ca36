// Change under the cursor: records are created, updated, archived, merged and GDPR-deleted while
// an incremental run pages through search; many records share one last-modified millisecond
// (over 10,000 in the full set: search's result cap); search lags behind writes. The next
// incremental run must converge to exact equality with the truth.
import { type Simulator, startSimulator } from '@pipe/hubspot-sim';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { between, seeded } from './support/random.ts';
import { FULL, scale, timeout } from './support/scale.ts';
import { Transcript, filesContainingToken } from './support/token.ts';
import { verifyOutputs } from './support/verify.ts';
import { type Workdir, workdir } from './support/workdir.ts';

const STREAMS = ['contacts', 'deals'];
const outputs = { duckdbSchema: 'reliability', parquet: true };
const transcript = new Transcript();
const contacts = Math.max(scale.records, scale.tieRecords + 500);
let sim: Simulator;
let work: Workdir;
const cursorFacts = { ties: 0, changesDuringRun: 0, contacts };

beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 31, counts: { contacts, deals: Math.ceil(scale.records / 3) }, customProperties: 6, rateLimits: false, latencyMs: FULL ? 2 : 15 });
  work = workdir('hubspot-warehouse.yml', sim.url, transcript);
});

afterAll(async () => {
  await sim?.close();
  expect(filesContainingToken(work.dir), 'files holding the token').toEqual([]);
  expect(transcript.leaks(), 'outputs printing the token').toBe(0);
  work.remove();
});

/** One seeded random write: create, update, archive, merge or (contacts) GDPR delete. */
function randomChange(rand: () => number): void {
  const type = rand() < 0.7 ? 'contacts' : 'deals';
  const live = sim.control.truth(type).map((r) => r.id);
  const pick = () => live[between(rand, 0, live.length - 1)]!;
  const op = between(rand, 0, 4);
  if (op === 0) sim.control.create(type, type === 'contacts' ? { email: `cursor${cursorFacts.changesDuringRun}@example.com` } : { dealname: `Cursor ${cursorFacts.changesDuringRun}` });
  else if (op === 1) sim.control.update(type, pick(), type === 'contacts' ? { firstname: `Moved ${cursorFacts.changesDuringRun}` } : { dealname: `Moved ${cursorFacts.changesDuringRun}` });
  else if (op === 2) sim.control.archive(type, pick());
  else if (op === 3) {
    const a = pick();
    const b = pick();
    if (a !== b) sim.control.merge(type, a, b);
  } else if (type === 'contacts') sim.control.gdprDelete(type, pick());
  cursorFacts.changesDuringRun++;
}

it(
  'full sync, then ties + search lag + writes during the incremental run; the next run is exact',
  async () => {
    const first = await work.run(['run']);
    expect(first.code, first.stdout + first.stderr).toBe(0);

    sim.control.advanceClock(600_000);
    // every tied record gets one identical last-modified millisecond
    cursorFacts.ties = FULL ? scale.tieRecords : Math.min(contacts, 450);
    sim.control.touchMany('contacts', { count: cursorFacts.ties });
    sim.control.advanceClock(1_000);
    sim.control.setSearchLag(60_000); // a minute: within the default 5-minute lookback

    const rand = seeded(99);
    const run = work.start(['run']);
    let running = true;
    run.done.then(() => (running = false));
    while (running) {
      await new Promise((r) => setTimeout(r, between(rand, 20, 120)));
      if (running) randomChange(rand);
    }
    const second = await run.done;
    expect(second.code, second.stdout + second.stderr).toBe(0);
    expect(cursorFacts.changesDuringRun).toBeGreaterThan(3);

    sim.control.advanceClock(120_000); // search has caught up with every write
    const third = await work.run(['run']);
    expect(third.code, third.stdout + third.stderr).toBe(0);
    const v = await verifyOutputs(sim, work.dir, outputs, STREAMS);
    expect(v.exact, v.report).toBe(true);
  },
  timeout(120_000, 900_000),
);
