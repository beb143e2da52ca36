import path from 'node:path';
import { type ConfigWarning, MAX_BATCH_BYTES, type Static, Type, pathField } from '@pipe/sdk';

/**
 * Rows per write. Small enough that a batch's rows mostly die in V8's young generation
 * instead of being promoted and collected by full GCs (bench/sink-duckdb/load.ts --batch N
 * compares sizes; bench/engine/memory.ts measures peak RSS end to end).
 */
export const DEFAULT_BATCH_SIZE = 2_048;

/**
 * Rows per DuckDB row group in the sink's files (DuckDB's default: 122,880). DuckDB holds a
 * table's open row group uncompressed, in blocks of its own per column, until the row group is
 * full and written; at the width of real portals (hundreds of columns) that row group was most
 * of a run's memory; a row group of an eighth as many rows holds far less, without slowing the load
 * (bench/engine/memory.ts --all-properties 10 --sim='--profile realistic', against a bundle with
 * DuckDB's default; packages/sink-duckdb/README.md#memory).
 * DuckDB does not store it in the file: the sink sets it each time it opens one.
 */
export const ROW_GROUP_ROWS = 16_384;

/**
 * Block size of database files the sink creates (DuckDB's default: 256 KiB). Every column of an
 * open row group takes at least a block for its values and one for its validity, so with hundreds
 * of columns the blocks alone, before any row, are much of the row group (bench/engine/memory.ts);
 * files keep the block size they were created with, so older files keep theirs.
 */
export const NEW_FILE_BLOCK_BYTES = 65_536;

/**
 * Rows per transaction. Within one, DuckDB writes each full row group straight to the file (no
 * WAL copy); a commit's last, partial row group goes through the WAL. Committing every row group
 * instead was slower at width and peaked higher, much of it checkpointing those partial row
 * groups (bench/engine/memory.ts --all-properties 10 --sim='--profile realistic' --commit-rows 16384).
 */
export const DEFAULT_COMMIT_ROWS = 122_880;

/**
 * DuckDB's buffer pool limit unless the config sets one (issue 8: memory stays flat). An open
 * transaction's uncommitted rows fill the pool, so DuckDB grows to the limit and spills the
 * rest to `<file>.tmp`; every MB of the pool is RSS once it fills, so the default is as low as
 * the contacts stream of bench/engine/memory.ts (`pnpm bench`'s Scale section) runs with.
 * Wider tables get more through MEMORY_LIMIT_MB_PER_COLUMN.
 */
export const DEFAULT_MEMORY_LIMIT_MB = 48;
export const DEFAULT_MEMORY_LIMIT = `${DEFAULT_MEMORY_LIMIT_MB}MB`;

/**
 * Unless the config sets `memory_limit`, the sink raises DuckDB's limit to this many MB per
 * column of the widest table it writes: DuckDB needs blocks for every column of an open row
 * group. `bench/engine/memory.ts --all-properties 150` (a ~180-column table) is the run
 * that checks it.
 */
export const MEMORY_LIMIT_MB_PER_COLUMN = 1.5;

/** Tables wider than this many columns get more than the default limit. */
export const MEMORY_LIMIT_WIDE_COLUMNS = Math.floor(DEFAULT_MEMORY_LIMIT_MB / MEMORY_LIMIT_MB_PER_COLUMN);

/** The default limit in words, for the config's description and the out-of-memory hint. */
export const DEFAULT_MEMORY_LIMIT_TEXT = `${DEFAULT_MEMORY_LIMIT}, raised to ${MEMORY_LIMIT_MB_PER_COLUMN}MB per column for tables wider than ${MEMORY_LIMIT_WIDE_COLUMNS} columns`;

/**
 * Committed rows after which the sink checkpoints during a run: DuckDB keeps rows that are
 * only in the WAL in memory, so without this a run's memory grows with the account (issue 8).
 */
export const CHECKPOINT_ROWS = 122_880;

/**
 * Values (rows × columns) committed since the last checkpoint from which a stream's last commit
 * checkpoints instead of writing them to the WAL: they would be checkpointed at close anyway,
 * and written once they cost less (bench/engine/width.ts --sinks duckdb). Fewer stay in the WAL
 * (an incremental run's few changes), as a checkpoint per small stream costs more than one.
 */
export const STREAM_END_CHECKPOINT_VALUES = 1_000_000;

/**
 * DuckDB worker threads of the sink's database (DuckDB's default is one per core). The sink's
 * statements are bulk appends, a merge's DELETE by key and checkpoints, next to a source that
 * keeps a core busy: a second DuckDB thread added CPU (its share of commits and checkpoints)
 * without finishing runs sooner. bench/engine/width.ts --sinks duckdb measures it at width.
 */
export const DUCKDB_THREADS = 1;

/** How rows reach a table; the engine picks it per stream (stream option > sink option > merge with a primary key, else append). */
const writeMode = (description: string) =>
  Type.Union([Type.Literal('merge'), Type.Literal('append'), Type.Literal('replace')], { description });

