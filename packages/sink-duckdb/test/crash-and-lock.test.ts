import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exited, spawnFixture, watchLines } from './child-process.ts';
import { openSink, query, withSink } from './helpers.ts';

let dir: string;
let file: string;
beforeEach(() => {
  dir = tempDirFor();
  file = path.join(dir, 'crash.duckdb');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function tempDirFor(): string {
  return fs.mkdtempSync(path.join(fs.realpathSync(process.env.TMPDIR ?? '/tmp'), 'pipe-duckdb-crash-'));
}

const BATCH = 4000;
const BATCHES = 400; // more than any round gets through before it is killed
const COMMIT_ROWS = 3 * BATCH; // a commit every 3 writes, so kills land inside and between commits

/** Rows and state after a crash: the state names exactly the batches present, no more, no less. */
async function checkConsistent(): Promise<number> {
  const state = await withSink(file, async (w) => w.readState?.());
  const next = (state?.streams.events?.checkpoint as { next: number } | undefined)?.next ?? 0;
  const tables = await query(file, `SELECT count(*)::INT AS n FROM duckdb_tables() WHERE table_name = 'events'`);
  if (tables[0]!.n === 0) {
    expect(next).toBe(0);
    return 0;
  }
  const [stats] = await query(
    file,
    'SELECT count(*)::INT AS n, count(DISTINCT id)::INT AS ids, coalesce(max(id), -1)::INT AS max_id, count(DISTINCT batch)::INT AS batches FROM crm.events',
  );
  expect(stats).toEqual({ n: next * BATCH, ids: next * BATCH, max_id: next * BATCH - 1, batches: next });
  return next;
}

describe('crash safety', () => {
  it('after kill -9 between and during batches, the state matches the rows exactly and the next run resumes', async () => {
    // Each round kills the writer at a different moment: right after a write (between
    // batches, with writes in the open transaction or just committed), a few milliseconds
    // later (inside the next batch, or inside a commit), and during start-up (open / prepare).
    // Every round gets past one commit (3 writes) before it is killed.
    const rounds: { afterWrites: number; delayMs: number }[] = [
      { afterWrites: 4, delayMs: 0 },
      { afterWrites: 6, delayMs: 0 },
      { afterWrites: 5, delayMs: 15 },
      { afterWrites: 3, delayMs: 40 },
      { afterWrites: 0, delayMs: 400 },
    ];
    let last = 0;
    for (const round of rounds) {
      const child = spawnFixture('crash-writer.ts', [file, String(BATCH), String(BATCHES), String(COMMIT_ROWS)]);
      let seen = 0;
      if (round.afterWrites > 0) await watchLines(child, (line) => line.startsWith('wrote') && ++seen >= round.afterWrites);
      await new Promise((r) => setTimeout(r, round.delayMs));
      child.kill('SIGKILL');
      await exited(child);
      const now = await checkConsistent();
      expect(now).toBeGreaterThanOrEqual(last);
      if (round.afterWrites >= 3) expect(now).toBeGreaterThan(last); // it resumed and made progress
      last = now;
    }
    expect(last).toBeGreaterThan(0);
  });
});

describe('single writer', () => {
  it('a second process gets LockedError naming the file and the holder, and can open once it is released', async () => {
    const holder = spawnFixture('hold-lock.ts', [file]);
    try {
      await watchLines(holder, (line) => line === 'ready');
      const err = await openSink(file).catch((e) => e);
      expect(err.code).toBe('LOCKED');
      expect(err.message).toContain(`DuckDB file ${file} is locked by`);
      expect(err.message).toContain(`(PID ${holder.pid})`);
      expect(err.hint).toMatch(/Wait for that process to finish/);
    } finally {
      holder.stdin.end();
      await exited(holder);
    }
    const writer = await openSink(file);
    await writer.close();
  });

  it('a second writer in the same process is refused too (DuckDB file locks are per process)', async () => {
    const first = await openSink(file);
    try {
      const err = await openSink(file).catch((e) => e);
      expect(err.code).toBe('LOCKED');
      expect(err.message).toContain(`DuckDB file ${file} is already open for writing in this process`);
    } finally {
      await first.close();
    }
    await (await openSink(file)).close();
  });

  it('close() releases the file for readers such as the duckdb CLI', async () => {
    const writer = await openSink(file);
    await writer.close();
    await writer.close(); // idempotent
    expect(await query(file, 'SELECT 1 AS ok')).toEqual([{ ok: 1 }]);
  });
});
