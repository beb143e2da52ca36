// Reverse ETL end to end through the real CLI: a DuckDB lead-score query → HubSpot contacts in
// the simulator, run three times (first load, nothing new, one changed row), plus a dry run.
// The plugins are the CLI's built-ins `duckdb` (source) and `hubspot` (sink).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import type { Simulator } from '@pipe/hubspot-sim';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { contactsByEmail, startSim } from './support/harness.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../../..');
const BIN = path.join(ROOT, 'packages/cli/bin/pipe.js');

let sim: Simulator;
let dir: string;
const printed: string[] = [];

function pipe(args: string[]): Promise<{ code: number | null; out: string }> {
  const env = { ...process.env, CI: 'true', HUBSPOT_TOKEN: sim.token, HUBSPOT_BASE_URL: sim.url };
  const child = spawn(process.execPath, [BIN, ...args], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  return new Promise((resolve) =>
    child.on('close', (code) => {
      printed.push(out);
      resolve({ code, out });
    }),
  );
}

async function sql(statements: string[]): Promise<void> {
  const db = await DuckDBInstance.create(path.join(dir, 'scores.duckdb'));
  const c = await db.connect();
  for (const s of statements) await c.run(s);
  c.closeSync();
  db.closeSync();
}

function pipeline(extraSink: string[] = []): string {
  return [
    'version: 1',
    'name: lead_score_e2e',
    'source:',
    '  duckdb:',
    '    path: scores.duckdb',
    '    queries:',
    '      lead_scores:',
    '        sql: SELECT email, score, CASE WHEN score >= 50 THEN \'A\' ELSE \'C\' END AS grade, updated_at FROM leads',
    '        primary_key: [email]',
    '        cursor: updated_at',
    'sinks:',
    '  - hubspot:',
    '      token: ${HUBSPOT_TOKEN}',
    '      retry_base_ms: 20',
    '      object: contacts',
    '      id_property: email',
    '      mapping: { score: pipe_lead_score, grade: lead_grade, updated_at: last_scored_at }',
    '      rejects: rejects.jsonl',
    ...extraSink.map((l) => `      ${l}`),
    '',
  ].join('\n');
}

let existing: string[];

beforeAll(async () => {
  sim = await startSim();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pipe-reverse-etl-'));
  existing = sim.control
    .truth('contacts')
    .map((r) => r.properties.email)
    .filter((e): e is string => !!e)
    .slice(0, 10);
  const values = [
    ...existing.map((e, i) => `('${e}', ${i * 10}, TIMESTAMPTZ '2026-05-01 00:00:00+00' + to_minutes(${i}))`),
    ...Array.from({ length: 19 }, (_, i) => `('scored${i}@example.com', ${i * 5}, TIMESTAMPTZ '2026-05-01 00:00:00+00' + to_minutes(${i}))`),
    `(NULL, 1, TIMESTAMPTZ '2026-05-01 00:00:00+00')`,
  ];
  await sql([`CREATE TABLE leads (email VARCHAR, score DOUBLE, updated_at TIMESTAMPTZ)`, `INSERT INTO leads VALUES ${values.join(', ')}`]);
  fs.writeFileSync(path.join(dir, 'pipeline.yml'), pipeline());
  fs.writeFileSync(path.join(dir, 'dry.yml'), pipeline(['dry_run: true']).replace('name: lead_score_e2e', 'name: lead_score_dry'));
});

afterAll(async () => {
  await sim.close();
  // The token must never show up in anything pipe printed or stored.
  const stored = fs.readdirSync(dir, { recursive: true }).map((f) => path.join(dir, String(f))).filter((f) => fs.statSync(f).isFile() && !f.endsWith('.duckdb'));
  for (const text of [...printed, ...stored.map((f) => fs.readFileSync(f, 'utf8'))]) expect(text).not.toContain(sim.token);
  fs.rmSync(dir, { recursive: true, force: true });
});

it('dry run first: counts and a diff, nothing written', async () => {
  const before = JSON.stringify(sim.control.truth('contacts'));
  const r = await pipe(['run', 'dry.yml', '--summary-json', 'dry-summary.json']);
  expect(r.code, r.out).toBe(0);
  expect(JSON.stringify(sim.control.truth('contacts'))).toBe(before);
  const summary = JSON.parse(fs.readFileSync(path.join(dir, 'dry-summary.json'), 'utf8'));
  const m = summary.streams.find((s: { name: string }) => s.name === 'lead_scores').metrics;
  expect(m).toMatchObject({ would_create: 19, would_update: 10, would_reject: 1 });
  expect(r.out).toMatch(/would update contacts email=.* \(id \d+\): pipe_lead_score/);
});

it('loads the scores, then reads and writes only what changed', async () => {
  const before = sim.control.truth('contacts').length;
  const first = await pipe(['run', 'pipeline.yml', '--summary-json', 'run1.json']);
  // one record has no key: it is rejected, and the exit status says so
  expect(first.code, first.out).toBe(1);
  expect(first.out).toContain('1 record(s) were rejected by a destination');
  const contacts = contactsByEmail(sim);
  expect(sim.control.truth('contacts')).toHaveLength(before + 19);
  expect(contacts.get(existing[7]!.toLowerCase())).toMatchObject({ pipe_lead_score: '70', lead_grade: 'A', last_scored_at: '2026-05-01T00:07:00.000Z' });
  expect(contacts.get('scored3@example.com')).toMatchObject({ pipe_lead_score: '15', lead_grade: 'C' });
  const m1 = JSON.parse(fs.readFileSync(path.join(dir, 'run1.json'), 'utf8')).streams.find((s: { name: string }) => s.name === 'lead_scores').metrics;
  expect(m1).toMatchObject({ created_records: 19, updated_records: 10, rejected_records: 1 });
  const rejects = fs.readFileSync(path.join(dir, 'rejects.jsonl'), 'utf8').trim().split('\n');
  expect(rejects).toHaveLength(1);
  expect(JSON.parse(rejects[0]!)).toMatchObject({ stream: 'lead_scores', category: 'MISSING_KEY', key: null });

  // Nothing changed in DuckDB: the incremental read finds no rows, nothing is written.
  sim.control.resetStats();
  const second = await pipe(['run', 'pipeline.yml']);
  expect(second.code, second.out).toBe(0);
  expect(sim.control.stats().byRoute['objects.batch.upsert'] ?? 0).toBeLessThanOrEqual(1); // at most the empty write-scope probe

  // One score changes: only that row goes to HubSpot.
  await sql([`UPDATE leads SET score = 99, updated_at = TIMESTAMPTZ '2026-06-01 00:00:00+00' WHERE email = 'scored4@example.com'`]);
  const third = await pipe(['run', 'pipeline.yml', '--summary-json', 'run3.json']);
  expect(third.code, third.out).toBe(0);
  expect(contactsByEmail(sim).get('scored4@example.com')).toMatchObject({ pipe_lead_score: '99', lead_grade: 'A' });
  const m3 = JSON.parse(fs.readFileSync(path.join(dir, 'run3.json'), 'utf8')).streams.find((s: { name: string }) => s.name === 'lead_scores').metrics;
  expect(m3).toMatchObject({ updated_records: 1 });
  expect(m3.created_records ?? 0).toBe(0);
  expect(sim.control.truth('contacts')).toHaveLength(before + 19);
});
