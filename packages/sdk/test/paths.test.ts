import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeDirs, unwritablePathReason } from '../src/paths.ts';

let tmp: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pipe-paths-'));
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('makeDirs', () => {
  it('creates every missing level and accepts an existing folder', () => {
    const dir = path.join(tmp, 'a/b/c');
    makeDirs(dir);
    expect(fs.statSync(dir).isDirectory()).toBe(true);
    makeDirs(dir);
  });

  it('fails at once under /proc, where Node 20 recursive mkdir loops forever', () => {
    const started = Date.now();
    expect(() => makeDirs('/proc/nope/out')).toThrow(/ENOENT/);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('fails with ENOTDIR when a parent is a file', () => {
    fs.writeFileSync(path.join(tmp, 'file'), 'x');
    expect(() => makeDirs(path.join(tmp, 'file/sub/dir'))).toThrow(expect.objectContaining({ code: 'ENOTDIR' }));
  });
});

describe('unwritablePathReason', () => {
  it('accepts a new file in a new folder and leaves nothing behind', () => {
    expect(unwritablePathReason(path.join(tmp, 'new/deeper/x.duckdb'))).toBeUndefined();
    expect(unwritablePathReason(path.join(tmp, 'x.duckdb'))).toBeUndefined();
    expect(fs.readdirSync(tmp)).toEqual([]);
  });

  it('accepts an existing file and an existing folder', () => {
    fs.writeFileSync(path.join(tmp, 'x.duckdb'), '');
    expect(unwritablePathReason(path.join(tmp, 'x.duckdb'))).toBeUndefined();
    expect(unwritablePathReason(tmp)).toBeUndefined();
    expect(fs.readdirSync(tmp)).toEqual(['x.duckdb']);
  });

  it('names a parent that is a file', () => {
    fs.writeFileSync(path.join(tmp, 'file'), 'x');
    expect(unwritablePathReason(path.join(tmp, 'file/sub/x.duckdb'))).toBe(`${path.join(tmp, 'file')} is a file, not a folder, so ${path.join(tmp, 'file/sub/x.duckdb')} cannot be created under it`);
  });

  it('refuses /proc paths, by trying the real operation (root passes permission checks)', () => {
    expect(unwritablePathReason('/proc/nope/crm.duckdb')).toMatch(/^\/proc takes no new files or folders.*\(ENOENT\)$/);
    expect(unwritablePathReason('/proc/crm.duckdb')).toMatch(/^\/proc takes no new files/);
    expect(unwritablePathReason('/proc')).toMatch(/^\/proc takes no new files/);
  });
});
