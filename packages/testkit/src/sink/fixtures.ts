import type { Json, PipelineState, Row, SinkStream, StreamSchema, WriteMode } from '@pipe/sdk';
import { PIPELINE_STATE_VERSION } from '@pipe/sdk';

/** The streams and rows the sink suite writes. Small on purpose: the suite runs for every sink in CI. */

export const PIPELINE = 'testkit';

export const PEOPLE: StreamSchema = {
  name: 'people',
  primaryKey: ['id'],
  cursor: 'updated_at',
  columns: [
    { name: 'id', type: 'integer', nullable: false },
    { name: 'name', type: 'string' },
    { name: 'score', type: 'number' },
    { name: 'updated_at', type: 'timestamp' },
  ],
};

/** PEOPLE with one more column, for schema evolution. */
export const PEOPLE_V2: StreamSchema = { ...PEOPLE, columns: [...PEOPLE.columns, { name: 'nickname', type: 'string' }] };

/** A composite primary key: a sink that merges on the first key column only fails here. */
export const LINE_ITEMS: StreamSchema = {
  name: 'line_items',
  primaryKey: ['order_id', 'line'],
  columns: [
    { name: 'order_id', type: 'integer', nullable: false },
    { name: 'line', type: 'integer', nullable: false },
    { name: 'sku', type: 'string' },
    { name: 'qty', type: 'integer' },
  ],
};

export const ALL_TYPES: StreamSchema = {
  name: 'all_types',
  primaryKey: ['id'],
  columns: [
    { name: 'id', type: 'integer', nullable: false },
    { name: 's', type: 'string' },
    { name: 'i', type: 'integer' },
    { name: 'n', type: 'number' },
    { name: 'b', type: 'boolean' },
    { name: 'ts', type: 'timestamp' },
    { name: 'd', type: 'date' },
    { name: 'tags', type: 'string[]' },
    { name: 'doc', type: 'json' },
  ],
};

/** Rows per batch the crash child writes. */
export const CRASH_BATCH_ROWS = 200;

export function sinkStream(schema: StreamSchema, mode: WriteMode): SinkStream {
  return { schema, mode, options: {} };
}

const BASE_TIME = Date.UTC(2024, 0, 1);

export function person(id: number, overrides: Row = {}): Row {
  return { id, name: `person ${id}`, score: id * 1.5, updated_at: new Date(BASE_TIME + id * 1000), ...overrides };
}

/** People with ids from..to (inclusive). */
export function people(from: number, to: number, overrides: Row = {}): Row[] {
  const rows: Row[] = [];
  for (let id = from; id <= to; id++) rows.push(person(id, overrides));
  return rows;
}

export function lineItem(orderId: number, line: number, qty = 1): Row {
  return { order_id: orderId, line, sku: `SKU-${orderId}-${line}`, qty };
}

/** Every logical type, with the values sinks get wrong: unicode, extremes, nulls, empty lists. */
export const ALL_TYPES_ROWS: Row[] = [
  {
    id: 1,
    s: 'Zoë says “héllo” 🦄👩🏽‍💻 中文 — "quoted" \'single\' \\ back\nnew line\ttab',
    i: 0,
    n: 2.718281828459045e-12,
    b: true,
    ts: new Date('2024-02-29T23:59:59.123Z'),
    d: '2024-02-29',
    tags: ['a', 'b', 'ünïcödé', '🦄'],
    doc: { nested: { list: [1, 'two', null, true], emoji: '🚀' }, n: 1.5, 'key with space': 'x' },
  },
  {
    id: 2,
    s: '',
    i: -9007199254740991,
    n: -0.000001,
    b: false,
    ts: '2024-06-01T12:00:00.000+02:00',
    d: '1970-01-01',
    tags: [],
    doc: [1, 2, 3],
  },
  {
    id: 3,
    s: ' leading and trailing spaces ',
    i: 9007199254740991,
    n: 1.7976931348623157e308,
    b: true,
    ts: new Date('1999-12-31T23:59:59.999Z'),
    d: '2099-12-31',
    tags: ['with,comma', 'with "quote"', ''],
    doc: 'just a string',
  },
  { id: 4, s: null, i: null, n: null, b: null, ts: null, d: null, tags: null, doc: null },
  {
    id: 5,
    s: 'big integer',
    i: 1234567890123456789n,
    n: 42,
    b: false,
    ts: new Date('2038-01-19T03:14:08.000Z'),
    d: '2000-01-01',
    tags: ['x'],
    doc: { empty_object: {}, empty_list: [], zero: 0, f: false },
  },
  {
    id: 6,
    s: 'before the epoch',
    i: -1,
    n: -1.5,
    b: true,
    ts: new Date('1969-07-20T20:17:40.001Z'),
    d: '1899-12-31',
    tags: ['🇫🇷', 'a b'],
    doc: { '🦄': ['ü'], deep: { deeper: { deepest: [[], [null]] } } },
  },
];

