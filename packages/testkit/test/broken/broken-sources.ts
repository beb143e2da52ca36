import type { Batch, SourceConnection } from '@pipe/sdk';
import { createTestContext, memorySource, type SourceFactory } from '../../src/index.ts';

/** Sources with one classic bug each, built by wrapping the (correct) memory source. */

const config = { seed: 3, page_size: 10, tables: [{ name: 'users', rows: 60 }] };

function brokenSource(wrap: (inner: SourceConnection) => Partial<SourceConnection>, ignoreAbort = false): SourceFactory {
  return {
    open: async (ctx) => {
      const inner = await memorySource.open(config, ignoreAbort ? createTestContext() : ctx);
      return { connection: { discover: () => inner.discover(), read: (r) => inner.read(r), ...wrap(inner) } };
    },
  };
}

export const BROKEN_SOURCES: { name: string; expectedFailure: string; factory: SourceFactory }[] = [
  {
    name: 'checkpoints one page ahead',
    expectedFailure: 'resuming from any of them yields every row after it',
    factory: brokenSource((inner) => ({
      async *read(request) {
        const batches: Batch[] = [];
        for await (const b of inner.read(request)) batches.push(b);
        for (const [i, b] of batches.entries()) yield { ...b, checkpoint: (batches[i + 1] ?? b).checkpoint };
      },
    })),
  },
  {
    name: 'ignores the state it is asked to resume from',
    expectedFailure: 'resuming from any of them yields every row after it',
    factory: brokenSource((inner) => ({ read: (request) => inner.read({ ...request, state: undefined }) })),
  },
  {
    name: 'emits an undeclared column',
    expectedFailure: 'every row has its primary key and only declared columns',
    factory: brokenSource((inner) => ({
      async *read(request) {
        for await (const b of inner.read(request)) yield { ...b, rows: b.rows.map((r) => ({ ...r, undeclared: 1 })) };
      },
    })),
  },
  {
    name: 'declares a primary key column that does not exist',
    expectedFailure: 'discover returns well-formed',
    factory: brokenSource((inner) => ({
      discover: async () => (await inner.discover()).map((s) => ({ ...s, primaryKey: ['uid'] })),
    })),
  },
  {
    name: 'ignores the abort signal',
    expectedFailure: 'honours an aborted signal',
    factory: brokenSource(() => ({}), true),
  },
  {
    name: 'returns different keys on every read',
    expectedFailure: 'a second full read yields the same set of keys',
    factory: brokenSource((inner) => {
      let reads = 0;
      return {
        async *read(request) {
          reads += 1;
          for await (const b of inner.read(request)) yield { ...b, rows: b.rows.map((r) => ({ ...r, id: (r.id as number) * 1000 + reads })) };
        },
      };
    }),
  },
];
