import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogCollision } from '../src/config.ts';
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

  it('fails at once under /proc, where Node 20 recursive mkdir loops forever (issue 23)', async () => {
    const t0 = performance.now();
    await expect(openSink('/proc/nope/crm.duckdb')).rejects.toThrow(/could not open DuckDB file \/proc\/nope\/crm\.duckdb/);
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});

describe('catalog and schema names (pipe validate warns)', () => {
  it('warns when the file basename equals the schema, case-insensitively, at the field that decides it', () => {
    expect(catalogCollision({ path: '/x/Hubspot.duckdb', schema: 'hubspot' }, 'p')).toMatchObject([{ path: ['schema'], message: expect.stringContaining('Ambiguous reference') }]);
    expect(catalogCollision({ path: '/x/crm.v2.duckdb' }, 'crm')).toMatchObject([{ path: ['path'] }]);
  });

  it('is quiet when the names differ and for :memory:', () => {
    expect(catalogCollision({ path: '/x/warehouse.duckdb', schema: 'hubspot' }, 'p')).toEqual([]);
    expect(catalogCollision({ path: '/x/:memory:' }, 'memory')).toEqual([]);
  });
});