/** The DuckDB sink's config, declared once: validation, editor schema and docs come from here. */
export const duckdbConfig = Type.Object(
  {
    path: pathField({
      description:
        'DuckDB database file to load into; created when missing. Relative paths resolve against the pipeline file. `:memory:` keeps everything in memory (tests only: nothing survives the run).',
      default: 'warehouse.duckdb',
      examples: ['warehouse.duckdb', 'data/crm.duckdb'],
    }),
    schema: Type.Optional(
      Type.String({
        description: 'DuckDB schema that holds the tables, `_pipe_state` and `_pipe_loads`. Default: the pipeline name.',
        minLength: 1,
        examples: ['hubspot'],
      }),
    ),
    write: Type.Optional(
      writeMode(
        'Default write mode for every stream: `merge` upserts on the primary key, `append` adds rows, `replace` swaps in a fresh table when the stream finishes. Default: `merge` for streams with a primary key, else `append`.',
      ),
    ),
    schema_changes: Type.Optional(
      Type.Union([Type.Literal('evolve'), Type.Literal('freeze')], {
        description:
          '`evolve` adds new columns and widens types (integer → double, date → timestamp, any → text where the stream declares text, incompatible → JSON). `freeze` refuses any change to an existing table and fails with the table, column, old and new type.',
        default: 'evolve',
      }),
    ),
    batch_size: Type.Optional(
      Type.Integer({
        description:
          `Rows pipe hands to the sink per write: the most rows of one stream it holds in memory for this sink. Wide rows come in fewer per write: pipe ends a write once its rows hold an estimated ${MAX_BATCH_BYTES / 2 ** 20} MB. Writes accumulate in one transaction until \`commit_rows\`, so a small batch does not make loading slower.`,
        minimum: 1,
        default: DEFAULT_BATCH_SIZE,
      }),
    ),
    commit_rows: Type.Optional(
      Type.Integer({
        description:
          `Rows per transaction: the open transaction commits, together with the pipeline state of its last write, once it holds this many rows, at the end of each stream and when the run stops. Full row groups (${ROW_GROUP_ROWS.toLocaleString('en-US')} rows) are written straight to the file as the transaction fills, not through the write-ahead log. A crash loses at most the uncommitted rows, which the next run reads again.`,
        minimum: 1,
        default: DEFAULT_COMMIT_ROWS,
      }),
    ),
    memory_limit: Type.Optional(
      Type.String({
        description:
          `DuckDB's \`memory_limit\` for this file: the most memory its buffer pool holds (cached table blocks, uncommitted rows, query state) before it evicts or spills to \`<file>.tmp\`. DuckDB's own default is 80% of the machine's RAM, which lets a long run's cache grow with the account. Unset, it is ${DEFAULT_MEMORY_LIMIT_TEXT} (DuckDB needs more for wide rows). Does not count pipe's own rows in flight (see \`batch_size\`).`,
        pattern: '^\\s*\\d+(\\.\\d+)?\\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)\\s*$',
        // No schema default: the validator would fill it in, and the sink could no longer tell
        // "unset" (sized to the tables) from a limit the user chose.
        examples: ['256MB', '2GB'],
      }),
    ),
  },
  { additionalProperties: false },
);

/** Options a stream may set for this sink under `streams:`. */
export const duckdbStreamOptions = Type.Object(
  {
    write: Type.Optional(writeMode('Write mode for this stream; overrides the sink-level `write`.')),
    table: Type.Optional(
      Type.String({ description: 'Table name in DuckDB. Default: the stream name.', minLength: 1, examples: ['crm_contacts'] }),
    ),
  },
  { additionalProperties: false },
);

export type DuckDBConfig = Static<typeof duckdbConfig>;

/**
 * DuckDB names a file's catalog after its basename up to the first dot (`hubspot.duckdb` →
 * `hubspot`), case-insensitively like every identifier. A schema of the same name makes
 * `hubspot.contacts` ambiguous in every query: "Ambiguous reference to catalog or schema".
 */
export function catalogCollision(config: Pick<DuckDBConfig, 'path' | 'schema'>, pipeline: string): ConfigWarning[] {
  const file = path.basename(config.path ?? 'warehouse.duckdb');
  if (file === ':memory:') return [];
  const catalog = file.split('.')[0]!;
  const schema = config.schema ?? pipeline;
  if (catalog.toLowerCase() !== schema.toLowerCase()) return [];
  return [
    {
      path: config.schema === undefined ? ['path'] : ['schema'],
      message: `the DuckDB file ${file} and its schema are both named "${schema}", so queries such as \`SELECT * FROM ${schema}.contacts\` fail with "Ambiguous reference to catalog or schema" (DuckDB names the file's catalog after it)`,
      hint: `rename the file (e.g. \`path: warehouse.duckdb\`) or the schema${config.schema === undefined ? ' (`schema:`, which defaults to the pipeline name)' : ''}; until then write \`${catalog}.${schema}.contacts\``,
    },
  ];
}
export type DuckDBStreamOptions = Static<typeof duckdbStreamOptions>;

