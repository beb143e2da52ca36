// The HubSpot source end to end through the real CLI (`pipe check`, `pipe run`, twice) into the
// memory sink's file, compared with the simulator's ground truth; every byte the runs printed
// or stored is searched for the token.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Simulator, startSimulator } from '@pipe/hubspot-sim';
import { readMemorySinkFile } from '@pipe/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = path.join(ROOT, 'packages/cli/bin/pipe.js');

let sim: Simulator;
let dir: string;
const printed: string[] = [];

function pipe(args: string[]): Promise<{ code: number | null; out: string }> {
  const env = { ...process.env, CI: 'true', HUBSPOT_TOKEN: sim.token, HUBSPOT_BASE_URL: sim.url, OUT_FILE: path.join(dir, 'out.json') };
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

beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 41, counts: { contacts: 350, deals: 120 }, tier: 'professional', customProperties: 6, faults: { rate5xx: 0.03, resetRate: 0.02 } });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pipe-hubspot-'));
  fs.writeFileSync(
    path.join(dir, 'pipeline.yml'),
    [
      'version: 1',
      'name: hubspot_e2e',
      'source:',
      '  hubspot:',
      '    token: ${HUBSPOT_TOKEN}',
      '    retry_base_ms: 50',
      '    streams:',
      '      contacts: {}',
      '      deals: {}',
      '      properties: {}',
      '      merged_ids: {}',
      '      owners: {}',
      '      pipeline_stages: {}',
      '      deals_to_contacts: {}',
      '      cars: {}',
      '      email_events: {}',
      "      analytics: { start_date: '2026-05-01', end_date: '2026-05-07' }",
      'sinks:',
      '  - memory: { path: "${OUT_FILE}" }',
      '',
    ].join('\n'),
  );
});

afterAll(async () => {
  await sim.close();
  const stored = fs.existsSync(path.join(dir, 'out.json')) ? fs.readFileSync(path.join(dir, 'out.json'), 'utf8') : '';
  const all = printed.join('\n') + stored;
  expect(all.length).toBeGreaterThan(1000);
  expect(all.includes(sim.token), 'the token leaked into output or state').toBe(false);
  fs.rmSync(dir, { recursive: true, force: true });
});

const table = (stream: string) => readMemorySinkFile(path.join(dir, 'out.json')).tables[stream]?.rows ?? [];
const liveIds = (stream: string) =>
  table(stream)
    .filter((r) => r.archived === false)
    .map((r) => String(r.id))
    .sort();
const truthIds = (type: string) =>
  sim.control
    .truth(type)
    .map((r) => r.id)
    .sort();

it('pipe check shows the account, the daily usage and each stream’s scope', async () => {
  const r = await pipe(['check', 'pipeline.yml']);
  expect(r.out).toMatch(/portal \d+, time zone Europe\/Berlin/);
  expect(r.out).toMatch(/daily API calls: [\d,]+ of [\d,]+ left/);
  expect(r.out).toMatch(/stream contacts: scope granted/);
  expect(r.out).toMatch(/stream deals_to_contacts: scope granted/);
  expect(r.out).toMatch(/stream analytics: scope granted \(business-intelligence\)/);
  expect(r.code).toBe(0);
});

it('pipe check --scopes says what a pasted scope list leaves out and which names are not HubSpot’s', async () => {
  const r = await pipe(['check', 'pipeline.yml', '--scopes', 'crm.objects.contacts.read, marketing.emails.read']);
  expect(r.out).toMatch(/scopes to grant: crm\.objects\.contacts\.read \[CRM\], crm\.objects\.deals\.read \[CRM\]/);
  expect(r.out).toMatch(/✗ scope marketing\.emails\.read: not a HubSpot scope: .*; grant marketing\.email\.read/);
  expect(r.out).toMatch(/✗ your scopes: leave out deals, .*: add crm\.objects\.deals\.read \[CRM\]/);
  // Advice only: the token itself has every scope, so the check passes.
  expect(r.code).toBe(0);
});

