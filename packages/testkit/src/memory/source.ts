import {
  AbortedError,
  COLUMN_TYPES,
  ConfigError,
  defineSource,
  SourceError,
  type PluginContext,
  type Row,
  SDK_VERSION,
  type SourceConnection,
  type StreamRequest,
  type Batch,
  Type,
} from '@pipe/sdk';
import { cursorOf, DEFAULT_STREAMS, generateRows, indexAfter, type MemoryCursor, type MemoryStreamSpec, schemaOf } from './source-data.ts';

const columnType = Type.Union(
  COLUMN_TYPES.map((t) => Type.Literal(t)),
  { description: 'Logical column type.' },
);

export const memorySourceConfig = Type.Object(
  {
    tables: Type.Optional(
      Type.Array(
        Type.Object(
          {
            name: Type.String({ pattern: '^[a-z_][a-z0-9_]*$', description: 'Stream name.' }),
            rows: Type.Integer({ minimum: 0, description: 'How many rows the stream holds.' }),
            columns: Type.Optional(
              Type.Array(Type.Object({ name: Type.String({ pattern: '^[a-z_][a-z0-9_]*$' }), type: columnType }, { additionalProperties: false }), {
                description: 'Columns besides `id` (key) and `updated_at` (cursor); default: the users columns (orders columns for a stream named orders).',
              }),
            ),
          },
          { additionalProperties: false },
        ),
        { description: 'Streams to generate (named `tables` because `streams` selects streams in a pipeline); default: users (300 rows) and orders (200 rows).' },
      ),
    ),
    seed: Type.Optional(Type.Integer({ default: 1, description: 'Same seed, same rows.' })),
    page_size: Type.Optional(Type.Integer({ minimum: 1, default: 50, description: 'Rows per batch; each batch carries its checkpoint.' })),
    fail_after_pages: Type.Optional(
      Type.Integer({
        minimum: 0,
        description: 'Fail each read after yielding this many pages: for testing the engine\'s failure handling and resume.',
      }),
    ),
  },
  { additionalProperties: false },
);

function isCursor(value: unknown): value is MemoryCursor {
  const v = value as MemoryCursor;
  return typeof v === 'object' && v !== null && typeof v.updated_at === 'string' && !Number.isNaN(Date.parse(v.updated_at)) && Number.isInteger(v.id);
}

/** Let timers and I/O run between pages, so an abort from a timer is seen promptly. */
const nextTick = () => new Promise<void>((resolve) => setImmediate(resolve));

class MemorySourceConnection implements SourceConnection {
  private readonly rowsCache = new Map<string, Row[]>();

  constructor(
    private readonly specs: MemoryStreamSpec[],
    private readonly seed: number,
    private readonly pageSize: number,
    private readonly failAfterPages: number | undefined,
    private readonly ctx: PluginContext,
  ) {}

  async discover() {
    return this.specs.map(schemaOf);
  }

  async check() {
    return { ok: true, details: this.specs.map((s) => ({ label: s.name, value: `${s.rows} rows`, ok: true })) };
  }

  async *read(request: StreamRequest): AsyncIterable<Batch> {
    const name = request.schema.name;
    const spec = this.specs.find((s) => s.name === name);
    if (!spec) {
      throw new SourceError(`memory source has no stream "${name}" (it has: ${this.specs.map((s) => s.name).join(', ')})`, {
        hint: 'Add the stream to the memory source config `streams`, or remove it from the pipeline.',
      });
    }
    const rows = this.rowsFor(spec);
    let start = 0;
    if (request.mode === 'incremental' && request.state !== undefined && request.state !== null) {
      if (!isCursor(request.state)) {
        throw new SourceError(`memory source: stream "${name}": checkpoint ${JSON.stringify(request.state)} is not {updated_at, id}`, {
          hint: `Reset the stream's state (pipe state reset --stream ${name}) or run with --full-refresh.`,
        });
      }
      start = indexAfter(rows, request.state);
    }
    let pages = 0;
    for (let i = start; i < rows.length; i += this.pageSize) {
      await nextTick();
      if (this.ctx.signal.aborted) throw new AbortedError(`memory source: reading "${name}" was interrupted`);
      if (this.failAfterPages !== undefined && pages === this.failAfterPages) {
        throw new SourceError(`memory source: injected failure in stream "${name}" after ${pages} pages (fail_after_pages: ${this.failAfterPages})`, {
          hint: 'Remove fail_after_pages from the memory source config.',
          retryable: false,
        });
      }
      const page = rows.slice(i, i + this.pageSize);
      pages += 1;
      this.ctx.metrics.add(name, 'pages');
      yield { stream: name, rows: page.map((r) => structuredClone(r)), checkpoint: { ...cursorOf(page.at(-1)!) } };
    }
  }

  private rowsFor(spec: MemoryStreamSpec): Row[] {
    let rows = this.rowsCache.get(spec.name);
    if (!rows) this.rowsCache.set(spec.name, (rows = generateRows(spec, this.seed)));
    return rows;
  }
}

/** The `memory` source: deterministic generated streams with an incremental (updated_at, id) cursor. */
export const memorySource = defineSource({
  name: 'memory',
  description: 'Generates deterministic rows (users and orders by default) with an incremental cursor. For tests and demos.',
  sdkVersion: SDK_VERSION,
  config: memorySourceConfig,
  open(config, ctx) {
    const specs = config.tables ?? DEFAULT_STREAMS;
    const names = new Set<string>();
    for (const s of specs) {
      if (names.has(s.name)) throw new ConfigError(`memory source: stream "${s.name}" is listed twice`, { hint: 'Give each stream a unique name.' });
      names.add(s.name);
    }
    return new MemorySourceConnection(specs, config.seed ?? 1, config.page_size ?? 50, config.fail_after_pages, ctx);
  },
});
