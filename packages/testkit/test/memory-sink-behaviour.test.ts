import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PIPELINE_STATE_VERSION, type PipelineState, type SinkStream, type SinkWriter } from '@pipe/sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemorySink, createMemoryStorage, createTestContext, memorySink, memorySinkConfig, readMemorySinkFile } from '../src/index.ts';

const schema = {
  name: 'items',
  primaryKey: ['id'],
  columns: [
    { name: 'id', type: 'integer' as const },
    { name: 'at', type: 'timestamp' as const },
  ],
};
const stream = (mode: SinkStream['mode'] = 'merge'): SinkStream => ({ schema, mode, options: {} });
const state = (streams: Record<string, number>): PipelineState => ({
  version: PIPELINE_STATE_VERSION,
  pipeline: 't',
  streams: Object.fromEntries(Object.entries(streams).map(([k, v]) => [k, { checkpoint: v, seq: v, updatedAt: '2024-01-01T00:00:00.000Z' }])),
});

let dir: string;
let file: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pipe-memory-sink-'));
  file = path.join(dir, 'sink.json');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

async function openFile(extra: { fail_on_batch?: number } = {}): Promise<SinkWriter> {
  return memorySink.open({ path: file, batch_size: 10, ...extra }, createTestContext());
}

describe('memory sink', () => {
  it('fail_on_batch fails that write before it changes anything', async () => {
    const w = await openFile({ fail_on_batch: 2 });
    await w.prepare([stream()]);
    await w.write({ stream: 'items', rows: [{ id: 1 }] }, state({ items: 1 }));
    await expect(w.write({ stream: 'items', rows: [{ id: 2 }] }, state({ items: 2 }))).rejects.toMatchObject({
      code: 'SINK',
      message: expect.stringContaining('injected failure on write #2'),
    });
    expect(await w.readState!()).toEqual(state({ items: 1 }));
    await w.close();
    expect(readMemorySinkFile(file).tables.items!.rows).toEqual([{ id: 1 }]);
  });

  it('rejects values that do not fit, undeclared columns and missing keys, naming stream, row and column', async () => {
    const w = await openFile();
    await w.prepare([stream()]);
    await expect(w.write({ stream: 'items', rows: [{ id: 1 }, { id: 'x' }] }, state({}))).rejects.toThrow(
      'stream "items", row 1 of the batch, column "id": expected an integer, got "x" (string)',
    );
    await expect(w.write({ stream: 'items', rows: [{ id: 1, extra: 2 }] }, state({}))).rejects.toThrow(/column "extra", which the stream's schema does not declare/);
    await expect(w.write({ stream: 'items', rows: [{ at: null }] }, state({}))).rejects.toThrow(/no value for primary-key column "id"/);
    await expect(w.write({ stream: 'other', rows: [] }, state({}))).rejects.toThrow(/"other", which was not prepared/);
    await w.close();
  });

  it('persists bigint and Date values through its JSON file, and leaves no temp file', async () => {
    const w = await openFile();
    await w.prepare([stream()]);
    await w.write({ stream: 'items', rows: [{ id: 2n ** 62n, at: '2024-05-05T10:00:00.5+02:00' }] }, state({ items: 1 }));
    await w.close();
    expect(readMemorySinkFile(file).tables.items!.rows).toEqual([{ id: 2n ** 62n, at: new Date('2024-05-05T08:00:00.500Z') }]);
    expect(fs.readdirSync(dir)).toEqual(['sink.json']);
  });

  it('locks its file while open; a lock and temp file left by a dead process are cleaned up', async () => {
    const w = await openFile();
    await expect(openFile()).rejects.toMatchObject({ code: 'LOCKED' });
    await w.close();
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    fs.writeFileSync(`${file}.lock`, dead);
    fs.writeFileSync(path.join(dir, `.${path.basename(file)}.0badc0de.tmp`), '{"half": '); // what a writer killed mid-save leaves
    const again = await openFile();
    await again.close();
    expect(fs.existsSync(`${file}.lock`)).toBe(false);
    expect(fs.readdirSync(dir), 'stale temp files are removed').toEqual([]);
  });

  it('without a path, each writer starts empty; with a shared storage, writers see each other', async () => {
    const a = await memorySink.open({ batch_size: 10 }, createTestContext());
    await a.prepare([stream()]);
    await a.write({ stream: 'items', rows: [{ id: 1 }] }, state({ items: 1 }));
    await a.close();
    const b = await memorySink.open({ batch_size: 10 }, createTestContext());
    expect(await b.readState!()).toBeUndefined();
    await b.close();

    const storage = createMemoryStorage();
    const shared = createMemorySink(storage);
    const c = await shared.open({ batch_size: 10 }, createTestContext());
    await c.prepare([stream()]);
    await c.write({ stream: 'items', rows: [{ id: 1 }] }, state({ items: 1 }));
    await c.close();
    expect(storage.load().tables.items!.rows).toEqual([{ id: 1 }]);
    expect(storage.load().state).toEqual(state({ items: 1 }));
  });

  it("commits only the written stream's state entry (another stream's may be an unfinished replace)", async () => {
    const w = await openFile();
    await w.prepare([stream('merge'), { schema: { ...schema, name: 'other' }, mode: 'replace', options: {} }]);
    await w.write({ stream: 'other', rows: [{ id: 9 }] }, state({ other: 5 }));
    await w.write({ stream: 'items', rows: [{ id: 1 }] }, state({ other: 5, items: 1 }));
    expect(await w.readState!()).toEqual(state({ items: 1 }));
    await w.endStream!('other', state({ other: 5, items: 1 }));
    expect(await w.readState!()).toEqual(state({ other: 5, items: 1 }));
    await w.close();
  });

  it('records runs, one entry per runId', async () => {
    const w = await openFile();
    const run = { runId: 'r1', pipeline: 't', startedAt: '2024-01-01T00:00:00Z', status: 'running' as const, rows: {} };
    await w.recordRun!(run);
    await w.recordRun!({ ...run, status: 'succeeded', rows: { items: 3 } });
    await w.close();
    expect(readMemorySinkFile(file).runs).toEqual([{ ...run, status: 'succeeded', rows: { items: 3 } }]);
  });

  it('widens integer to number, and refuses other type changes with a hint', async () => {
    const w = await openFile();
    await w.prepare([stream()]);
    const widened = { ...schema, columns: [schema.columns[0]!, { name: 'at', type: 'timestamp' as const }, { name: 'n', type: 'integer' as const }] };
    await w.prepare([{ schema: widened, mode: 'merge', options: {} }]);
    const asNumber = { ...widened, columns: [...widened.columns.slice(0, 2), { name: 'n', type: 'number' as const }] };
    expect(await w.prepare([{ schema: asNumber, mode: 'merge', options: {} }])).toEqual([
      { stream: 'items', kind: 'widen', column: 'n', from: 'integer', to: 'number' },
    ]);
    const asString = { ...widened, columns: [...widened.columns.slice(0, 2), { name: 'n', type: 'boolean' as const }] };
    await expect(w.prepare([{ schema: asString, mode: 'merge', options: {} }])).rejects.toMatchObject({ code: 'SCHEMA_CHANGE' });
    await w.close();
  });

  it('refuses calls after close', async () => {
    const w = await openFile();
    await w.close();
    await expect(w.prepare([stream()])).rejects.toThrow(/prepare\(\) called after close\(\)/);
  });

  it('documents every config field', () => {
    for (const [key, field] of Object.entries(memorySinkConfig.properties)) {
      expect((field as { description?: string }).description, key).toBeTruthy();
    }
  });
});
