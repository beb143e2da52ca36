import fs from 'node:fs';
import path from 'node:path';
import { uniqueSuffix } from './files.ts';

/*
 * Output paths, checked and created without Node's recursive mkdir: on Node 20,
 * `mkdirSync(dir, { recursive: true })` under a file system that answers ENOENT to every
 * mkdir (/proc, /sys) loops forever on a busy core, and being synchronous it blocks the
 * signal handlers too (issue 23: `duckdb: { path: /proc/nope/crm.duckdb }` hung a run for
 * 30 minutes and ignored SIGTERM). One mkdir per missing level, top-down, fails instead.
 */

/**
 * Create `dir` and any missing parents, one level at a time. Throws the first mkdir's error
 * (ENOENT under a pseudo file system, ENOTDIR when a parent is a file, EACCES, EROFS…).
 * A folder that another process creates meanwhile is fine.
 */
export function makeDirs(dir: string): void {
  const missing: string[] = [];
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    const stat = statOrUndefined(d);
    if (stat) {
      if (!stat.isDirectory()) throw errnoError('ENOTDIR', `${d} is not a folder`, d);
      break;
    }
    missing.push(d);
    if (path.dirname(d) === d) break;
  }
  for (const d of missing.reverse()) {
    try {
      fs.mkdirSync(d);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || !statOrUndefined(d)?.isDirectory()) throw e;
    }
  }
}

/**
 * Why `target` (a file or folder pipe will create or write) cannot be written, or undefined
 * when it can. Checks before any work, and leaves nothing behind: walks up to the first
 * existing ancestor, which must be a folder, and tries the real operation there (creates
 * and removes the first missing folder, or a probe file), because permission bits do not
 * tell: root passes every access check, and /proc refuses a mkdir all the same.
 * An existing `target` must be a writable file or a folder that takes new files.
 */
export function unwritablePathReason(target: string): string | undefined {
  try {
    return reason(path.resolve(target));
  } catch (e) {
    return `cannot check ${target}: ${(e as Error).message}`;
  }
}

function reason(abs: string): string | undefined {
  let existing = abs;
  let firstMissing: string | undefined;
  let stat = statOrUndefined(existing);
  while (!stat) {
    const parent = path.dirname(existing);
    if (parent === existing) return `no folder of ${abs} exists`;
    firstMissing = existing;
    existing = parent;
    stat = statOrUndefined(existing);
  }
  if (!stat.isDirectory()) {
    if (existing === abs) return probe(() => fs.accessSync(abs, fs.constants.W_OK), abs);
    return `${existing} is a file, not a folder, so ${abs} cannot be created under it`;
  }
  if (firstMissing === undefined || firstMissing === abs) {
    // The folder that takes the new entry exists: create a probe file in it.
    const file = path.join(existing, `.pipe-probe-${uniqueSuffix()}.tmp`);
    return probe(
      () => {
        fs.closeSync(fs.openSync(file, 'wx'));
        fs.rmSync(file, { force: true });
      },
      existing,
    );
  }
  return probe(
    () => {
      fs.mkdirSync(firstMissing);
      fs.rmdirSync(firstMissing);
    },
    existing,
  );
}

function probe(attempt: () => void, where: string): string | undefined {
  try {
    attempt();
    return undefined;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    const why: Record<string, string> = {
      ENOENT: `${where} takes no new files or folders: a virtual file system such as /proc or /sys?`,
      EROFS: `${where} is on a read-only file system`,
      EACCES: `no permission to write in ${where}`,
      EPERM: `no permission to write in ${where}`,
      ENOSPC: `no space left on the device of ${where}`,
      EDQUOT: `the disk quota of ${where} is used up`,
    };
    return `${why[code] ?? `cannot write in ${where}: ${(e as Error).message}`} (${code})`;
  }
}

function statOrUndefined(p: string): fs.Stats | undefined {
  try {
    return fs.statSync(p);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    // ENOTDIR: a parent is a file; the walk up finds it.
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw e;
  }
}

function errnoError(code: string, message: string, file: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: ${message}`), { code, path: file });
}
