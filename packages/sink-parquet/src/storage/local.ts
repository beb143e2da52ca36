import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { LockedError } from '@pipe/sdk';
import type { Storage } from './storage.ts';

const LOCK_FILE = '_pipe/lock';
/** Roots locked by writers of this process (the pid in the lock file cannot tell them apart). */
const lockedHere = new Set<string>();

/** A dataset in a local folder: files fsynced, renamed into place, then the folder fsynced. */
export class LocalStorage implements Storage {
  private locked = false;

  constructor(readonly root: string) {}

  private abs(relPath: string): string {
    return path.join(this.root, ...relPath.split('/'));
  }

  async stagingPath(relPath: string): Promise<string> {
    const target = this.abs(relPath);
    await fs.mkdir(path.dirname(target), { recursive: true });
    // A dot name that no glob for *.parquet matches; cleaned up by the next run if we die.
    return path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(4).toString('hex')}.tmp`);
  }

  async publish(staged: string, relPath: string): Promise<number> {
    const target = this.abs(relPath);
    await fsyncFile(staged);
    await fs.rename(staged, target);
    await fsyncDir(path.dirname(target));
    return (await fs.stat(target)).size;
  }

  async discard(staged: string): Promise<void> {
    await fs.rm(staged, { force: true });
  }

  async readText(relPath: string): Promise<string | undefined> {
    try {
      return await fs.readFile(this.abs(relPath), 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
  }

  async writeTextAtomic(relPath: string, text: string): Promise<void> {
    const staged = await this.stagingPath(relPath);
    await fs.writeFile(staged, text);
    await this.publish(staged, relPath);
  }

  async list(prefix: string): Promise<string[]> {
    const base = this.abs(prefix);
    try {
      const entries = await fs.readdir(base, { recursive: true, withFileTypes: true });
      return entries
        .filter((e) => e.isFile())
        .map((e) => path.relative(this.root, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
        .sort();
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
  }

  async remove(relPaths: string[]): Promise<void> {
    for (const p of relPaths) await fs.rm(this.abs(p), { force: true });
  }

  readerPath(relPath: string): string {
    return this.abs(relPath);
  }

  async localCopy(relPath: string) {
    return { path: this.abs(relPath), release: async () => {} };
  }

  /** A lock file holding our pid; a lock whose process is gone (SIGKILL) is taken over. */
  async lock(): Promise<void> {
    const file = this.abs(LOCK_FILE);
    await fs.mkdir(path.dirname(file), { recursive: true });
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        if (lockedHere.has(file)) throw Object.assign(new Error('locked in this process'), { code: 'EEXIST' });
        await fs.writeFile(file, String(process.pid), { flag: 'wx' });
        lockedHere.add(file);
        this.locked = true;
        return;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        const pid = Number(await fs.readFile(file, 'utf8').catch(() => ''));
        if ((pid && pid !== process.pid && isAlive(pid)) || lockedHere.has(file)) {
          throw new LockedError(`parquet sink: ${this.root} is being written by process ${pid || process.pid}`, {
            hint: `Wait for that run to finish (or close the other writer); if no pipe process is running, delete ${file}.`,
          });
        }
        await fs.rm(file, { force: true });
      }
    }
    throw new LockedError(`parquet sink: could not take the lock ${file}`, { hint: 'Another run started at the same moment; retry.' });
  }

  async unlock(): Promise<void> {
    if (!this.locked) return;
    this.locked = false;
    const file = this.abs(LOCK_FILE);
    lockedHere.delete(file);
    await fs.rm(file, { force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function fsyncFile(file: string): Promise<void> {
  const handle = await fs.open(file, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function fsyncDir(dir: string): Promise<void> {
  const handle = await fs.open(dir, 'r');
  try {
    await handle.sync();
  } catch {
    // Some file systems refuse fsync on a directory; the rename is still atomic.
  } finally {
    await handle.close();
  }
}