/**
 * Loose values (ALL_TYPES columns) every sink converts the same way: the loose-value rule
 * of @pipe/duckdb-values (its values.ts documents it). Paired with the canonical rows
 * each must read back as (`LOOSE_EXPECTED`; timestamps compare to the millisecond).
 */
export const LOOSE_ROWS: Row[] = [
  {
    id: '101', // integer text
    s: 42, // number → its text
    i: '9007199254740993', // integer text beyond 2^53 → exact int64
    n: '2.5', // numeric text
    b: 'true',
    ts: '2024-03-01T10:00:00.123456Z', // ISO with microseconds
    d: '2024-03-01T23:30:00Z', // ISO instant → its UTC day
    tags: [1, true, 'x'], // items by the text rule
    doc: { big: 2n ** 63n - 1n }, // bigint inside JSON → a string of its digits
  },
  { id: 102, s: true, i: 12n, n: 7n, b: 'false', ts: 1709287200000, d: new Date('2024-03-01T00:00:00Z'), tags: ['x'], doc: 'text' },
  {
    id: 103n,
    s: new Date('2024-03-01T10:00:00.000Z'), // Date → ISO text
    i: '-42',
    n: ' 1e3 ',
    b: false,
    ts: '2024-03-01 10:00:00', // space separator, no offset → UTC
    d: '2024-02-29',
    tags: [],
    doc: [1, 'two', new Date('2024-03-01T10:00:00.000Z')],
  },
  { id: 104, s: { a: [1, 'b'] }, i: -(2n ** 63n), n: 1.5, b: true, ts: '2024-03-01T12:00:00+02:00', d: null, tags: null, doc: { n: Number.NaN } },
  { id: 105, s: ['x', 2], i: undefined, n: undefined, b: undefined, ts: 1709287200000.5, d: undefined, tags: [null, 'y'], doc: undefined },
];

export const LOOSE_EXPECTED: Row[] = [
  { id: 101, s: '42', i: 9007199254740993n, n: 2.5, b: true, ts: '2024-03-01T10:00:00.123Z', d: '2024-03-01', tags: ['1', 'true', 'x'], doc: { big: '9223372036854775807' } },
  { id: 102, s: 'true', i: 12, n: 7, b: false, ts: new Date(1709287200000), d: '2024-03-01', tags: ['x'], doc: 'text' },
  { id: 103, s: '2024-03-01T10:00:00.000Z', i: -42, n: 1000, b: false, ts: '2024-03-01T10:00:00.000Z', d: '2024-02-29', tags: [], doc: [1, 'two', '2024-03-01T10:00:00.000Z'] },
  { id: 104, s: '{"a":[1,"b"]}', i: -(2n ** 63n), n: 1.5, b: true, ts: '2024-03-01T10:00:00.000Z', d: null, tags: null, doc: { n: null } },
  { id: 105, s: '["x",2]', i: null, n: null, b: null, ts: new Date(1709287200000), d: null, tags: [null, 'y'], doc: null },
];

/** Values every sink rejects (the write fails, naming the column; nothing of the batch is kept): [column, value]. */
export const REJECTED_VALUES: [string, unknown][] = [
  ['id', null], // primary key
  ['s', Symbol('not text')],
  ['i', 1.5],
  ['i', 2 ** 53], // already rounded as a number
  ['i', 2n ** 63n], // beyond int64
  ['i', '9223372036854775808'],
  ['i', Number.NaN],
  ['i', true],
  ['n', Number.NaN],
  ['n', Number.POSITIVE_INFINITY],
  ['n', 'abc'],
  ['n', 'Infinity'],
  ['b', 'yes'],
  ['b', 1],
  ['ts', 'soon'],
  ['ts', 'March 7, 2024'],
  ['ts', new Date(Number.NaN)],
  ['ts', Number.POSITIVE_INFINITY],
  ['d', '2023-02-29'],
  ['d', 'yesterday'],
  ['d', 19000],
  ['tags', 'a,b'],
  ['doc', () => 1],
];

/** A pipeline state whose entries are `checkpoints` (stream → checkpoint), at batch `seq`. */
export function stateWith(checkpoints: Record<string, Json>, seq = 1): PipelineState {
  const streams: PipelineState['streams'] = {};
  for (const [name, checkpoint] of Object.entries(checkpoints)) {
    streams[name] = { checkpoint, seq, updatedAt: new Date(BASE_TIME + seq * 60_000).toISOString() };
  }
  return { version: PIPELINE_STATE_VERSION, pipeline: PIPELINE, streams };
}

/**
 * A row whose `column` throws when read: a sink that reads it fails in the middle of a
 * write, after reading the rows before it. Simulates a crash between write and commit.
 */
export function poisonedRow(base: Row, column: string): Row {
  const row = { ...base };
  Object.defineProperty(row, column, {
    enumerable: true,
    get() {
      throw new Error(`testkit: simulated failure while reading column "${column}" in the middle of a write`);
    },
  });
  return row;
}
