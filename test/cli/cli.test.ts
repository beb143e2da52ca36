import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readMemorySinkFile } from '@pipe/testkit';
import { beforeEach, describe, expect, it } from 'vitest';
import { ROOT, cli, startCli } from './run-cli.ts';

const fixture = (name: string) => path.join(ROOT, 'test/fixtures', name, 'pipeline.yml');
let tmp: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pipe-cli-'));
  for (const f of ['memory', 'slow']) fs.rmSync(path.join(ROOT, 'test/fixtures', f, '.pipe'), { recursive: true, force: true });
});

const ids = (file: string, stream: string) => (readMemorySinkFile(file).tables[stream]?.rows ?? []).map((r) => r.id);

describe('pipe CLI', () => {
  it('prints help with examples and exits 0', async () => {
    const r = await cli(['run', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Examples:');
    expect(r.stdout).toContain('--full-refresh');
  });

  it('exits 2 with a message, not a stack, for an unknown command or option', async () => {
    const r = await cli(['runn']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown command 'runn'");
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('validate: reports every problem with file:line:col and exits 2', async () => {
    const r = await cli(['validate', fixture('broken')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/pipeline\.yml:2:7: name: /);
    expect(r.stderr).toMatch(/pipeline\.yml:4:3: .*memroy.*did you mean "memory"/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('run: loads every row once, and a rerun resumes with nothing new', async () => {
    const out = path.join(tmp, 'sink.json');
    const r1 = await cli(['run', fixture('memory')], { OUT_FILE: out });
    expect(r1.code, r1.stderr).toBe(0);
    expect(r1.stdout).toMatch(/users\s+succeeded\s+300/);
    expect(new Set(ids(out, 'users')).size).toBe(300);
    const r2 = await cli(['run', fixture('memory'), '--json'], { OUT_FILE: out });
    expect(r2.code, r2.stderr).toBe(0);
    // --json prints one event per line; the last is the summary
    const summary = JSON.parse(r2.stdout.trim().split('\n').at(-1)!);
    expect(summary.type).toBe('summary');
    expect(summary.streams.map((s: { rows: number }) => s.rows)).toEqual([0, 0]);
    expect(ids(out, 'users')).toHaveLength(300);
  });

  it('run: a failed run commits what it read; the next run resumes without loss or duplicates', async () => {
    const out = path.join(tmp, 'sink.json');
    const r1 = await cli(['run', fixture('memory')], { OUT_FILE: out, FAIL_AFTER: '3' });
    expect(r1.code).toBe(1);
    expect(r1.stdout).toMatch(/users\s+failed\s+75/);
    expect(ids(out, 'users')).toHaveLength(75);
    const r2 = await cli(['run', fixture('memory')], { OUT_FILE: out });
    expect(r2.code, r2.stderr).toBe(0);
    expect(r2.stdout).toMatch(/users\s+succeeded\s+225/);
    const users = ids(out, 'users');
    expect(users).toHaveLength(300);
    expect(new Set(users).size).toBe(300);
  });

  it('run: Ctrl-C commits what is durable, exits 130, and the next run finishes exactly', async () => {
    const out = path.join(tmp, 'sink.json');
    const { child, done } = startCli(['run', fixture('slow')], { OUT_FILE: out, PAGES: '60' });
    // the memory sink writes in batches of 100 rows (10 pages): wait for the first commit
    await waitFor(() => ids(out, 'ticks').length > 0, 20_000);
    child.kill('SIGINT');
    const r1 = await done;
    expect(r1.code, r1.stderr).toBe(130);
    const partial = ids(out, 'ticks').length;
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(600);
    const r2 = await cli(['run', fixture('slow')], { OUT_FILE: out, PAGES: '60' });
    expect(r2.code, r2.stderr).toBe(0);
    const all = ids(out, 'ticks');
    expect(all).toHaveLength(600);
    expect(new Set(all).size).toBe(600);
  });

  it('run: a second run of the same pipeline at once is refused with the lock holder named', async () => {
    const out = path.join(tmp, 'sink.json');
    // 250 pages × 40 ms: the first run is still going when the second one starts
    const first = startCli(['run', fixture('slow')], { OUT_FILE: out, PAGES: '250' });
    await waitFor(() => fs.existsSync(path.join(ROOT, 'test/fixtures/slow/.pipe/slow_fixture.lock')), 20_000);
    const second = await cli(['run', fixture('slow')], { OUT_FILE: path.join(tmp, 'other.json'), PAGES: '250' });
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/already running \(process \d+ holds .*slow_fixture\.lock\)/);
    const r1 = await first.done;
    expect(r1.code, r1.stderr).toBe(0);
    expect(ids(out, 'ticks')).toHaveLength(2500);
    expect(fs.existsSync(path.join(tmp, 'other.json'))).toBe(false);
  });

  it('state show and reset', async () => {
    const out = path.join(tmp, 'sink.json');
    expect((await cli(['run', fixture('memory'), '-q'], { OUT_FILE: out })).code).toBe(0);
    const show = await cli(['state', 'show', fixture('memory')], { OUT_FILE: out });
    expect(show.code, show.stderr).toBe(0);
    expect(show.stdout).toMatch(/users\s+#\d+/);
    const reset = await cli(['state', 'reset', fixture('memory'), '--stream', 'users'], { OUT_FILE: out });
    expect(reset.code, reset.stderr).toBe(0);
    const plan = await cli(['plan', fixture('memory')], { OUT_FILE: out });
    expect(plan.stdout).toMatch(/users\s+incremental\s+from start/);
    expect(plan.stdout).toMatch(/orders\s+incremental\s+from checkpoint/);
  });

  it('state written by a newer pipe: exit 1 with what to do, not "internal error"', async () => {
    const out = path.join(tmp, 'sink.json');
    expect((await cli(['run', fixture('memory'), '-q'], { OUT_FILE: out })).code).toBe(0);
    const doc = JSON.parse(fs.readFileSync(out, 'utf8'));
    doc.state.version = 99;
    fs.writeFileSync(out, JSON.stringify(doc));
    const r = await cli(['run', fixture('memory'), '-q'], { OUT_FILE: out });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('was written by a newer pipe (state version 99');
    expect(r.stderr).toContain('→ Upgrade pipe');
    expect(r.stderr).not.toContain('internal error');
  });

  it('compact: rewrites the sinks that can compact to one row per key, and leaves the others alone', async () => {
    const file = path.join(tmp, 'pipeline.yml');
    fs.writeFileSync(file, 'version: 1\nname: compact_cli\nsource:\n  memory: { seed: 7 }\nsinks:\n  - memory: { path: ./memory.json }\n  - parquet: { dir: ./parquet }\n');
    expect((await cli(['run', file, '-q'])).code).toBe(0);
    const again = await cli(['run', file, '-q', '--full-refresh']); // every row a second time
    expect(again.code, again.stderr).toBe(0);
    const memoryBefore = fs.readFileSync(path.join(tmp, 'memory.json'), 'utf8');
    const r = await cli(['compact', file, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(fs.readFileSync(path.join(tmp, 'memory.json'), 'utf8')).toBe(memoryBefore);
    expect(JSON.parse(r.stdout)).toEqual([
      { sink: 'parquet', stream: 'orders', rowsBefore: 400, rowsAfter: 200, filesBefore: 2, filesAfter: 1 },
      { sink: 'parquet', stream: 'users', rowsBefore: 600, rowsAfter: 300, filesBefore: 2, filesAfter: 1 },
    ]);
    const typo = await cli(['compact', file, '--stream', 'user']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('has no stream "user"; did you mean "users"?');
  });

  it('compact: a pipeline without a sink that can compact exits 2 with a hint', async () => {
    const r = await cli(['compact', fixture('memory')], { OUT_FILE: path.join(tmp, 'sink.json') });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no sink of');
    expect(r.stderr).toContain('can compact (it has memory)');
    expect(r.stderr).toMatch(/→ Compaction is a sink capability/);
  });

  it('init scaffolds a pipeline that validates', async () => {
    const r = await cli(['init', tmp, '--name', 'crm']);
    expect(r.code, r.stderr).toBe(0);
    const file = path.join(tmp, 'pipelines/crm.yml');
    expect(fs.readFileSync(file, 'utf8')).toContain('${HUBSPOT_TOKEN}');
    expect(fs.readFileSync(path.join(tmp, '.gitignore'), 'utf8')).toContain('.env');
    const v = await cli(['validate', file], { HUBSPOT_TOKEN: 'pat-na1-fake-test-token' });
    expect(v.code, v.stderr).toBe(0);
    const again = await cli(['init', tmp, '--name', 'crm']);
    expect(again.code).toBe(2);
  });

  it('init writes a package.json pinning @pipe/cli (only when missing), an editor schema, and a workflow for the project\'s package manager', async () => {
    const r = await cli(['init', tmp, '--name', 'crm', '--ci', 'github']);
    expect(r.code, r.stderr).toBe(0);
    const pkg = JSON.parse(fs.readFileSync(path.join(tmp, 'package.json'), 'utf8'));
    const cliVersion = JSON.parse(fs.readFileSync(path.join(ROOT, 'packages/cli/package.json'), 'utf8')).version;
    expect(pkg.devDependencies).toEqual({ '@pipe/cli': cliVersion });
    expect(pkg.scripts.sync).toBe('pipe run pipelines/crm.yml');
    // No installed @pipe/cli in the project: the schema is written into it, and the pipeline points there.
    const pipeline = fs.readFileSync(path.join(tmp, 'pipelines/crm.yml'), 'utf8');
    expect(pipeline).toContain('$schema=../schemas/pipeline.schema.json');
    expect(JSON.parse(fs.readFileSync(path.join(tmp, 'schemas/pipeline.schema.json'), 'utf8')).$schema).toMatch(/json-schema/);
    const workflow = fs.readFileSync(path.join(tmp, '.github/workflows/pipe-crm.yml'), 'utf8');
    expect(workflow).toContain('run: npm ci');
    expect(workflow).toContain('npx --no-install pipe run pipelines/crm.yml --summary-json summary.json');
    expect(workflow).not.toMatch(/pnpm pipe|npm install -g/);

    // An existing project keeps its package.json; a pnpm lockfile makes a pnpm workflow.
    const other = path.join(tmp, 'existing');
    fs.mkdirSync(other);
    fs.writeFileSync(path.join(other, 'package.json'), '{"name":"mine"}\n');
    fs.writeFileSync(path.join(other, 'pnpm-lock.yaml'), "lockfileVersion: '9.0'\n");
    expect((await cli(['init', other, '--ci', 'github'])).code).toBe(0);
    expect(fs.readFileSync(path.join(other, 'package.json'), 'utf8')).toBe('{"name":"mine"}\n');
    const pnpmFlow = fs.readFileSync(path.join(other, '.github/workflows/pipe-hubspot_crm.yml'), 'utf8');
    expect(pnpmFlow).toContain('pnpm install --frozen-lockfile');
    expect(pnpmFlow).toContain('pnpm exec pipe run pipelines/hubspot_crm.yml');
  });
});

async function waitFor(cond: () => boolean, ms: number) {
  const until = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('docs/ci.md', () => {
  it('shows the workflow pipe init --ci github writes for an npm project', async () => {
    const { githubWorkflow } = await import('../../packages/cli/src/templates-ci.ts');
    const written = githubWorkflow({ name: 'hubspot_crm', pipeline: 'pipelines/hubspot_crm.yml', warehouse: 'pipelines/warehouse.duckdb', packageManager: 'npm' });
    expect(fs.readFileSync(path.join(ROOT, 'docs/ci.md'), 'utf8')).toContain(`\`\`\`yaml\n${written}\`\`\``);
  });
});
