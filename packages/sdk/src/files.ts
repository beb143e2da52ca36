import fs from 'node:fs';
import path from 'node:path';
import { LockedError } from './errors.ts';
import { makeDirs } from './paths.ts';

/**
 * Replace `file` with `data` so that a crash at any moment leaves the old file or the new
 * one, never part of one: write a temporary file beside it, fsync it, rename it over
 * `file`, then fsync the folder so the rename itself survives a power loss. Creates
 * missing folders. Synchronous: meant for state, manifests and other small files.
 *
 * The temporary file is `.<name>.<random>.tmp` in the same folder: a dot name that globs
 * such as `*.json` skip. It is removed when the write fails; a process killed mid-write
 * leaves it behind, and the file's owner may delete such names.
 */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  const dir = path.dirname(file);
  makeDirs(dir);
  const tmp = tempPathBeside(file);
  try {
    const fd = fs.openSync(tmp, 'wx');
    try {
      fs.writeFileSync(fd, data);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
  try {
    const dfd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(dfd);
    } finally {
      fs.closeSync(dfd);
    }
  } catch {
    // Some file systems refuse fsync on a folder; the rename is atomic all the same.
  }
}

/** `.<name>.<unique>.tmp` beside `file`: the one temp name both helpers use, so owners' clean-ups know it. */
export function tempPathBeside(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${uniqueSuffix()}.tmp`);
}

let tempCount = 0;
/**
 * Unique among this machine's live processes (pid, counter) and unlikely to repeat a dead one's
 * leftover (random part). Not node:crypto: loading it costs every command's start-up, and a
 * temp name needs no secrecy (bench/engine/installed.ts).
 */
export function uniqueSuffix(): string {
  return `${process.pid.toString(36)}-${(tempCount++).toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

export interface PidLockOptions {
  /** The error when a live process holds the lock (`owner` is its pid). Default: names the lock file and the pid. */
  held?: (owner: number) => LockedError;
  /** The error when the lock was stale on every attempt (other processes keep racing for it). */
  contended?: () => LockedError;
  /**
   * What a lock holding this process's own pid means. `'held'` (default): this process
   * took it and has not released it, so refuse. `'stale'`: for a lock a process takes at
   * most once, where our pid in it can only be a dead process's pid reused: take it over.
   */
  ownPid?: 'held' | 'stale';
}

/**
 * One holder at a time across processes: create `lockFile` exclusively, holding our pid.
 * A lock whose process no longer exists (killed with SIGKILL, machine restarted) is taken
 * over; one a live process holds throws LockedError. Creates missing folders. Returns the
 * release function, which deletes the lock file (calling it again does nothing); a lock not
 * released is deleted when the process exits (`process.exit` included; not SIGKILL).
 */
export function acquirePidLock(lockFile: string, options: PidLockOptions = {}): () => void {
  makeDirs(path.dirname(lockFile));
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      createLockFile(lockFile);
      const file = path.resolve(lockFile);
      removeOnExit(file);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        heldLocks.delete(file);
        fs.rmSync(lockFile, { force: true });
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const owner = lockOwner(lockFile);
      const live = owner !== undefined && (owner === process.pid ? options.ownPid !== 'stale' : isAlive(owner));
      if (live) {
        throw (
          options.held?.(owner) ??
          new LockedError(`${lockFile} is held by process ${owner}`, {
            hint: `Wait for process ${owner} to finish, or stop it; if it is not the process that took the lock (pids are reused), delete ${lockFile}.`,
          })
        );
      }
      fs.rmSync(lockFile, { force: true }); // stale: its owner is gone
    }
  }
  throw (
    options.contended?.() ??
    new LockedError(`could not take the lock ${lockFile}: other processes keep taking it`, { hint: 'Retry when the other run has finished.' })
  );
}

/**
 * Lock files this process holds, removed when it exits: also when a run that does not stop
 * in time after SIGTERM is ended with `process.exit`, which skips every `finally` (issue 23).
 */
const heldLocks = new Set<string>();

let exitHook = false;

function removeOnExit(file: string): void {
  if (!exitHook) process.on('exit', removeHeldLocks);
  exitHook = true;
  heldLocks.add(file);
}

function removeHeldLocks(): void {
  for (const file of heldLocks) {
    try {
      fs.rmSync(file, { force: true });
    } catch {
      // Exiting: a lock left here names a dead pid, which the next taker takes over.
    }
  }
  heldLocks.clear();
}

/**
 * Create `lockFile` holding our pid, failing with EEXIST if it exists. The pid is written to a
 * temporary file first and hard-linked into place, so the lock never exists empty: a second
 * process reading it in between would take an empty lock for a dead one and take it over.
 * File systems without hard links fall back to an exclusive create, then write.
 */
function createLockFile(lockFile: string): void {
  const tmp = tempPathBeside(lockFile);
  fs.writeFileSync(tmp, String(process.pid));
  try {
    fs.linkSync(tmp, lockFile);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS') throw e;
    fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

/** The pid in a lock file; undefined when it is gone or holds no pid (a crash of the fallback create). */
function lockOwner(lockFile: string): number | undefined {
  let text: string;
  try {
    text = fs.readFileSync(lockFile, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  const pid = Number.parseInt(text, 10);
  return pid > 0 ? pid : undefined;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to another user.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
