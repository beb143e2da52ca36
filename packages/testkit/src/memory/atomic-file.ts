import fs from 'node:fs';
import path from 'node:path';
import { LockedError } from '@pipe/sdk';

/**
 * Replace `file` with `content` so a crash at any point leaves the old file or the new
 * one, never half of one: write a temp file, fsync it, rename it over, fsync the folder.
 */
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
  try {
    const dir = fs.openSync(path.dirname(file), 'r');
    fs.fsyncSync(dir);
    fs.closeSync(dir);
  } catch {
    // Some file systems refuse fsync on a folder; the rename is atomic all the same.
  }
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Take an exclusive lock beside `file` (`<file>.lock`, holding our pid). A lock left by a
 * process that no longer exists (SIGKILL) is taken over. Returns the release function.
 */
export function acquireFileLock(file: string): () => void {
  const lock = `${file}.lock`;
  fs.mkdirSync(path.dirname(lock), { recursive: true });
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(lock, String(process.pid), { flag: 'wx' });
      let released = false;
      return () => {
        if (released) return;
        released = true;
        fs.rmSync(lock, { force: true });
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const owner = Number.parseInt(fs.readFileSync(lock, 'utf8'), 10);
      if (Number.isInteger(owner) && processIsAlive(owner)) {
        throw new LockedError(`${file} is in use by process ${owner}${owner === process.pid ? ' (this process: a writer was not closed)' : ''}`, {
          hint: `Close the other writer first; if process ${owner} is gone, delete ${lock}.`,
        });
      }
      fs.rmSync(lock, { force: true }); // stale: its owner died without releasing it
    }
  }
  throw new LockedError(`could not lock ${file}: another process keeps taking ${lock}`, { hint: 'Retry when the other run has finished.' });
}
