// The CLI as `pnpm install` leaves it: bundled by scripts/bundle-cli.mjs. Built here into a
// folder of its own, so the test does not depend on (or disturb) packages/cli/dist.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from './run-cli.ts';

const run = promisify(execFile);
const bundleDir = path.join(ROOT, `packages/cli/dist-test-${process.pid}`);
const main = path.join(bundleDir, 'main.js');

async function bundled(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, [main, ...args], { cwd: ROOT, env: { ...process.env, CI: 'true', ...env } });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

describe('the bundled CLI', () => {
  beforeAll(async () => {
    await run(process.execPath, [path.join(ROOT, 'scripts/bundle-cli.mjs')], { cwd: ROOT, env: { ...process.env, PIPE_BUNDLE_DIR: bundleDir } });
  }, 120_000);
  afterAll(() => fs.rmSync(bundleDir, { recursive: true, force: true }));

  it('records which sources it was built from, for the freshness check in bin/pipe.js', () => {
    const stamp = JSON.parse(fs.readFileSync(path.join(bundleDir, 'inputs.json'), 'utf8')) as { builtAt: number; inputs: string[] };
    expect(stamp.inputs).toContain('packages/cli/src/main.ts');
    expect(stamp.inputs).toContain('packages/source-hubspot/src/index.ts');
    expect(stamp.inputs.every((f) => !path.isAbsolute(f) && fs.existsSync(path.join(ROOT, f)))).toBe(true);
  });

  it('runs built-in plugins (DuckDB, a native module) without tsx', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pipe-bundle-'));
    fs.writeFileSync(path.join(dir, 'p.yml'), 'version: 1\nname: bundled\nsource:\n  memory: { seed: 1 }\nsinks:\n  - duckdb: { path: out.duckdb }\n');
    const r = await bundled(['run', path.join(dir, 'p.yml')]);
    expect(r.stderr + r.stdout).toContain('succeeded');
    expect(r.code).toBe(0);
  }, 60_000);

  it('loads a TypeScript plugin file and recognises the errors it throws', async () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pipe-bundle-')), 'out.json');
    const fixture = path.join(ROOT, 'test/fixtures/slow/pipeline.yml');
    const ok = await bundled(['run', fixture], { PAGES: '2', OUT_FILE: out });
    expect(ok.code).toBe(0);
    // The plugin's AuthError comes from its own copy of @pipe/sdk (loaded through tsx), not the
    // bundle's: it must still be shown as the plugin's error with its hint, not as a pipe bug.
    const failed = await bundled(['run', fixture, '--full-refresh'], { PAGES: '3', FAIL_AT: '1', OUT_FILE: out });
    const text = failed.stdout + failed.stderr;
    expect(failed.code).toBe(1);
    expect(text).toContain('slow fixture: the API refused page 1');
    expect(text).toContain('this is the fixture failing on purpose');
    expect(text).not.toContain('this is a bug in pipe');
  }, 60_000);
});
