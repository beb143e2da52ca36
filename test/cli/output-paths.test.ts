// Issue 23: `duckdb: { path: /proc/nope/crm.duckdb }` spun at 100 % CPU for 30 minutes (Node 20's
// recursive mkdir loops under /proc) and ignored SIGTERM. Sink paths are now checked before any
// work: exit 2 at once, the path named at its place in the file. Tests run as root, where
// permission bits block nothing: the bad paths are /proc and a parent that is a regular file.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCommand } from '../../packages/cli/src/commands/run.ts';
import { CliExit } from '../../packages/cli/src/exit.ts';
import { cli } from './run-cli.ts';

let tmp: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pipe-paths-'));
  fs.writeFileSync(path.join(tmp, 'a-file'), 'not a folder');
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

function pipeline(sink: string): string {
  const file = path.join(tmp, 'p.yml');
  fs.writeFileSync(file, `version: 1\nname: paths\nsource:\n  memory: { seed: 1 }\nsinks:\n  - ${sink}\n`);
  return file;
}

/** Runs in this process, so the time measured is pipe's, not a process start. */
async function runFails(file: string): Promise<{ message: string; ms: number }> {
  const t0 = performance.now();
  try {
    await runCommand(file, { quiet: true });
  } catch (e) {
    const ms = performance.now() - t0;
    expect(e).toBeInstanceOf(CliExit);
    expect((e as CliExit).code).toBe(2);
    return { message: (e as CliExit).message, ms };
  }
  throw new Error('the run did not fail');
}

describe('a sink path that cannot be written fails before any work, with exit 2', () => {
  const cases = [
    { name: 'a DuckDB file under /proc', sink: 'duckdb: { path: /proc/nope/crm.duckdb }', at: /p\.yml:6:21: sinks\[0\]\.duckdb\.path: cannot write \/proc\/nope\/crm\.duckdb: \/proc takes no new files or folders/ },
    { name: 'a DuckDB file whose parent is a file', sink: 'duckdb: { path: a-file/sub/crm.duckdb }', at: /sinks\[0\]\.duckdb\.path: cannot write .*a-file\/sub\/crm\.duckdb: .*a-file is a file, not a folder/ },
    { name: 'a Parquet folder under /proc', sink: 'parquet: { dir: /proc/out/hubspot }', at: /p\.yml:6:21: sinks\[0\]\.parquet\.dir: cannot write \/proc\/out\/hubspot: \/proc takes no new files/ },
    { name: 'a Parquet folder whose parent is a file', sink: 'parquet: { dir: a-file/parquet }', at: /sinks\[0\]\.parquet\.dir: cannot write .*a-file\/parquet: .*a-file is a file, not a folder/ },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const { message, ms } = await runFails(pipeline(c.sink));
      expect(message).toMatch(c.at);
      expect(message).toContain('point it at a folder this user can write');
      expect(ms).toBeLessThan(2000);
      expect(fs.readdirSync(tmp).sort(), 'nothing written, no lock left').toEqual(['a-file', 'p.yml']);
    });
  }

  it('names every bad path at once, from the CLI, without a stack', async () => {
    const file = pipeline('duckdb: { path: /proc/nope/crm.duckdb }\n  - parquet: { dir: a-file/out }');
    const r = await cli(['run', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/sinks\[0\]\.duckdb\.path: cannot write \/proc\/nope\/crm\.duckdb/);
    expect(r.stderr).toMatch(/sinks\[1\]\.parquet\.dir: cannot write .*a-file\/out: .*a-file is a file, not a folder/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('a good path still runs', async () => {
    const r = await cli(['run', pipeline('duckdb: { path: new/folder/warehouse.duckdb }'), '-q']);
    expect(r.code, r.stderr).toBe(0);
    expect(fs.existsSync(path.join(tmp, 'new/folder/warehouse.duckdb'))).toBe(true);
  });
});
