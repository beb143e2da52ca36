// Partial failures: every rejected record, with HubSpot's (or pipe's) reason, in the rejects file and the metrics.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Simulator } from '@pipe/hubspot-sim';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { contactsByEmail, leadStream, makeConfig, runSink, startSim } from './support/harness.ts';

let sim: Simulator;
let dir: string;
beforeEach(async () => {
  sim = await startSim();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pipe-sink-hubspot-'));
});
afterEach(async () => {
  await sim.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const readLines = (file: string) =>
  fs
    .readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));

describe('sink-hubspot rejects', () => {
  it('a 207 keeps the good records and puts each failed one, with HubSpot’s reason, in the rejects file', async () => {
    const [a, b] = sim.control.truth('contacts').filter((r) => r.properties.email);
    const rejects = path.join(dir, 'rejects.jsonl');
    const stream = leadStream([
      { name: 'external_id', type: 'string', nullable: false },
      { name: 'email', type: 'string' },
      { name: 'score', type: 'number' },
    ]);
    const config = makeConfig(sim, { id_property: 'external_id', mapping: { email: 'email', score: 'pipe_lead_score' }, rejects });
    const rows = [
      { external_id: 'EXT-new-1', email: 'fresh1@example.com', score: 1 },
      { external_id: 'EXT-new-2', email: a!.properties.email, score: 2 }, // email held by another contact → CONFLICT
      { external_id: null, email: 'nokey@example.com', score: 3 }, // no key: never sent
      { external_id: 'EXT-new-4', email: 'fresh4@example.com', score: 'not a number' }, // refused by pipe's own check
      { external_id: 'EXT-new-5', email: b!.properties.email, score: 5 }, // CONFLICT again
    ];
    const { ctx, logs } = await runSink(config, rows, stream);

    expect(contactsByEmail(sim).get('fresh1@example.com')).toMatchObject({ external_id: 'EXT-new-1', pipe_lead_score: '1' });
    const lines = readLines(rejects);
    expect(lines.map((l) => [l.key, l.category, l.by])).toEqual([
      [null, 'MISSING_KEY', 'pipe'],
      ['EXT-new-4', 'INVALID_VALUE', 'pipe'],
      ['EXT-new-2', 'CONFLICT', 'hubspot'],
      ['EXT-new-5', 'CONFLICT', 'hubspot'],
    ]);
    expect(lines[2]).toMatchObject({ stream: 'lead_scores', object: 'contacts', id_property: 'external_id', properties: { email: a!.properties.email, pipe_lead_score: '2' } });
    expect(lines[2].reason).toContain(`Existing ID: ${a!.id}`);
    expect(lines[1].reason).toMatch(/pipe_lead_score: "not a number" is not a number/);
    expect(typeof lines[0].run_started_at).toBe('string');
    expect(ctx.metrics.snapshot().lead_scores).toMatchObject({ created_records: 1, rejected_records: 4, 'rejected.CONFLICT': 2, 'rejected.MISSING_KEY': 1 });
    expect(logs.join('\n')).toContain(`4 record(s) of stream lead_scores were rejected; every one is in ${rejects}`);

    // A second run appends: the first run's rejects are not lost.
    await runSink(config, rows.slice(1, 2), stream);
    expect(readLines(rejects)).toHaveLength(5);
  });

  it('updates by record id: an id that does not exist is a reject (OBJECT_NOT_FOUND), the others are written', async () => {
    const [a] = sim.control.truth('contacts');
    const rejects = path.join(dir, 'nested', 'rejects.jsonl');
    const stream = leadStream([
      { name: 'hs_object_id', type: 'string', nullable: false },
      { name: 'score', type: 'number' },
    ]);
    const { ctx } = await runSink(makeConfig(sim, { id_property: 'hs_object_id', mapping: { score: 'pipe_lead_score' }, rejects }), [
      { hs_object_id: a!.id, score: 4 },
      { hs_object_id: '999999999', score: 5 },
    ], stream);
    expect(sim.control.truth('contacts').find((r) => r.id === a!.id)?.properties.pipe_lead_score).toBe('4');
    expect(readLines(rejects).map((l) => [l.key, l.category])).toEqual([['999999999', 'OBJECT_NOT_FOUND']]);
    expect(ctx.metrics.snapshot().lead_scores).toMatchObject({ updated_records: 1, rejected_records: 1 });
  });

  it('invalid_options: reject sends the valid rows and keeps the invalid option in the rejects', async () => {
    const rejects = path.join(dir, 'rejects.jsonl');
    const { ctx } = await runSink(makeConfig(sim, { invalid_options: 'reject', rejects }), [
      { email: 'ok@example.com', grade: 'B', tags: ['green'] },
      { email: 'bad@example.com', grade: 'Z', tags: ['green', 'purple'] },
    ]);
    expect(contactsByEmail(sim).get('ok@example.com')).toMatchObject({ lead_grade: 'B', lead_tags: 'green' });
    expect(contactsByEmail(sim).has('bad@example.com')).toBe(false);
    const [line] = readLines(rejects);
    expect(line).toMatchObject({ key: 'bad@example.com', category: 'INVALID_OPTION', by: 'pipe' });
    expect(line.reason).toContain('lead_grade: "Z" is not an option; allowed: A, B, C');
    expect(line.reason).toContain('lead_tags: "purple" is not an option; allowed: red, green, blue');
    expect(ctx.metrics.snapshot().lead_scores?.rejected_records).toBe(1);
  });
});
