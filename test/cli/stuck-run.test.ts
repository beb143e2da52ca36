// Issue 23: a run that cannot make progress must still answer SIGTERM/SIGINT within seconds,
// release its locks (the run's and the sinks') and leave the next run free to start.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { STOP_GRACE_MS } from '../../packages/cli/src/commands/run.ts';
import { ROOT, cli, startCli } from './run-cli.ts';

let tmp: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pipe-stuck-'));
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** The slow fixture source, whose pages here take DELAY_MS each (it ignores the abort while it waits), into two locking sinks. */
function pipeline(): string {
  const file = path.join(tmp, 'stuck.yml');
  const source = path.join(ROOT, 'test/fixtures/slow/slow-source.ts');
  fs.writeFileSync(
    file,
    `version: 1\nname: stuck\nsource:\n  ${source}:\n    pages: 5\n    delay_ms: \${DELAY_MS}\nsinks:\n  - duckdb: { path: out/warehouse.duckdb }\n  - parquet: { dir: out/parquet }\n`,
  );
  return file;
}

const locks = () => [path.join(tmp, '.pipe/stuck.lock'), path.join(tmp, 'out/parquet/_pipe/lock')].filter((f) => fs.existsSync(f));

async function waitFor(cond: () => boolean, ms: number) {
  const until = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('a stuck run answers signals', () => {
  for (const [signal, code] of [
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const) {
    it(`${signal}: exits ${code} within a few seconds, leaves no lock, and the next run succeeds`, { timeout: 120_000 }, async () => {
      const file = pipeline();
      // A first page that takes 10 minutes: nothing the run waits for arrives.
      const { child, done } = startCli(['run', file], { DELAY_MS: '600000' });
      await waitFor(() => locks().length === 2, 60_000);
      await new Promise((r) => setTimeout(r, 500)); // well inside the wait for the first page
      const t0 = Date.now();
      child.kill(signal);
      const r = await done;
      const seconds = (Date.now() - t0) / 1000;
      expect(r.code, r.stderr).toBe(code);
      expect(seconds).toBeLessThan(STOP_GRACE_MS / 1000 + 3);
      expect(r.stderr).toContain(`still running ${STOP_GRACE_MS / 1000} s after ${signal}: quitting now`);
      expect(locks()).toEqual([]);

      const next = await cli(['run', file, '-q'], { DELAY_MS: '1' });
      expect(next.code, next.stderr).toBe(0);
      expect(next.stdout).toMatch(/ticks\s+succeeded\s+50/);
    });
  }
});
