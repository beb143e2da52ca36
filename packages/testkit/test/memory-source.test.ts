import { memorySource, testSource } from '../src/index.ts';

testSource('memory (default streams)', {
  open: async (ctx) => ({ connection: await memorySource.open({ seed: 1, page_size: 50 }, ctx) }),
});

testSource('memory (custom stream, small pages)', {
  open: async (ctx) => ({
    connection: await memorySource.open(
      { seed: 7, page_size: 7, tables: [{ name: 'events', rows: 40, columns: [{ name: 'kind', type: 'string' }, { name: 'at', type: 'date' }] }] },
      ctx,
    ),
  }),
});
