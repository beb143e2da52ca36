// Create, update and upsert against the simulator, with mapping and type conversion.
import type { Simulator } from '@pipe/hubspot-sim';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { contactsByEmail, leadStream, makeConfig, runSink, startSim } from './support/harness.ts';

let sim: Simulator;
beforeEach(async () => {
  sim = await startSim();
});
afterEach(async () => {
  await sim.close();
});

describe('sink-hubspot writes', () => {
  it('upserts on email: creates new contacts, updates existing ones, converting every type', async () => {
    const existing = sim.control.truth('contacts')[3]!;
    const before = sim.control.truth('contacts').length;
    const rows = [
      {
        email: String(existing.properties.email).toUpperCase(), // HubSpot matches emails case-insensitively
        score: 17.5,
        grade: 'A',
        tags: ['red', 'blue'],
        scored_on: '2026-03-04',
        hot: true,
        scored_at: new Date('2026-03-04T10:11:12.345Z'),
      },
      { email: 'new.lead@example.com', score: 3, grade: 'C', tags: [], scored_on: new Date('2026-03-05T23:59:00Z'), hot: false, scored_at: '2026-03-05T08:00:00+02:00' },
    ];
    const { ctx } = await runSink(makeConfig(sim), rows);

    const after = contactsByEmail(sim);
    expect(sim.control.truth('contacts')).toHaveLength(before + 1);
    expect(after.get(String(existing.properties.email).toLowerCase())).toMatchObject({
      id: existing.id,
      pipe_lead_score: '17.5',
      lead_grade: 'A',
      lead_tags: 'red;blue',
      score_date: '2026-03-04',
      is_hot: 'true',
      last_scored_at: '2026-03-04T10:11:12.345Z',
    });
    // A timestamp into a date property keeps its UTC day (HubSpot refuses dates not at midnight UTC).
    expect(after.get('new.lead@example.com')).toMatchObject({
      pipe_lead_score: '3',
      lead_grade: 'C',
      score_date: '2026-03-05',
      is_hot: 'false',
      last_scored_at: '2026-03-05T06:00:00.000Z',
    });
    expect(ctx.metrics.snapshot().lead_scores).toMatchObject({ created_records: 1, updated_records: 1 });
    expect(ctx.metrics.snapshot().lead_scores?.rejected_records).toBeUndefined();
  });

  it('updates by record id (hs_object_id) and maps columns to other property names', async () => {
    const [a, b] = sim.control.truth('contacts');
    const stream = leadStream([
      { name: 'contact_id', type: 'integer', nullable: false },
      { name: 'first', type: 'string' },
      { name: 'score', type: 'number' },
    ]);
    const config = makeConfig(sim, { id_property: 'hs_object_id', key_column: 'contact_id', mapping: { first: 'firstname', score: 'pipe_lead_score' } });
    const { ctx } = await runSink(config, [
      { contact_id: Number(a!.id), first: 'Ada', score: 1 },
      { contact_id: Number(b!.id), first: 'Grace', score: null }, // NULL leaves the property as it is
    ], stream);
    const truth = new Map(sim.control.truth('contacts').map((r) => [r.id, r.properties]));
    expect(truth.get(a!.id)).toMatchObject({ firstname: 'Ada', pipe_lead_score: '1' });
    expect(truth.get(b!.id)).toMatchObject({ firstname: 'Grace', pipe_lead_score: null });
    expect(ctx.metrics.snapshot().lead_scores).toMatchObject({ updated_records: 2 });
  });

  it('nulls: clear empties the property', async () => {
    const existing = sim.control.truth('contacts')[5]!;
    await runSink(makeConfig(sim), [{ email: existing.properties.email, score: 9, grade: 'B' }]);
    await runSink(makeConfig(sim, { nulls: 'clear', mapping: { score: 'pipe_lead_score' } }), [{ email: existing.properties.email, score: null }]);
    expect(contactsByEmail(sim).get(String(existing.properties.email))).toMatchObject({ pipe_lead_score: null, lead_grade: 'B' });
  });

  it('splits a batch HubSpot refuses as a whole (400) until the records go through', async () => {
    await sim.close();
    sim = await startSim({ behaviour: { batchMaxInputs: 10 } });
    const rows = Array.from({ length: 25 }, (_, i) => ({ email: `split${i}@example.com`, score: i }));
    const { ctx } = await runSink(makeConfig(sim, { mapping: { score: 'pipe_lead_score' } }), rows);
    const after = contactsByEmail(sim);
    for (let i = 0; i < 25; i++) expect(after.get(`split${i}@example.com`)?.pipe_lead_score).toBe(String(i));
    expect(ctx.metrics.snapshot().lead_scores).toMatchObject({ created_records: 25 });
  });

  it('a write larger than 100 rows goes out in calls of at most 100 (reads for skip_unchanged too)', async () => {
    const rows = Array.from({ length: 250 }, (_, i) => ({ email: `bulk${i}@example.com`, score: i }));
    const { ctx } = await runSink(makeConfig(sim, { mapping: { score: 'pipe_lead_score' } }), rows, leadStream(), 250);
    expect(ctx.metrics.snapshot().lead_scores).toMatchObject({ created_records: 250, 'api_calls.batch_upsert': 3, 'api_calls.batch_read': 3 });
  });

  it('a rerun after a crash creates no duplicates (upserts, not creates)', async () => {
    const before = sim.control.truth('contacts').length;
    const rows = Array.from({ length: 150 }, (_, i) => ({ email: `rerun${i}@example.com`, score: i }));
    const config = makeConfig(sim, { mapping: { score: 'pipe_lead_score' } });
    // First run "crashes" after its first batch: no endStream, no state; the rerun sends everything again.
    await runSink(config, rows.slice(0, 100));
    const { ctx } = await runSink(config, rows);
    const truth = sim.control.truth('contacts');
    expect(truth).toHaveLength(before + 150);
    const emails = truth.filter((r) => r.properties.email).map((r) => String(r.properties.email).toLowerCase());
    expect(new Set(emails).size).toBe(emails.length);
    expect(ctx.metrics.snapshot().lead_scores).toMatchObject({ created_records: 50, unchanged_records: 100 });
  });

  it('skip_unchanged (default): a record HubSpot already holds as sent is not written, so last-modified stays put', async () => {
    const rows = [{ email: 'same@example.com', score: 5, grade: 'B' }];
    await runSink(makeConfig(sim), rows);
    const stamp = sim.control.truth('contacts').find((r) => r.properties.email === 'same@example.com')!.updatedAt;
    sim.control.advanceClock(60_000);
    const again = await runSink(makeConfig(sim), rows);
    expect(again.ctx.metrics.snapshot().lead_scores).toMatchObject({ unchanged_records: 1, created_records: 0, updated_records: 0 });
    expect(sim.control.truth('contacts').find((r) => r.properties.email === 'same@example.com')!.updatedAt).toBe(stamp);
    // With it off, the same rows are written again and bump last-modified.
    const forced = await runSink(makeConfig(sim, { skip_unchanged: false }), rows);
    expect(forced.ctx.metrics.snapshot().lead_scores).toMatchObject({ updated_records: 1 });
    expect(sim.control.truth('contacts').find((r) => r.properties.email === 'same@example.com')!.updatedAt).not.toBe(stamp);
  });
});
