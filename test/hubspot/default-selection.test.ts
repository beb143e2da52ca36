// A pipeline without `streams:` (the default selection) runs green on a portal that lacks an
// object type and a property: what it cannot serve is skipped with a warning, the rest is read.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Simulator, startSimulator } from '@pipe/hubspot-sim';
import { readMemorySinkFile } from '@pipe/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type SimProxy, noObjectType, startProxy } from '../../packages/source-hubspot/test/proxy.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = path.join(ROOT, 'packages/cli/bin/pipe.js');

let sim: Simulator;
let proxy: SimProxy;
let dir: string;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 43, counts: { contacts: 40, companies: 8, deals: 10 }, rateLimits: false, customProperties: 2 });
  proxy = await startProxy(sim.url, {
    answer: (_m, url) => (/\/(properties|objects)\/quotes(\/|\?|$)/.test(url) ? noObjectType('quotes') : undefined),
    rewrite: (_m, url, status, body) => {
      if (status !== 200 || !/\/properties\/companies(\?|$)/.test(url)) return undefined;
      const data = JSON.parse(body) as { results: { name: string }[] };
      return JSON.stringify({ ...data, results: data.results.filter((p) => p.name !== 'hs_merged_object_ids') });
    },
  });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pipe-hubspot-default-'));
  fs.writeFileSync(
    path.join(dir, 'pipeline.yml'),
    ['version: 1', 'name: hubspot_default', 'source:', '  hubspot:', '    token: ${HUBSPOT_TOKEN}', 'sinks:', '  - memory: { path: "${OUT_FILE}" }', ''].join('\n'),
  );
});

afterAll(async () => {
  await proxy.close();
  await sim.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function pipe(args: string[]): Promise<{ code: number | null; out: string }> {
  const env = { ...process.env, CI: 'true', HUBSPOT_TOKEN: sim.token, HUBSPOT_BASE_URL: proxy.url, OUT_FILE: path.join(dir, 'out.json') };
  const child = spawn(process.execPath, [BIN, ...args], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, out })));
}

it('runs every default stream, skipping what the portal cannot serve with a warning', async () => {
  const r = await pipe(['run', 'pipeline.yml', '--summary-json', 'summary.json']);
  expect(r.code, r.out).toBe(0);
  expect(r.out).toMatch(/skipping stream quotes \(in the default selection\): .*Unable to infer object type from: quotes/);
  expect(r.out).toMatch(/merged_ids: skipping companies, .*no hs_merged_object_ids property on companies/);
  const summary = JSON.parse(fs.readFileSync(path.join(dir, 'summary.json'), 'utf8')) as { streams: { name: string; status: string }[] };
  expect(summary.streams.map((s) => s.name)).not.toContain('property_history');
  expect(summary.streams.every((s) => s.status === 'succeeded')).toBe(true);
  const tables = readMemorySinkFile(path.join(dir, 'out.json')).tables;
  expect(tables.contacts?.rows.filter((r) => r.archived === false)).toHaveLength(sim.control.truth('contacts').length);
}, 120_000);
