import path from 'node:path';
import { type ConfigWarning, MAX_BATCH_CELLS, type Static, Type, pathField } from '@pipe/sdk';

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
          `Rows pipe hands to the sink per write: the most rows of one stream it holds in memory for this sink (a HubSpot contact with 20 properties is ~2.5–3 KB). Wide rows come in fewer per write: pipe ends a write once it holds ${MAX_BATCH_CELLS.toLocaleString('en-US')} fields (rows × fields per row). Writes accumulate in one transaction until \`commit_rows\`, so a small batch does not make loading slower.`,
        minimum: 1,
        default: 2_048,
      }),
    ),
    commit_rows: Type.Optional(
      Type.Integer({
        description:
          "Rows per transaction: the open transaction commits, together with the pipeline state of its last write, once it holds this many rows, at the end of each stream and when the run stops. The default is one DuckDB row group (122,880 rows): full row groups are written straight to the file instead of through the write-ahead log, which roughly halves loading time. A crash loses at most the uncommitted rows, which the next run reads again.",
        minimum: 1,
        default: 122_880,
      }),
    ),
    memory_limit: Type.Optional(
      Type.String({
        description:
          "DuckDB's `memory_limit` for this file: the most memory its buffer pool holds (cached table blocks, uncommitted rows, query state) before it evicts or spills to `<file>.tmp`. DuckDB's own default is 80% of the machine's RAM, which lets a long run's cache grow with the account. Unset, it is 48MB, raised to 1.5MB per column for tables wider than 32 columns (DuckDB needs more for wide rows). Does not count pipe's own rows in flight (see `batch_size`).",
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

/**
 * Rows per write: ~5–6 MB of HubSpot contacts as JS objects. Small enough that a batch's
 * rows mostly die in V8's young generation instead of being promoted and collected by full
 * GCs: 2,048 appended 1M rows with ~25 % less CPU than 10,240 and peaked ~90 MB lower
 * (2026-12-03, README#benchmark).
 */
export const DEFAULT_BATCH_SIZE = 2_048;

/** One DuckDB row group: DuckDB writes full row groups directly to the file at commit (no WAL copy). */
export const DEFAULT_COMMIT_ROWS = 122_880;

/**
 * DuckDB's buffer pool limit unless the config sets one (issue 8: memory stays flat). An open
 * transaction's uncommitted rows fill the pool, so DuckDB grows to the limit and spills the
 * rest to `<file>.tmp`. 48MB since 2026-12-06 (was 128MB, 256MB before 2026-12-03): the pool
 * fills to the limit, so every MB of it is RSS; with bin/pipe.js's allocator setting, 1M
 * contacts peaked at 227 MB (28 columns; 234 MB with 49) instead of ~300 MB at 128MB. Not
 * lower: contacts with 49 columns failed at 40MB (48MB ran), and wider tables get more through
 * MEMORY_LIMIT_MB_PER_COLUMN (README#memory).
 */
export const DEFAULT_MEMORY_LIMIT_MB = 48;
export const DEFAULT_MEMORY_LIMIT = `${DEFAULT_MEMORY_LIMIT_MB}MB`;

/**
 * Unless the config sets `memory_limit`, the sink raises DuckDB's limit to this many MB per
 * column of the widest table it writes: DuckDB needs blocks for every column of an open row
 * group. Measured (2026-12-06, README#memory): 49 columns ran at 48MB and failed at 32MB;
 * ~180 columns failed at 128MB and at 178MB (committing a partial row group) and ran at 223MB
 * and 256MB.
 */
export const MEMORY_LIMIT_MB_PER_COLUMN = 1.5;

/**
 * Committed rows after which the sink checkpoints during a run: DuckDB keeps rows that are
 * only in the WAL in memory, so without this a run's memory grows with the account (issue 8).
 */
export const CHECKPOINT_ROWS = 122_880;
