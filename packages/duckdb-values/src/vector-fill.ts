import duckdb from '@duckdb/node-bindings';
import { CONVERT, toInt64, toMicros, toTextList, ValueError, type ValueKind } from '@pipe/sdk/values';

/**
 * Fill DuckDB vectors from JS values with a handful of native calls per column and chunk,
 * instead of one per value (bench/sink-duckdb/load.ts and bench/sink-parquet/write.ts
 * measure the path). `prepareColumn` converts one column of a chunk (by the loose-value
 * rule, values.ts) and lays it out in JS memory; `applyColumn` copies the layout into a
 * vector. Preparing never touches the target vector, so a caller can prepare chunks before
 * it has one (sink-parquet lays out a whole file before DuckDB scans it).
 *
 * Layouts follow duckdb.h: fixed-width values are one typed array; text is an array of
 * 16-byte `duckdb_string_t` records (length, then up to 12 bytes inline, else a 4-byte
 * prefix and a pointer). Long strings are copied into a helper vector with ONE native call
 * per column and the records point into it: the helper must outlive the chunk's use, so
 * it goes into `keepAlive`, which the caller drops once DuckDB has consumed the chunk.
 */

/** One column of one chunk, ready to be copied into a vector. */
export interface PreparedColumn {
  data: ArrayBufferView;
  /** Validity bitmap (bit set = valid), when the column has NULLs. */
  mask?: Uint8Array;
  /** LIST columns: the items, laid out as their own column. */
  list?: { size: number; items: PreparedColumn | undefined };
}

/** A value of a prepared column that does not fit: `row` counts from the column's first value. */
export class RowValueError extends Error {
  constructor(
    readonly row: number,
    readonly error: ValueError,
  ) {
    super(error.message);
  }
}

/** A null in a column that may not hold one (a primary-key column). */
export class NullValueError extends ValueError {
  constructor() {
    super('is null, but the column is not nullable (primary-key columns never are)');
  }
}

const TWO_32 = 4294967296;
const VARCHAR_TYPE = duckdb.create_logical_type(duckdb.Type.VARCHAR);

/**
 * Convert and lay out one column's raw values (null and undefined are NULL). `required`:
 * a NULL throws. A value that does not fit throws RowValueError naming its row.
 */
export function prepareColumn(kind: ValueKind, values: readonly unknown[], required: boolean, keepAlive: unknown[]): PreparedColumn {
  const n = values.length;
  let mask: Uint8Array | undefined;
  let k = 0;
  const isNull = () => {
    if (required) throw new NullValueError();
    mask ??= new Uint8Array(Math.ceil(n / 64) * 8).fill(0xff);
    mask[k >> 3]! &= ~(1 << (k & 7));
  };
  let data: ArrayBufferView;
  try {
    switch (kind) {
      case 'double': {
        const out = new Float64Array(n);
        for (; k < n; k++) {
          const v = values[k];
          if (typeof v === 'number' && v - v === 0) out[k] = v; // finite: the fast path
          else if (v === null || v === undefined) isNull();
          else out[k] = CONVERT.double(v) as number;
        }
        data = out;
        break;
      }
      case 'bigint':
      case 'timestamptz': {
        // Little-endian int64s: numbers split into two 32-bit words (no BigInt cost), bigints as they are.
        const micros = kind === 'timestamptz';
        const words = new Uint32Array(n * 2);
        let big: BigInt64Array | undefined;
        for (; k < n; k++) {
          const raw = values[k];
          if (raw === null || raw === undefined) {
            isNull();
            continue;
          }
          let v: number | bigint;
          if (micros) {
            v = raw instanceof Date ? raw.getTime() * 1000 : Number.NaN; // a Date: the fast path
            if (!Number.isSafeInteger(v)) v = toMicros(raw);
          } else v = typeof raw === 'number' && Number.isSafeInteger(raw) ? raw : toInt64(raw);
          if (typeof v === 'number') {
            words[2 * k] = v >>> 0; // low word: v mod 2^32
            words[2 * k + 1] = Math.floor(v / TWO_32) >>> 0; // high word, two's complement for negatives
          } else {
            big ??= new BigInt64Array(words.buffer);
            big[k] = v;
          }
        }
        data = words;
        break;
      }
      case 'date': {
        const out = new Int32Array(n);
        for (; k < n; k++) {
          const v = values[k];
          if (v === null || v === undefined) isNull();
          else out[k] = CONVERT.date(v) as number;
        }
        data = out;
        break;
      }
      case 'boolean': {
        const out = new Uint8Array(n);
        for (; k < n; k++) {
          const v = values[k];
          if (v === true) out[k] = 1;
          else if (v === false) continue;
          else if (v === null || v === undefined) isNull();
          else out[k] = CONVERT.boolean(v) ? 1 : 0;
        }
        data = out;
        break;
      }
      case 'varchar':
      case 'json': {
        const convert = CONVERT[kind] as (v: unknown) => string;
        // Text columns mostly hold strings already: convert into a copy only when one is not.
        let texts = values as readonly (string | null | undefined)[];
        let copy: (string | null)[] | undefined;
        let nulls = 0;
        for (; k < n; k++) {
          const v = values[k];
          if (v === null || v === undefined) {
            isNull();
            nulls++;
          } else if (typeof v !== 'string' || kind === 'json') {
            copy ??= values.slice() as (string | null)[];
            copy[k] = convert(v);
          }
        }
        if (copy) texts = copy;
        // Wide sparse tables have many columns with no value in a whole chunk: no text to lay out.
        data = nulls === n ? new Uint8Array(n * 16) : stringRecords(texts, keepAlive);
        break;
      }
      case 'varchar_list': {
        const entries = new Uint32Array(n * 4);
        const items: (string | null)[] = [];
        for (; k < n; k++) {
          const v = values[k];
          if (v === null || v === undefined) {
            isNull();
            continue;
          }
          const list = toTextList(v);
          entries[k * 4] = items.length; // offset (uint64, low word)
          entries[k * 4 + 2] = list.length; // length (uint64, low word)
          for (const item of list) items.push(item);
        }
        const list = { size: items.length, items: items.length > 0 ? stringColumn(items, keepAlive) : undefined };
        return mask ? { data: entries, mask, list } : { data: entries, list };
      }
    }
  } catch (e) {
    if (e instanceof ValueError) throw new RowValueError(k, e);
    throw e;
  }
  return mask ? { data, mask } : { data };
}

