// Safe by default: config problems before the first write, a missing write scope named, a dry run that writes nothing.
import type { Simulator } from '@pipe/hubspot-sim';
import { ConfigError, MissingScopesError } from '@pipe/sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { READ_ONLY_TOKEN, contactsByEmail, leadStream, makeConfig, openSink, runSink, startSim } from './support/harness.ts';

let sim: Simulator;
beforeEach(async () => {
  sim = await startSim();
});
afterEach(async () => {
  await sim.close();
});

const upserts = (s: Simulator) => s.control.stats().byRoute['objects.batch.upsert'] ?? 0;

describe('sink-hubspot safety', () => {
  it('unknown properties, unknown columns and a non-unique id property are one config error before any write', async () => {
    const { writer } = await openSink(
      makeConfig(sim, { id_property: 'firstname', mapping: { score: 'pipe_lead_scor', grade: 'lead_grade', missing: 'lastname', hot: 'hs_object_id' } }),
    );
    const err = await writer.prepare([leadStream()]).catch((e) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.message).toContain('id_property: "firstname" does not have unique values in contacts');
    expect(err.message).toContain('external_id'); // names the unique properties it could use
    expect(err.message).toContain('has no property "pipe_lead_scor" (from column score); did you mean');
    expect(err.message).toContain('mapping.missing: stream "lead_scores" has no column "missing"');
    expect(err.message).toContain('property "hs_object_id" is read-only');
    expect(err.message).toContain('key_column: stream "lead_scores" has no column "firstname"');
    await writer.close();
    expect(upserts(sim)).toBe(0);
  });

  it('without a mapping every column must be a property of its own name', async () => {
    const { writer } = await openSink(makeConfig(sim, { mapping: undefined }));
    await expect(writer.prepare([leadStream()])).rejects.toThrow(/contacts has no properties "score" \(from column score\), "grade" \(from column grade\)/);
    await writer.close();
  });

  it('an invalid enumeration option fails the stream before the batch is sent, naming property, value and options', async () => {
    const before = sim.control.truth('contacts').length;
    const err = await runSink(makeConfig(sim), [
      { email: 'one@example.com', grade: 'A' },
      { email: 'two@example.com', grade: 'hot' },
      { email: 'three@example.com', grade: 'hot', tags: ['red', 'pink'] },
    ]).catch((e) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.message).toContain('contacts property "lead_grade" has no option "hot" (allowed: A, B, C)');
    expect(err.message).toContain('contacts property "lead_tags" has no option "pink" (allowed: red, green, blue)');
    expect(sim.control.truth('contacts')).toHaveLength(before);
    expect(upserts(sim)).toBe(1); // the write-scope probe, with no inputs
  });

  it('a token without the write scope gets a message naming the scope, and nothing is written', async () => {
    const logs: string[] = [];
    const opened = await openSink(makeConfig(sim, { token: READ_ONLY_TOKEN }));
    const err = await opened.writer.prepare([leadStream()]).catch((e) => e);
    logs.push(...opened.logs);
    await opened.writer.close();
    expect(err).toBeInstanceOf(MissingScopesError);
    expect(err.message).toBe('sinks.hubspot: the HubSpot token may not write contacts: it needs crm.objects.contacts.write.');
    expect(err.scopes).toEqual(['crm.objects.contacts.write']);
    expect(`${err.message} ${err.hint} ${logs.join('\n')}`).not.toContain(READ_ONLY_TOKEN);
  });

  it('connection settings are checked when the sink opens, and the errors name the sink', async () => {
    await expect(openSink(makeConfig(sim, { base_url: 'http://example.com' }))).rejects.toThrow(/^sinks\.hubspot\.base_url: refusing to send the HubSpot token/);
  });

  it('dry run: counts and a sample diff against the current values, nothing written, no state kept', async () => {
    const [a, b] = sim.control.truth('contacts').filter((r) => r.properties.email);
    sim.control.update('contacts', b!.id, { pipe_lead_score: '7', lead_grade: 'B' });
    const snapshot = JSON.stringify(sim.control.truth('contacts'));
    const config = makeConfig(sim, { dry_run: true, dry_run_sample: 10, mapping: { score: 'pipe_lead_score', grade: 'lead_grade' } });
    const { ctx, logs, writer } = await runSink(config, [
      { email: a!.properties.email, score: 12.5, grade: 'A' },
      { email: b!.properties.email, score: 7, grade: 'B' }, // same as HubSpot already has
      { email: 'brand.new@example.com', score: 1, grade: 'C' },
      { email: null, score: 1 },
    ]);
    expect(JSON.stringify(sim.control.truth('contacts'))).toBe(snapshot);
    expect(upserts(sim)).toBe(1); // only the empty write-scope probe
    expect(ctx.metrics.snapshot().lead_scores).toMatchObject({ would_update: 1, would_create: 1, would_unchanged: 1, would_reject: 1 });
    const text = logs.join('\n');
    expect(text).toContain(`would update contacts email=${a!.properties.email} (id ${a!.id}): pipe_lead_score (empty) → "12.5", lead_grade (empty) → "A"`);
    expect(text).toContain('would create contacts email=brand.new@example.com: pipe_lead_score = "1", lead_grade = "C"');
    expect(text).not.toContain(`email=${b!.properties.email}`);
    expect(await writer.readState?.()).toBeUndefined(); // the engine resumes from scratch: the real run sends everything
    expect(contactsByEmail(sim).has('brand.new@example.com')).toBe(false);
  });
});
