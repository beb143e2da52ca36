import fs from 'node:fs/promises';
import path from 'node:path';
import { LockedError, acquirePidLock, makeDirs, tempPathBeside, writeFileAtomic } from '@pipe/sdk';
import type { Storage } from './storage.ts';

const LOCK_FILE = '_pipe/lock';
/** Roots locked by writers of this process (the pid in the lock file cannot tell them apart). */
const lockedHere = new Set<string>();

/** A dataset in a local folder: files fsynced, renamed into place, then the folder fsynced. */
export class LocalStorage implements Storage {
  private release: (() => void) | undefined;

  constructor(readonly root: string) {}

  private abs(relPath: string): string {
    return path.join(this.root, ...relPath.split('/'));
  }

  async stagingPath(relPath: string): Promise<string> {
    const target = this.abs(relPath);
    makeDirs(path.dirname(target));
    // A dot name that no glob for *.parquet matches; cleaned up by the next run if we die.
    return tempPathBeside(target);
  }

  // Not writeFileAtomic: a Parquet file is large, and fsyncing it synchronously would stall the event loop.
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
    writeFileAtomic(this.abs(relPath), text);
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
    const held = (pid: number) =>
      new LockedError(`parquet sink: ${this.root} is being written by process ${pid}`, {
        hint: `Wait for that run to finish (or close the other writer); if no pipe process is running, delete ${file}.`,
      });
    if (lockedHere.has(file)) throw held(process.pid);
    this.release = acquirePidLock(file, {
      // Our pid in a lock no writer here holds (see lockedHere) is left over: take it over.
      ownPid: 'stale',
      held,
      contended: () => new LockedError(`parquet sink: could not take the lock ${file}`, { hint: 'Another run started at the same moment; retry.' }),
    });
    lockedHere.add(file);
  }

  async unlock(): Promise<void> {
    if (!this.release) return;
    lockedHere.delete(this.abs(LOCK_FILE));
    this.release();
    this.release = undefined;
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