it('pipe run twice: the tables equal the simulator after creates, updates, archives, merges and GDPR deletes', async () => {
  const first = await pipe(['run', 'pipeline.yml']);
  expect(first.code, first.out).toBe(0);
  expect(liveIds('contacts')).toEqual(truthIds('contacts'));
  expect(liveIds('deals')).toEqual(truthIds('deals'));
  expect(table('properties').length).toBeGreaterThan(100);
  expect(table('owners').length).toBe(25);
  expect(table('pipeline_stages').some((r) => r.id === 'closedwon' && r.probability === 1)).toBe(true);
  expect(table('deals_to_contacts').length).toBeGreaterThan(100);
  expect(table('cars').length).toBe(sim.control.truth('cars').length);
  expect(table('email_events').length).toBe(2000);
  expect(table('analytics').length).toBe(7 * 9); // totals + 8 sources, 7 days

  sim.control.advanceClock(120_000);
  const ids = truthIds('contacts');
  sim.control.create('contacts', { email: 'e2e@example.com', firstname: 'E2E' });
  sim.control.update('contacts', ids[0]!, { firstname: 'Changed' });
  sim.control.archive('contacts', ids[1]!);
  sim.control.merge('contacts', ids[2]!, ids[3]!);
  sim.control.gdprDelete('contacts', ids[4]!);
  sim.control.advanceClock(1_000);

  const second = await pipe(['run', 'pipeline.yml', '--summary-json', 'second.json']);
  expect(second.code, second.out).toBe(0);
  // The delete check is not due yet (every 24 h): this run costs nothing extra for it.
  const secondSummary = JSON.parse(fs.readFileSync(path.join(dir, 'second.json'), 'utf8')) as { streams: { name: string; metrics: Record<string, number> }[] };
  expect(secondSummary.streams.find((s) => s.name === 'contacts')!.metrics['api_calls.list_ids']).toBeUndefined();
  expect(table('contacts').find((r) => String(r.id) === ids[4])?.deleted_at ?? null).toBeNull();

  const plan = await pipe(['plan', 'pipeline.yml', '--streams', 'contacts']);
  expect(plan.out).toMatch(/contacts .*next delete check due \d{4}-\d{2}-\d{2}T[\d:.]+Z: 4 call\(s\)/);
  // Contacts have derived properties (hs_analytics_num_visits is calculated): their refresh is planned too.
  expect(plan.out).toMatch(/contacts .*next calculated-property refresh due \d{4}-\d{2}-\d{2}T[\d:.]+Z: 4 call\(s\) \(batch reads of the synced ids\)/);
  expect(plan.out).toMatch(/\(metadata\) .*properties of contacts; daily API usage/);
  const forced = await pipe(['plan', 'pipeline.yml', '--streams', 'contacts', '--check-deletes']);
  expect(forced.out).toMatch(/check deletes: on this run/);
  expect(forced.out).toMatch(/delete check \(forced\) on this run: 4 call\(s\)/);

  const third = await pipe(['run', 'pipeline.yml', '--check-deletes', '--summary-json', 'third.json']);
  expect(third.code, third.out).toBe(0);
  const thirdSummary = JSON.parse(fs.readFileSync(path.join(dir, 'third.json'), 'utf8')) as typeof secondSummary;
  const metrics = thirdSummary.streams.find((s) => s.name === 'contacts')!.metrics;
  expect(metrics.delete_check_calls).toBeGreaterThanOrEqual(4); // 350 ids, 100 a call, plus telling deletes from merges
  expect(metrics.deleted_detected).toBe(1);
  expect(liveIds('contacts')).toEqual(truthIds('contacts'));
  const byId = new Map(table('contacts').map((r) => [String(r.id), r]));
  expect(byId.get(ids[0]!)).toMatchObject({ firstname: 'Changed' });
  expect(byId.get(ids[1]!)).toMatchObject({ archived: true, merged_into: null });
  expect(byId.get(ids[3]!)).toMatchObject({ archived: true, merged_into: ids[2] });
  expect(byId.get(ids[4]!)?.deleted_at).toBeTruthy();
  expect(table('merged_ids').map((r) => [r.merged_id, r.surviving_id])).toContainEqual([ids[3], ids[2]]);
}, 180_000); // three runs and two plans through the CLI
