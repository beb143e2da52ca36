import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openWriter, sinkStream } from './helpers.ts';
import { type Backend, LOCAL, S3 } from './support/backends.ts';
import { BATCH_ROWS } from './support/crash-writer.ts';
import { listDataset, queryDataset, readManifestAt } from './support/read-dataset.ts';
import { startS3Server } from './support/s3-server.ts';

const server = await startS3Server();
afterAll(() => server.close());

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'support', 'crash-writer.ts');
const TSX = createRequire(import.meta.url).resolve('tsx');

/** Start the writer child, let it commit `after` batches, then SIGKILL it a few ms into the next write. */
function runAndKill(dir: string, after: number, delayMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', TSX, CHILD, dir], { stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
    let out = '';
    let last = 0;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`child made no progress: ${out.slice(-300)}`));
    }, 40_000);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      for (const m of out.matchAll(/committed (\d+)/g)) last = Math.max(last, Number(m[1]));
      if (last >= after && !child.killed) setTimeout(() => child.kill('SIGKILL'), delayMs);
    });
    child.stderr.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.on('exit', (_code, signal) => {
      clearTimeout(timer);
      if (signal === 'SIGKILL') resolve(last);
      else reject(new Error(`child exited by itself: ${out.slice(-500)}`));
    });
  });
}

describe.each([LOCAL, S3])('crash and resume on $name storage', (backend: Backend) => {
  it('a SIGKILLed run leaves a manifest whose state matches the rows exactly; the next run removes its stray files', async () => {
    const dir = backend.newDir();
    const reported = await runAndKill(dir, 2, backend.name === 'local' ? 15 : 40);
    const manifest = (await readManifestAt(dir))!;
    const k = Number(manifest.state!.streams.events!.checkpoint);
    expect(k, 'every write that resolved is committed').toBeGreaterThanOrEqual(reported);
    const stats = await queryDataset(dir, 'SELECT count(*)::INT AS n, count(DISTINCT id)::INT AS d, min(id)::INT AS lo, max(id)::INT AS hi FROM events_history');
    expect(stats, `rows must be exactly batches 1..${k}`).toEqual([{ n: k * BATCH_ROWS, d: k * BATCH_ROWS, lo: 1, hi: k * BATCH_ROWS }]);

    // The next run: its prepare removes whatever the killed one left outside the manifest.
    const w = await openWriter({ dir });
    await w.prepare([sinkStream({ name: 'events', primaryKey: ['id'], columns: [{ name: 'id', type: 'integer' }, { name: 'payload', type: 'string' }] }, 'merge')]);
    await w.close();
    const named = manifest.streams.events!.files.map((f) => f.path);
    const onDisk = (await listDataset(dir)).filter((f) => f.startsWith('events/'));
    expect(onDisk.sort()).toEqual([...named].sort());
    expect((await listDataset(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
