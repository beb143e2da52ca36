import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LockedError, acquirePidLock, writeFileAtomic } from '../src/index.ts';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pipe-sdk-files-'));
});
afterEach(() => {
  vi.restoreAllMocks();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The pid of a process that has exited. */
const deadPid = () => Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString());

describe('writeFileAtomic', () => {
  it('creates missing folders, replaces the file, and leaves no temp file', () => {
    const file = path.join(dir, 'a', 'b', 'state.json');
    writeFileAtomic(file, 'one');
    writeFileAtomic(file, new TextEncoder().encode('two'));
    expect(fs.readFileSync(file, 'utf8')).toBe('two');
    expect(fs.readdirSync(path.dirname(file))).toEqual(['state.json']);
  });

  it('keeps the old file intact when the write fails before the rename (a full disk, an I/O error)', () => {
    const file = path.join(dir, 'state.json');
    writeFileAtomic(file, 'old');
    const rename = vi.spyOn(fs, 'renameSync');
    vi.spyOn(fs, 'fsyncSync').mockImplementationOnce(() => {
      throw Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' });
    });
    expect(() => writeFileAtomic(file, 'new')).toThrow('EIO');
    expect(rename).not.toHaveBeenCalled();
    expect(fs.readFileSync(file, 'utf8')).toBe('old');
    expect(fs.readdirSync(dir), 'the temp file is removed').toEqual(['state.json']);
  });

  it('writes through a dot-named temp file beside the target', () => {
    const file = path.join(dir, 'state.json');
    const rename = vi.spyOn(fs, 'renameSync');
    writeFileAtomic(file, 'x');
    const [from, to] = rename.mock.calls[0]!;
    expect(to).toBe(file);
    expect(path.dirname(String(from))).toBe(dir);
    expect(path.basename(String(from))).toMatch(/^\.state\.json\.[0-9a-z-]+\.tmp$/);
  });
});

describe('acquirePidLock', () => {
  let sleeper: ChildProcess | undefined;
  afterEach(() => {
    sleeper?.kill();
    sleeper = undefined;
  });

  it('writes our pid; release deletes the lock, twice is harmless, and the lock can be taken again', () => {
    const lock = path.join(dir, 'sub', 'x.lock');
    const release = acquirePidLock(lock);
    expect(fs.readFileSync(lock, 'utf8')).toBe(String(process.pid));
    release();
    release();
    expect(fs.existsSync(lock)).toBe(false);
    acquirePidLock(lock)();
  });

  it('builds the lock beside it and links it into place: only the lock is left in the folder, then nothing', () => {
    const lock = path.join(dir, 'x.lock');
    const release = acquirePidLock(lock);
    expect(fs.readdirSync(dir)).toEqual(['x.lock']);
    expect(fs.readFileSync(lock, 'utf8')).toBe(String(process.pid));
    release();
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it("refuses a second holder while a live process holds it, naming that process's pid", () => {
    const lock = path.join(dir, 'x.lock');
    sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], { stdio: 'ignore' });
    fs.writeFileSync(lock, String(sleeper.pid));
    let caught: unknown;
    try {
      acquirePidLock(lock);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(LockedError);
    expect((caught as LockedError).message).toBe(`${lock} is held by process ${sleeper.pid}`);
    expect((caught as LockedError).hint).toContain(`delete ${lock}`);
    expect(fs.readFileSync(lock, 'utf8'), 'the holder keeps its lock').toBe(String(sleeper.pid));
  });

  it('uses the caller’s error for a live holder', () => {
    const lock = path.join(dir, 'x.lock');
    const release = acquirePidLock(lock);
    const held = (pid: number) => new LockedError(`dataset is being written by process ${pid}`, { hint: 'wait' });
    expect(() => acquirePidLock(lock, { held })).toThrow(`dataset is being written by process ${process.pid}`);
    release();
  });

  it('takes over a lock whose process is dead, and one holding no pid', () => {
    const lock = path.join(dir, 'x.lock');
    fs.writeFileSync(lock, String(deadPid()));
    const release = acquirePidLock(lock);
    expect(fs.readFileSync(lock, 'utf8')).toBe(String(process.pid));
    release();
    fs.writeFileSync(lock, ''); // its writer died between creating and writing it
    acquirePidLock(lock)();
  });

  it('gives up with the caller’s error when the lock is taken again on every attempt', () => {
    const lock = path.join(dir, 'x.lock');
    vi.spyOn(fs, 'writeFileSync').mockImplementation(() => {
      throw Object.assign(new Error('EEXIST: file already exists'), { code: 'EEXIST' });
    });
    const contended = () => new LockedError('could not take the run lock', { hint: 'retry' });
    expect(() => acquirePidLock(lock, { contended })).toThrow('could not take the run lock');
  });

  it("treats a lock holding our own pid as held, or as stale with ownPid: 'stale'", () => {
    const lock = path.join(dir, 'x.lock');
    acquirePidLock(lock);
    expect(() => acquirePidLock(lock)).toThrow(LockedError);
    const release = acquirePidLock(lock, { ownPid: 'stale' });
    expect(fs.readFileSync(lock, 'utf8')).toBe(String(process.pid));
    release();
    expect(fs.existsSync(lock)).toBe(false);
  });
});
