import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSink, tempDir } from './helpers.ts';

describe('database path', () => {
  it('creates missing folders of the file path (out/warehouse.duckdb in a fresh clone)', async () => {
    const file = path.join(tempDir(), 'out', 'nested', 'warehouse.duckdb');
    const sink = await openSink(file);
    await sink.close();
    expect(fs.existsSync(file)).toBe(true);
  });

  it('names the file and what to check when the folder cannot be created', async () => {
    const dir = tempDir();
    const blocker = path.join(dir, 'not-a-folder');
    fs.writeFileSync(blocker, 'a file where a folder should be');
    await expect(openSink(path.join(blocker, 'warehouse.duckdb'))).rejects.toThrow(/could not open DuckDB file .*not-a-folder\/warehouse\.duckdb/);
  });
});