/** Copy a prepared column into `vector`. */
export function applyColumn(vector: duckdb.Vector, p: PreparedColumn): void {
  copy(vector, p.data);
  if (p.list) {
    duckdb.list_vector_reserve(vector, p.list.size);
    if (p.list.items) applyColumn(duckdb.list_vector_get_child(vector), p.list.items);
    duckdb.list_vector_set_size(vector, p.list.size);
  }
  if (p.mask) {
    duckdb.vector_ensure_validity_writable(vector);
    duckdb.copy_data_to_vector_validity(vector, 0, p.mask.buffer as ArrayBuffer, 0, p.mask.byteLength);
  }
}

function copy(vector: duckdb.Vector, data: ArrayBufferView): void {
  duckdb.copy_data_to_vector(vector, 0, data.buffer as ArrayBuffer, data.byteOffset, data.byteLength);
}

/** List items (already text, or null) as their own column. */
function stringColumn(items: readonly (string | null)[], keepAlive: unknown[]): PreparedColumn {
  const data = stringRecords(items, keepAlive);
  let mask: Uint8Array | undefined;
  for (let i = 0; i < items.length; i++) {
    if (items[i] !== null) continue;
    mask ??= new Uint8Array(Math.ceil(items.length / 64) * 8).fill(0xff);
    mask[i >> 3]! &= ~(1 << (i & 7));
  }
  return mask ? { data, mask } : { data };
}

/** ASCII strings have as many UTF-8 bytes as UTF-16 units, so no encoding is needed to lay them out. */
const NON_ASCII = /[\u0080-\uffff]/;

/** UTF-8 bytes of one column's long non-ASCII strings; reused across calls (DuckDB copies it). */
let heap = Buffer.allocUnsafe(256 * 1024);

function reserveHeap(used: number, more: number): void {
  if (used + more <= heap.length) return;
  const bigger = Buffer.allocUnsafe(Math.max(heap.length * 2, used + more));
  heap.copy(bigger, 0, 0, used);
  heap = bigger;
}

interface LongStrings {
  rows: number[];
  offsets: number[];
  bytes: number;
}

/**
 * `duckdb_string_t` records: `{uint32 length; 12 bytes inline}` for strings of up to 12
 * UTF-8 bytes, `{uint32 length; 4-byte prefix; pointer}` for longer ones. Long ASCII
 * strings are joined and handed over in one call; long non-ASCII strings are encoded one
 * by one (so lone surrogates cannot pair up across strings). Both go to DuckDB with an
 * explicit length, so NUL characters are safe.
 */
