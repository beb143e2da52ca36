// Secrets: the token never leaves over plain HTTP to a non-loopback host, a redirect never
// carries it to another host, and it never shows up in output, summaries, state or outputs.
// (Every other file of this suite also scans its own runs' output and files for the token.)
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { type Simulator, startSimulator } from '@pipe/hubspot-sim';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type FaultProxy, startProxy } from './support/proxy.ts';
import { timeout } from './support/scale.ts';
import { TOKEN, Transcript, filesContainingToken } from './support/token.ts';
import { workdir } from './support/workdir.ts';

const transcript = new Transcript();
let sim: Simulator;
let front: FaultProxy;
let elsewhere: FaultProxy;
const dirs: string[] = [];

beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 9, counts: { contacts: 120, deals: 30 }, customProperties: 2, rateLimits: false });
  front = await startProxy(sim.url);
  elsewhere = await startProxy(sim.url, '127.0.0.2'); // another host (all of 127/8 is loopback on Linux)
});

afterAll(async () => {
  await front?.close();
  await elsewhere?.close();
  await sim?.close();
  for (const d of dirs) expect(filesContainingToken(d), 'files holding the token').toEqual([]);
  expect(transcript.leaks(), 'outputs printing the token').toBe(0);
});

const nonLoopbackAddress = () =>
  Object.values(os.networkInterfaces())
    .flat()
    .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;

it(
  'plain http to a non-loopback address is refused before any request carries the token',
  async () => {
    const seen: (string | undefined)[] = [];
    const server = http.createServer((req, res) => {
      seen.push(req.headers.authorization);
      res.end('{}');
    });
    await new Promise<void>((r) => server.listen(0, '0.0.0.0', r));
    const address = nonLoopbackAddress() ?? '192.0.2.1'; // TEST-NET-1 when the machine has no other address
    const work = workdir('hubspot-warehouse.yml', `http://${address}:${(server.address() as AddressInfo).port}`, transcript);
    dirs.push(work.dir);
    const r = await work.run(['run']);
    server.close();
    expect(r.code, r.stdout + r.stderr).toBe(2);
    expect(r.stderr).toMatch(/https/i);
    expect(seen.filter((a) => a?.includes(TOKEN))).toEqual([]);
  },
  timeout(60_000, 120_000),
);

it(
  'a redirect to another host never carries the token there',
  async () => {
    front.intercept = (r) =>
      r.url.startsWith('/crm/v3/objects/contacts?') ? { status: 302, headers: { location: `${elsewhere.url}${r.url}`, 'content-type': 'application/json' }, body: '{}' } : undefined;
    const work = workdir('hubspot-few-retries.yml', front.url, transcript);
    dirs.push(work.dir);
    const r = await work.run(['run', '--summary-json', 'summary.json']);
    front.intercept = () => undefined;
    expect(front.seen.some((s) => s.url.startsWith('/crm/v3/objects/contacts?')), 'the redirect was never served').toBe(true);
    expect(elsewhere.seen.filter((s) => s.authorization?.includes(TOKEN))).toEqual([]);
    expect(r.stderr).not.toMatch(/\n\s+at \S/);
    expect(fs.existsSync(path.join(work.dir, 'summary.json'))).toBe(true);
  },
  timeout(60_000, 120_000),
);

it(
  'a rejected token (401) is not echoed in the message, the summary or the state',
  async () => {
    const work = workdir('hubspot-warehouse.yml', sim.url, transcript);
    dirs.push(work.dir);
    const wrong = 'pat-na1-fake-rejected-1111-111111111111';
    const r = await work.run(['run', '--json', '--summary-json', 'summary.json'], { HUBSPOT_TOKEN: wrong });
    const out = r.stdout + r.stderr;
    expect(r.code, out).not.toBe(0);
    expect(out).toMatch(/401|token/i);
    expect(out).not.toContain(wrong);
    expect(filesContainingToken(work.dir, wrong)).toEqual([]);
  },
  timeout(60_000, 120_000),
);
