// The testkit's source conformance suite over a DuckDB file and a Parquet file.
import { testSource } from '@pipe/testkit';
import { openDuckDBSource } from '../src/index.ts';
import { makeFixture } from './support/fixture.ts';

testSource(
  'duckdb',
  {
    async open(ctx) {
      const fx = await makeFixture();
      const connection = await openDuckDBSource(
        {
          path: fx.file,
          batch_size: 32,
          queries: {
            leads: { sql: 'SELECT * FROM leads', primary_key: ['id'], cursor: 'updated_at' },
            lead_emails: { sql: 'SELECT email, score FROM leads WHERE active;', primary_key: ['email'] },
            parquet_scores: { sql: "SELECT * FROM read_parquet('scores.parquet')", primary_key: ['id'], cursor: 'score' },
          },
        },
        { ...ctx, baseDir: fx.dir },
      );
      return { connection, teardown: async () => fx.cleanup() };
    },
  },
  { resumePoints: 4 },
);
