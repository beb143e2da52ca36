import { PIPELINE_STATE_VERSION, type Batch, type PipelineState, type Row, type StreamSchema } from '@pipe/sdk';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMemorySink, createMemoryStorage, createTestContext, memorySource } from '../src/index.ts';

const schema: StreamSchema = {
  name: 'kv',
  primaryKey: ['k'],
  columns: [
    { name: 'k', type: 'integer' },
    { name: 'v', type: 'integer' },
  ],
};
const state = (seq: number): PipelineState => ({
  version: PIPELINE_STATE_VERSION,
  pipeline: 't',
  streams: { kv: { checkpoint: seq, seq, updatedAt: '2024-01-01T00:00:00.000Z' } },
});
const batches = fc.array(fc.array(fc.record({ k: fc.integer({ min: 1, max: 8 }), v: fc.integer() }), { maxLength: 6 }), { maxLength: 6 });
const byKey = (rows: Row[]) => [...rows].sort((a, b) => (a.k as number) - (b.k as number));

async function load(mode: 'merge' | 'append', input: Row[][]): Promise<Row[]> {
  const storage = createMemoryStorage();
  const w = await createMemorySink(storage).open({ batch_size: 10 }, createTestContext());
  await w.prepare([{ schema, mode, options: {} }]);
  for (const [i, rows] of input.entries()) await w.write({ stream: 'kv', rows }, state(i + 1));
  await w.close();
  return storage.load().tables.kv!.rows;
}

describe('memory sink, against a model', () => {
  it('merge equals "last row per key wins" for any sequence of batches', async () => {
    await fc.assert(
      fc.asyncProperty(batches, async (input) => {
        const model = new Map<number, Row>();
        for (const row of input.flat()) model.set(row.k as number, row);
        expect(byKey(await load('merge', input))).toEqual(byKey([...model.values()]));
      }),
      { numRuns: 60 },
    );
  });

  it('append keeps every row in order', async () => {
    await fc.assert(
      fc.asyncProperty(batches, async (input) => {
        expect(await load('append', input)).toEqual(input.flat());
      }),
      { numRuns: 40 },
    );
  });
});

describe('memory source, resume', () => {
  it('resuming from any checkpoint yields exactly the rows after it, for any seed, size and page size', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 1000 }),
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 1, max: 20 }),
        fc.nat(),
        async (seed, rows, pageSize, pick) => {
          const c = await memorySource.open({ seed, page_size: pageSize, tables: [{ name: 'users', rows }] }, createTestContext());
          const [s] = await c.discover();
          const read = async (st?: unknown) => {
            const out: Batch[] = [];
            for await (const b of c.read({ schema: s!, options: {}, mode: 'incremental', state: st as never })) out.push(b);
            return out;
          };
          const full = await read();
          expect(full.flatMap((b) => b.rows)).toHaveLength(rows);
          if (full.length === 0) return;
          const at = pick % full.length;
          const resumed = await read(JSON.parse(JSON.stringify(full[at]!.checkpoint)));
          expect(resumed.flatMap((b) => b.rows)).toEqual(full.slice(at + 1).flatMap((b) => b.rows));
        },
      ),
      { numRuns: 40 },
    );
  });
});
