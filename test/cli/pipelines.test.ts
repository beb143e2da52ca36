import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, cli } from './run-cli.ts';

describe('example pipelines', () => {
  it('every file in pipelines/ validates', async () => {
    const files = fs.readdirSync(path.join(ROOT, 'pipelines')).filter((f) => /\.ya?ml$/.test(f));
    expect(files.length).toBeGreaterThan(0);
    const r = await cli(['validate', ...files.map((f) => `pipelines/${f}`)], { HUBSPOT_TOKEN: 'pat-na1-fake-test-token' });
    expect(r.code, r.stderr).toBe(0);
    for (const f of files) expect(r.stdout).toContain(`ok  pipelines/${f}`);
    expect(r.stderr, 'the examples raise no warnings').not.toContain('warning:');
  });

  it('validate warns, at the place in the file, when a DuckDB file and its schema share a name', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pipe-names-'));
    const file = path.join(dir, 'crm.yml');
    fs.writeFileSync(file, 'version: 1\nname: crm\nsource:\n  memory: { seed: 1 }\nsinks:\n  - duckdb:\n      path: out/Hubspot.duckdb\n      schema: hubspot\n');
    const r = await cli(['validate', file]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^warning: .*crm\.yml:8:15: sinks\[0\]\.duckdb\.schema: the DuckDB file Hubspot\.duckdb and its schema are both named "hubspot"/m);
    expect(r.stderr).toContain('Ambiguous reference to catalog or schema');
    expect(r.stderr).toContain('rename the file (e.g. `path: warehouse.duckdb`) or the schema');
    // The schema defaults to the pipeline name: crm.duckdb in pipeline crm collides too, at `path`.
    fs.writeFileSync(file, 'version: 1\nname: crm\nsource:\n  memory: { seed: 1 }\nsinks:\n  - duckdb: { path: crm.duckdb }\n');
    const d = await cli(['validate', file]);
    expect(d.stderr).toMatch(/crm\.yml:6:21: sinks\[0\]\.duckdb\.path: the DuckDB file crm\.duckdb and its schema are both named "crm".*defaults to the pipeline name/);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('validate warns, at the place in the file, about a stream option the stream does not read', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pipe-options-'));
    const file = path.join(dir, 'crm.yml');
    // `objects` is read by property_history, not by contacts; `properties` is read by both; defaults (e.g. breakdowns on analytics) are not the user's.
    const yml = 'version: 1\nname: crm\nsource:\n  hubspot:\n    token: ${HUBSPOT_TOKEN}\n    streams:\n      contacts: { properties: [email], objects: [deals] }\n      property_history: { objects: [deals], properties: [dealstage] }\n      analytics: {}\nsinks:\n  - duckdb: { path: out/warehouse.duckdb }\n';
    fs.writeFileSync(file, yml);
    const r = await cli(['validate', file], { HUBSPOT_TOKEN: 'pat-na1-fake-test-token' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^warning: .*crm\.yml:7:49: source\.hubspot\.streams\.contacts\.objects: contacts does not read `objects`, so it is ignored \(read by properties, merged_ids, property_history, event_occurrences\); move it under the stream it is meant for, or remove it$/m);
    expect(r.stderr.match(/^warning:/gm)).toHaveLength(1);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('validate shows an example of the form a value must have when it fails a pattern (month 13)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pipe-pattern-'));
    const file = path.join(dir, 'crm.yml');
    fs.writeFileSync(file, "version: 1\nname: crm\nsource:\n  hubspot:\n    token: ${HUBSPOT_TOKEN}\n    streams:\n      email_events: { start_date: '2026-13-01' }\nsinks:\n  - duckdb: { path: out/warehouse.duckdb }\n");
    const r = await cli(['validate', file], { HUBSPOT_TOKEN: 'pat-na1-fake-test-token' });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/crm\.yml:7:35: source\.hubspot\.streams\.email_events\.start_date: must match the pattern .*, e\.g\. "2026-01-01"$/m);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
