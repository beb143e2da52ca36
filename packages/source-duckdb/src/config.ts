import { type Static, Type, pathField } from '@pipe/sdk';

/** One stream: a SQL query and how to identify and advance over its rows. */
export const queryConfig = Type.Object(
  {
    sql: Type.String({
      description:
        'A DuckDB SELECT. It may read the database file’s tables, or files through DuckDB (`read_parquet(\'scores/*.parquet\')`, `read_csv(…)`); relative file paths resolve against the pipeline file’s folder.',
      minLength: 1,
      examples: ['SELECT email, score, updated_at FROM lead_scores'],
    }),
    primary_key: Type.Optional(
      Type.Array(Type.String({ minLength: 1 }), {
        description: 'Columns that identify a row (required with `cursor`: rows with equal cursor values are ordered and resumed by it).',
        default: [],
        examples: [['email']],
      }),
    ),
    cursor: Type.Optional(
      Type.String({
        description:
          'Column that grows when a row changes (e.g. `updated_at`). With it, the stream reads incrementally: each run reads only rows after the last (cursor, primary key) it committed. NULL cursor values sort first and are read by full reads only.',
        minLength: 1,
        examples: ['updated_at'],
      }),
    ),
    description: Type.Optional(Type.String({ description: 'What the stream holds (shown by `pipe discover`).' })),
  },
  { additionalProperties: false },
);
export type QueryConfig = Static<typeof queryConfig>;

/** The DuckDB source's config, declared once: validation, editor schema and docs come from here. */
export const duckdbSourceConfig = Type.Object(
  {
    path: Type.Optional(
      pathField({
        description:
          'DuckDB database file to query, opened read-only (a writer holding the file blocks it). Omit it to query only files (Parquet, CSV, JSON) through an in-memory DuckDB.',
        examples: ['warehouse.duckdb'],
      }),
    ),
    queries: Type.Record(Type.String({ minLength: 1 }), queryConfig, {
      description:
        'One stream per entry: stream name → query. Select which to read with `streams:` as for any source; without it every query is read.',
      minProperties: 1,
      examples: [{ lead_scores: { sql: 'SELECT email, score, updated_at FROM lead_scores', primary_key: ['email'], cursor: 'updated_at' } }],
    }),
    batch_size: Type.Integer({ description: 'Rows per batch (and per checkpoint).', default: 10_000, minimum: 1 }),
  },
  { additionalProperties: false },
);
export type DuckDBSourceConfig = Static<typeof duckdbSourceConfig>;

export const DEFAULT_BATCH_SIZE = 10_000;