function stringRecords(values: readonly (string | null | undefined)[], keepAlive: unknown[]): Uint8Array {
  const ascii = asciiRecords(values, keepAlive);
  if (ascii) return ascii;
  const n = values.length;
  const records = new Uint8Array(n * 16);
  const words = new Uint32Array(records.buffer);
  const asciiLong: LongStrings = { rows: [], offsets: [], bytes: 0 };
  const asciiParts: string[] = [];
  const unicode: LongStrings = { rows: [], offsets: [], bytes: 0 };
  for (let i = 0; i < n; i++) {
    const s = values[i];
    if (s === null || s === undefined) continue;
    const at = i * 16;
    const len = s.length;
    if (!NON_ASCII.test(s)) {
      words[i * 4] = len;
      const inline = len <= 12 ? len : 4; // a long string keeps its first 4 bytes as the prefix
      for (let k = 0; k < inline; k++) records[at + 4 + k] = s.charCodeAt(k);
      if (len > 12) {
        asciiLong.rows.push(i);
        asciiLong.offsets.push(asciiLong.bytes);
        asciiLong.bytes += len;
        asciiParts.push(s);
      }
      continue;
    }
    reserveHeap(unicode.bytes, len * 3);
    const from = unicode.bytes;
    const bytes = heap.write(s, from, 'utf8');
    words[i * 4] = bytes;
    const inline = bytes <= 12 ? bytes : 4;
    for (let k = 0; k < inline; k++) records[at + 4 + k] = heap[from + k]!;
    if (bytes > 12) {
      unicode.rows.push(i);
      unicode.offsets.push(from);
      unicode.bytes += bytes;
    }
  }
  if (asciiLong.rows.length > 0) pointInto(words, asciiLong, Buffer.from(asciiParts.join(''), 'latin1'), keepAlive);
  if (unicode.rows.length > 0) pointInto(words, unicode, heap.subarray(0, unicode.bytes), keepAlive);
  return records;
}

/**
 * The common case, with fewer string operations per value: every string of the column is
 * ASCII. One join, one ASCII check and one copy to DuckDB for the whole column; each
 * record takes its length from the string and its inline bytes or prefix from the joined
 * bytes. (A JS byte loop per string, sink-parquet's former way, was slower on
 * bench/crm-rows.ts's text columns.) Returns undefined when a string is not ASCII.
 */
function asciiRecords(values: readonly (string | null | undefined)[], keepAlive: unknown[]): Uint8Array | undefined {
  const n = values.length;
  const joined = values.join(''); // null and undefined join as ''
  // Every non-ASCII UTF-16 unit takes 2+ UTF-8 bytes: same length means all ASCII.
  const bytes = Buffer.from(joined, 'utf8');
  if (bytes.length !== joined.length) return undefined;
  const records = new Uint8Array(n * 16);
  const words = new Uint32Array(records.buffer);
  const long: LongStrings = { rows: [], offsets: [], bytes: bytes.length };
  let offset = 0;
  for (let i = 0; i < n; i++) {
    const s = values[i];
    if (s === null || s === undefined) continue;
    const len = s.length;
    const at = i * 16;
    words[i * 4] = len;
    const inline = len <= 12 ? len : 4;
    for (let k = 0; k < inline; k++) records[at + 4 + k] = bytes[offset + k]!;
    if (len > 12) {
      long.rows.push(i);
      long.offsets.push(offset);
    }
    offset += len;
  }
  if (long.rows.length > 0) pointInto(words, long, bytes, keepAlive);
  return records;
}

/** Store `bytes` in a helper vector (DuckDB copies them) and point each long record into that copy. */
function pointInto(words: Uint32Array, long: LongStrings, bytes: Uint8Array, keepAlive: unknown[]): void {
  const helper = duckdb.create_vector(VARCHAR_TYPE, 1);
  duckdb.vector_assign_string_element_len(helper, 0, bytes);
  keepAlive.push(helper);
  const head = new Uint32Array(duckdb.vector_get_data(helper, 16).slice().buffer);
  const baseLow = head[2]!;
  const baseHigh = head[3]!;
  for (let j = 0; j < long.rows.length; j++) {
    const i = long.rows[j]!;
    const low = baseLow + long.offsets[j]!;
    words[i * 4 + 2] = low >>> 0;
    words[i * 4 + 3] = baseHigh + (low >= TWO_32 ? 1 : 0);
  }
}
