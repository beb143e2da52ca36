import { ConfigError, pathField, type Static, Type } from '@pipe/sdk';
import { Value } from '@sinclair/typebox/value';

/**
 * Hive partitioning of a stream's files: `<stream>/<name>=<value>/part-….parquet`.
 * `identity` uses the column's value as is (and, as Hive, Spark and DuckDB expect, the
 * column then lives in the folder name only); `year` / `month` / `day` derive the value
 * from a timestamp or date column (UTC), keeping the column in the files.
 */
export const partitionSpec = Type.Object(
  {
    column: Type.String({ description: 'Column the partition value comes from.', examples: ['updated_at'] }),
    transform: Type.Union([Type.Literal('identity'), Type.Literal('year'), Type.Literal('month'), Type.Literal('day')], {
      description: "How the value is derived: the column's value, or the year (2026), month (2026-11) or day (2026-11-29) of a timestamp or date column.",
      default: 'identity',
    }),
    name: Type.Optional(
      Type.String({
        description: 'Folder key; default: the column name for identity, else `<column>_<transform>` (e.g. updated_at_month).',
        examples: ['updated_month'],
      }),
    ),
  },
  { additionalProperties: false, description: 'Hive partitioning by a column or a value derived from it.' },
);
export type PartitionSpec = Static<typeof partitionSpec>;

const writeMode = Type.Union([Type.Literal('append'), Type.Literal('replace')], {
  description: 'append adds files to the dataset; replace writes a new snapshot and switches to it in one step when the stream ends.',
  default: 'append',
});

const partitionOption = Type.Union([Type.Null(), partitionSpec], {
  description: 'Hive partitioning of the files (null: none).',
  default: null,
});

export const parquetConfig = Type.Object(
  {
    dir: pathField({
      description: 'Folder of the dataset, or an s3://bucket/prefix URL (any S3-compatible store). One sub-folder per stream; pipe keeps its manifest in `_pipe/`.',
      examples: ['out/hubspot', 's3://my-bucket/pipe/hubspot'],
    }),
    compression: Type.Union([Type.Literal('zstd'), Type.Literal('snappy'), Type.Literal('gzip'), Type.Literal('none')], {
      description: 'Parquet compression codec.',
      default: 'zstd',
    }),
    row_group_rows: Type.Integer({
      minimum: 1024,
      description: 'Rows per Parquet row group (readers skip and parallelise by row group).',
      default: 122_880,
    }),
    max_rows_per_file: Type.Integer({ minimum: 1, description: 'Start a new file after this many rows.', default: 1_000_000 }),
    max_bytes_per_file: Type.Integer({
      minimum: 0,
      description: 'Start a new file once it would exceed about this many bytes, estimated from the files already written (0: no limit).',
      default: 512 * 1024 * 1024,
    }),
    partition_by: partitionOption,
    write: writeMode,
    schema_changes: Type.Union([Type.Literal('evolve'), Type.Literal('freeze')], {
      description: 'evolve: new columns and type changes appear in new files; freeze: an incompatible type change fails the stream (new columns are still added).',
      default: 'evolve',
    }),
    deleted_column: Type.String({
      description: 'Boolean column marking a deleted row (HubSpot: archived); latest-state views and compaction drop rows where it is true. Ignored for streams without it.',
      default: 'archived',
    }),
    s3: Type.Object(
      {
        region: Type.String({ description: 'Region; default AWS_REGION, else us-east-1.', default: '' }),
        endpoint: Type.String({ description: 'Endpoint URL of an S3-compatible store (MinIO, R2); default AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL, else AWS.', default: '' }),
        force_path_style: Type.Boolean({ description: 'Address buckets as <endpoint>/<bucket> (MinIO and most local stores need it).', default: false }),
      },
      {
        additionalProperties: false,
        description: 'Object storage settings for s3:// dirs. Credentials come from the usual AWS environment variables or profile.',
        default: { region: '', endpoint: '', force_path_style: false },
      },
    ),
  },
  { additionalProperties: false },
);
export type ParquetConfig = Static<typeof parquetConfig>;

export const parquetStreamOptions = Type.Object(
  {
    write: Type.Optional(
      Type.Union([Type.Literal('append'), Type.Literal('replace')], { description: "This stream's write mode; default: the sink's `write`." }),
    ),
    partition_by: Type.Optional(Type.Union([Type.Null(), partitionSpec], { description: "This stream's partitioning; default: the sink's `partition_by`." })),
  },
  { additionalProperties: false },
);

/**
 * The config with every default filled in, checked against the schema. The engine
 * validates pipeline files already; this serves library callers (tests, `compactStream`).
 */
export function resolveConfig(input: Partial<ParquetConfig> & { dir: string }): ParquetConfig {
  const value = Value.Default(parquetConfig, structuredClone(input)) as ParquetConfig;
  const first = Value.Errors(parquetConfig, value).First();
  if (first) throw new ConfigError(`parquet sink: ${first.path || 'config'}: ${first.message}`, { hint: 'Check the parquet sink settings.' });
  return value;
}
