import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { readMemorySinkFile } from '@pipe/testkit/memory';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type CliResult, ROOT, cli } from '../../../test/cli/run-cli.ts';
import { newCommand } from '../src/commands/new.ts';

/**
 * `pipe new` end to end, as the tutorial does it: scaffold into a folder inside the repo
 * (so `@pipe/sdk` and `@pipe/testkit` resolve from the root node_modules), run the
 * generated conformance test with vitest, run the generated pipeline. Plus the loading
 * errors a plugin author meets, and the lint rule that keeps plugins off the engine.
 */
let work: string;
beforeAll(() => {
  fs.mkdirSync(path.join(ROOT, 'out'), { recursive: true });
  work = fs.mkdtempSync(path.join(ROOT, 'out', 'pipe-new-'));
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function run(command: string, args: string[], cwd = ROOT): Promise<CliResult> {
  const child = spawn(command, args, { cwd, env: { ...process.env, CI: 'true' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

const biome = (file: string) => run(process.execPath, [path.join(ROOT, 'node_modules/@biomejs/biome/bin/biome'), 'lint', file]);
const vitest = (args: string[]) => run(process.execPath, [path.join(ROOT, 'node_modules/vitest/vitest.mjs'), 'run', ...args]);
const explain = (r: CliResult) => `exit ${r.code}\n${r.stdout}\n${r.stderr}`;

// Every case uses its own folder and child processes: run them side by side to stay well under 30 s.
describe.concurrent('pipe new', () => {
  it('source package: the generated test passes and its pipeline runs into the memory sink', async () => {
    const plugins = path.join(work, 'plugins');
    const made = await cli(['new', 'source', 'demo_api', '--dir', plugins]);
    expect(made.code, explain(made)).toBe(0);
    const pkg = path.join(plugins, 'demo_api');
    for (const f of ['package.json', 'README.md', 'src/index.ts', 'test/demo_api.test.ts', 'pipeline.yml', 'vitest.config.ts']) {
      expect(fs.existsSync(path.join(pkg, f)), f).toBe(true);
    }
    expect(made.stdout).toContain(`pnpm exec vitest run --root ${path.relative(ROOT, pkg)}`);

    const [tested, ran, linted] = await Promise.all([vitest(['--root', pkg]), cli(['run', path.join(pkg, 'pipeline.yml')]), biome(pkg)]);
    expect(linted.code, `the scaffold passes the repo's lint rules: ${explain(linted)}`).toBe(0);
    expect(tested.code, explain(tested)).toBe(0);
    expect(tested.stdout).toMatch(/Tests\s+.*7 passed/);
    expect(ran.code, explain(ran)).toBe(0);
    const stored = readMemorySinkFile(path.join(pkg, '.pipe/demo_api-rows.json'));
    expect(stored.tables.items?.rows).toHaveLength(25);
    expect(stored.state?.streams.items?.checkpoint).toEqual({ after_id: 25 });
  });

  it('sink as a single local file: the generated test passes and its pipeline runs from the memory source', async () => {
    const dir = path.join(work, 'local');
    // In process (the CLI path is covered above): one child process less.
    const quiet = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      expect(await newCommand('sink', 'warehouse', { file: true, dir })).toBe(0);
    } finally {
      quiet.mockRestore();
    }
    expect(fs.readdirSync(dir).sort()).toEqual(['vitest.config.ts', 'warehouse.pipeline.yml', 'warehouse.test.ts', 'warehouse.ts']);

    const [tested, ran, linted] = await Promise.all([
      vitest(['--root', dir, 'warehouse.test']),
      cli(['run', path.join(dir, 'warehouse.pipeline.yml')]),
      biome(dir),
    ]);
    expect(linted.code, `the scaffold passes the repo's lint rules: ${explain(linted)}`).toBe(0);
    expect(tested.code, explain(tested)).toBe(0);
    expect(tested.stdout).toMatch(/Tests\s+.*\d+ passed/);
    expect(ran.code, explain(ran)).toBe(0);
    const stored = JSON.parse(fs.readFileSync(path.join(dir, '.pipe/warehouse.json'), 'utf8'));
    expect(stored.streams.users.rows).toHaveLength(300);
    expect(stored.state.streams.users.checkpoint).toMatchObject({ id: expect.any(Number) });
  });

  it('never overwrites, and refuses a bad kind or name (exit code 2)', async () => {
    const dir = path.join(work, 'again');
    const quiet = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      expect(await newCommand('source', 'twice', { dir })).toBe(0);
      await expect(newCommand('source', 'twice', { dir })).rejects.toMatchObject({
        code: 2,
        message: expect.stringMatching(/twice\/package\.json.* already exist; pick another name or --dir/),
      });
      await expect(newCommand('transform', 'x', { dir })).rejects.toMatchObject({ code: 2, message: expect.stringContaining('"transform" is not a plugin kind') });
      await expect(newCommand('source', 'My-API', { dir })).rejects.toMatchObject({ code: 2, message: expect.stringContaining('plugin name "My-API" is not valid') });
    } finally {
      quiet.mockRestore();
    }
  });
});

describe('loading a plugin by path: errors name the file and what is wrong, without a stack', () => {
  // One pipeline holding all four mistakes: `pipe validate` reports every problem at once (one CLI start, not four).
  const sink = (body: string) => `import { SDK_VERSION, Type, defineSink } from '@pipe/sdk';\n${body}\n`;
  const files: Record<string, string> = {
    'no-default.ts': sink('export const notAPlugin = { SDK_VERSION, Type, defineSink };'),
    'no-open.ts': sink("export default { kind: 'sink', name: 'x', sdkVersion: SDK_VERSION, config: Type.Object({}) };"),
    'old-sdk.ts': sink("export default defineSink({ name: 'x', description: '', sdkVersion: '0.9.0', config: Type.Object({}), open: () => { throw new Error('unused'); } });"),
  };
  const pipeline = `version: 1
name: load_check
source:
  ./missing.ts: {}
sinks:
  - ./no-default.ts: {}
  - ./no-open.ts: {}
  - ./old-sdk.ts: {}
`;
  it('missing file, no default export, missing open(), incompatible sdkVersion', async () => {
    const dir = path.join(work, 'load-errors');
    fs.mkdirSync(dir, { recursive: true });
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
    fs.writeFileSync(path.join(dir, 'pipeline.yml'), pipeline);
    const r = await cli(['validate', path.join(dir, 'pipeline.yml')]);
    const out = r.stdout + r.stderr;
    expect(r.code, explain(r)).toBe(2);
    expect(out).toMatch(/pipeline\.yml:4:3: .*cannot load source plugin "\.\/missing\.ts": Cannot find module .*missing\.ts.*check that the file exists relative to the pipeline file/);
    expect(out).toMatch(/pipeline\.yml:6:5: .*sink plugin "\.\/no-default\.ts" does not export a plugin \(export default defineSource/);
    expect(out).toMatch(/pipeline\.yml:7:5: .*sink plugin "\.\/no-open\.ts" is missing: open\(\)/);
    expect(out).toMatch(/pipeline\.yml:8:5: .*sink plugin "\.\/old-sdk\.ts" targets SDK 0\.9\.0, but this pipe provides SDK 1\.\d+\.\d+ \(upgrade the plugin/);
    expect(out).toContain('4 problems');
    expect(out, 'no stack trace for a bad plugin').not.toMatch(/^\s+at /m);
  });
});

describe('the SDK boundary: biome fails a plugin package that imports the engine', () => {
  it('flags @pipe/core under packages/source-*, accepts @pipe/sdk there', async () => {
    // A throwaway file inside a plugin package, where the biome.json override applies.
    const bad = path.join(ROOT, 'packages/source-rest', `boundary-check-${process.pid}.ts`);
    const good = path.join(ROOT, 'packages/source-rest', `boundary-ok-${process.pid}.ts`);
    fs.writeFileSync(bad, "import { Registry } from '@pipe/core';\n\nexport const r = Registry;\n");
    fs.writeFileSync(good, "import { SDK_VERSION } from '@pipe/sdk';\n\nexport const v = SDK_VERSION;\n");
    try {
      const [flagged, clean] = await Promise.all([biome(bad), biome(good)]);
      expect(flagged.code, explain(flagged)).not.toBe(0);
      expect(flagged.stdout + flagged.stderr).toContain('noRestrictedImports');
      expect(flagged.stdout + flagged.stderr).toContain('Plugins import only @pipe/sdk');
      expect(clean.code, explain(clean)).toBe(0);
    } finally {
      fs.rmSync(bad, { force: true });
      fs.rmSync(good, { force: true });
    }
  });
});
