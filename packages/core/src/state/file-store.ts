import fs from 'node:fs';
import path from 'node:path';
import { LockedError, type PipelineState } from '@pipe/sdk';
import { migrateState } from './migrate.ts';

/**
 * Local state for sinks that cannot store it themselves: one JSON file per pipeline under
 * `.pipe/` beside the pipeline file, holding one PipelineState per sink. Written with
 * tmp + fsync + rename, so a crash leaves the old or the new file, never half of one.
 */
export class FileStateStore {
  readonly file: string;

  constructor(stateDir: string, pipeline: string) {
    this.file = path.join(stateDir, `${pipeline}.state.json`);
  }

  read(sinkKey: string, pipeline: string): PipelineState | undefined {
    const all = this.readAll();
    const doc = all[sinkKey];
    return doc === undefined ? undefined : migrateState(doc, pipeline);
  }

  write(sinkKey: string, state: PipelineState): void {
    const all = this.readAll();
    all[sinkKey] = state;
    writeFileAtomic(this.file, `${JSON.stringify(all, null, 2)}\n`);
  }

  remove(sinkKey: string, streams?: string[]): void {
    const all = this.readAll();
    const doc = all[sinkKey] as PipelineState | undefined;
    if (!doc) return;
    if (!streams) delete all[sinkKey];
    else for (const s of streams) delete doc.streams[s];
    writeFileAtomic(this.file, `${JSON.stringify(all, null, 2)}\n`);
  }

  private readAll(): Record<string, unknown> {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw e;
    }
    return JSON.parse(text) as Record<string, unknown>;
  }
}

export function writeFileAtomic(file: string, content: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = fs.openSync(tmp, 'w');
  try {
    fs.writeSync(fd, content);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
  // fsync the folder so the rename itself survives a power loss.
  try {
    const dfd = fs.openSync(path.dirname(file), 'r');
    fs.fsyncSync(dfd);
    fs.closeSync(dfd);
  } catch {
    // Some file systems do not allow fsync on directories; the rename is still atomic.
  }
}

/**
 * One run per pipeline at a time: an exclusive lock file holding the owner's pid. A lock
 * left by a process that no longer exists (kill -9) is taken over.
 */
export function acquireRunLock(stateDir: string, pipeline: string): () => void {
  const file = path.join(stateDir, `${pipeline}.lock`);
  fs.mkdirSync(stateDir, { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = fs.openSync(file, 'wx');
      fs.writeSync(fd, String(process.pid));
      fs.closeSync(fd);
      return () => fs.rmSync(file, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const pid = Number(fs.readFileSync(file, 'utf8'));
      if (pid && pid !== process.pid && isAlive(pid)) {
        throw new LockedError(`pipeline "${pipeline}" is already running (process ${pid} holds ${file})`, {
          hint: 'wait for that run to finish, or stop it; if no such process exists, delete the lock file',
        });
      }
      fs.rmSync(file, { force: true }); // stale: its owner is gone
    }
  }
  throw new LockedError(`could not take the run lock ${file}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
