import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { CRASH_BATCH_ROWS, PEOPLE, people, stateWith } from './fixtures.ts';
import type { SinkHarness } from './harness.ts';
import { baseMode, runStream } from './write-helpers.ts';

// Compiled (published testkit) the child is crash-child.js beside this file.
const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), import.meta.url.endsWith('.ts') ? 'crash-child.ts' : 'crash-child.js');
const TSX = createRequire(import.meta.url).resolve('tsx');
/** Batches the child must have committed before it is killed (it keeps writing meanwhile). */
const KILL_AFTER = 3;

/** Run the child until it reports KILL_AFTER commits, then SIGKILL it; resolves with the last commit it reported. */
function runAndKill(module: string, exportName: string, location: string, mode: string, limitMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', TSX, CHILD, module, exportName, location, mode], { stdio: ['ignore', 'pipe', 'pipe'] });
    let last = 0;
    let output = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the crash child did not commit ${KILL_AFTER} batches within ${limitMs} ms; output: ${output.slice(-500)} ${stderr.slice(-500)}`));
    }, limitMs);
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.stdout.on('data', (d: Buffer) => {
      output += d.toString();
      for (const m of output.matchAll(/committed (\d+)/g)) last = Math.max(last, Number(m[1]));
      if (last >= KILL_AFTER && child.exitCode === null && !child.killed) child.kill('SIGKILL');
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (signal === 'SIGKILL' && last >= KILL_AFTER) resolve(last);
      else reject(new Error(`the crash child exited (code ${code}, signal ${signal}) before it was killed: ${output.slice(-500)} ${stderr.slice(-1000)}`));
    });
  });
}

export function registerCrashCases(h: () => SinkHarness, module: string, exportName: string): void {
  it('a process killed (SIGKILL) while writing leaves whole batches, and a state that describes exactly the rows present', async () => {
    const mode = baseMode(h().supports);
    const reported = await runAndKill(module, exportName, h().location, mode, 30_000);
    const rows = await h().rows(PEOPLE);
    const ids = rows.map((r) => Number(r.id));
    if (h().supports.readState) {
      const state = await h().committedState();
      const k = Number(state?.streams.people?.checkpoint);
      const mayLose = (h().factory.writesPerCommit ?? 1) - 1;
      expect(k, `the committed checkpoint is at least the last write that resolved (less ${mayLose} writes of an open group commit)`).toBeGreaterThanOrEqual(
        reported - mayLose,
      );
      expect(rows, `rows must be exactly batches 1..${k} (the committed state)`).toEqual(h().expected(PEOPLE, people(1, k * CRASH_BATCH_ROWS)));
    } else {
      expect(ids.length, 'every write that resolved must be durable').toBeGreaterThanOrEqual(reported * CRASH_BATCH_ROWS);
      expect(new Set(ids).size, 'no row twice').toBe(ids.length);
    }
    // The storage is usable after the crash: locks left by the dead process are not in the way.
    const more = people(1_000_001, 1_000_002);
    await h().withWriter((w) => runStream(w, PEOPLE, mode, [{ rows: more, state: stateWith({ people: 'after-crash' }, 1_000) }]));
    expect((await h().rows(PEOPLE)).length).toBe(rows.length + more.length);
  });
}
