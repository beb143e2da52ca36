// Lists, memberships, forms and submissions through the real CLI into DuckDB (merge) and Parquet,
// twice: after members join and leave, a list is deleted and a form gets a submission, the
// current rows in both sinks (DuckDB rows with archived = false, Parquet's latest-state view)
// equal the simulator's truth: the leavers' tombstones land as merges on the key.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Simulator, startSimulator } from '@pipe/hubspot-sim';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { duckdbRows, parquetLatestRows } from '../reliability/support/outputs.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = path.join(ROOT, 'packages/cli/bin/pipe.js');

let sim: Simulator;
let dir: string;

function pipe(args: string[]): Promise<{ code: number | null; out: string }> {
  const env = { ...process.env, CI: 'true', HUBSPOT_TOKEN: sim.token, HUBSPOT_BASE_URL: sim.url };
  const child = spawn(process.execPath, [BIN, ...args], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, out })));
}

beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 47, counts: { contacts: 300, companies: 20, deals: 20 }, rateLimits: false, customProperties: 0 });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pipe-hubspot-lists-'));
  fs.writeFileSync(
    path.join(dir, 'pipeline.yml'),
    [
      'version: 1',
      'name: lists_forms',
      'source:',
      '  hubspot:',
      '    token: ${HUBSPOT_TOKEN}',
      '    tier: unlimited',
      '    streams: [lists, list_memberships, forms, form_submissions]',
      'sinks:',
      '  - duckdb: { path: warehouse.duckdb }',
      '  - parquet: { dir: dataset }',
      '',
    ].join('\n'),
  );
});

afterAll(async () => {
  await sim.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const memberKeys = () =>
  sim.control
    .listsTruth()
    .flatMap((l) => Object.keys(l.members).map((id) => `${l.listId}:${id}`))
    .sort();
const submissionKeys = () =>
  sim.control
    .formsTruth()
    .filter((f) => f.formType !== 'blog_comment')
    .flatMap((f) => f.submissions.map((s) => `${f.id}:${s.conversionId}`))
    .sort();

async function expectExact(): Promise<void> {
  const db = path.join(dir, 'warehouse.duckdb');
  const current = (rows: Record<string, unknown>[]) => rows.filter((r) => r.archived === false);
  const members = current(await duckdbRows(db, 'lists_forms', 'list_memberships')).map((r) => `${r.list_id}:${r.record_id}`).sort();
  expect(members).toEqual(memberKeys());
  expect((await parquetLatestRows(path.join(dir, 'dataset'), 'list_memberships')).map((r) => `${r.list_id}:${r.record_id}`).sort()).toEqual(memberKeys());
  const lists = current(await duckdbRows(db, 'lists_forms', 'lists')).map((r) => `${r.list_id} ${r.size}`).sort();
  expect(lists).toEqual(sim.control.listsTruth().map((l) => `${l.listId} ${l.size}`).sort());
  expect((await duckdbRows(db, 'lists_forms', 'form_submissions')).map((r) => `${r.form_id}:${r.conversion_id}`).sort()).toEqual(submissionKeys());
  expect((await duckdbRows(db, 'lists_forms', 'forms')).length).toBe(sim.control.formsTruth().length);
}

it('two runs into DuckDB and Parquet hold exactly the current lists, memberships, forms and submissions', async () => {
  const first = await pipe(['run', 'pipeline.yml']);
  expect(first.code, first.out).toBe(0);
  await expectExact();

  const lists = sim.control.listsTruth().filter((l) => l.objectTypeId === '0-1' && l.size > 1);
  const [changed, deleted] = lists;
  const joiner = sim.control.truth('contacts').find((c) => !(c.id in changed!.members))!.id;
  sim.control.advanceClock(60_000);
  sim.control.listAdd(changed!.listId, [joiner]);
  sim.control.listRemove(changed!.listId, Object.keys(changed!.members).slice(0, 2));
  sim.control.listDelete(deleted!.listId);
  sim.control.formSubmit(sim.control.formsTruth()[0]!.id, { email: 'second-run@example.com' });

  const second = await pipe(['run', 'pipeline.yml']);
  expect(second.code, second.out).toBe(0);
  await expectExact();
}, 120_000);
