import duckdb from '@duckdb/node-bindings';
import { type DuckDBType, DuckDBTypeId } from '@duckdb/node-api';

/**
 * Fill DuckDB vectors from JS arrays with a handful of native calls per column and
 * chunk, instead of one per value. On this machine a native call costs ~0.4 µs, so
 * per-value appends of a 20-column row spend ~8 µs in call overhead alone (see README).
 *
 * Fixed-width columns are built in a typed array and copied in one call. Text columns
 * build DuckDB's 16-byte `duckdb_string_t` records (documented in duckdb.h): strings of
 * up to 12 bytes are stored inline; longer ones point into ONE buffer holding all of
 * them, which DuckDB copies into a helper vector with a single call. The helper must
 * outlive the chunk's append: callers pass `keepAlive` and drop it after the appender
 * has flushed.
 */
export type VectorKind = 'varchar' | 'bigint' | 'double' | 'boolean' | 'timestamptz' | 'date' | 'varchar_list';

/** The fast-path kind for a column type, or undefined when the generic converter must handle it. */
export function vectorKindOf(type: DuckDBType): VectorKind | undefined {
  switch (type.typeId) {
    case DuckDBTypeId.VARCHAR:
      return 'varchar'; // JSON is VARCHAR with an alias: same vector layout
    case DuckDBTypeId.BIGINT:
      return 'bigint';
    case DuckDBTypeId.DOUBLE:
      return 'double';
    case DuckDBTypeId.BOOLEAN:
      return 'boolean';
    case DuckDBTypeId.TIMESTAMP_TZ:
      return 'timestamptz';
    case DuckDBTypeId.DATE:
      return 'date';
    case DuckDBTypeId.LIST:
      return type.valueType.typeId === DuckDBTypeId.VARCHAR ? 'varchar_list' : undefined;
    default:
      return undefined;
  }
}

const TWO_32 = 4294967296;
/** ASCII strings have as many UTF-8 bytes as UTF-16 units, so no encoding is needed to lay them out. */
const NON_ASCII = /[\u0080-\uffff]/;
const VARCHAR_TYPE = duckdb.create_logical_type(duckdb.Type.VARCHAR);

/** Write `values` (already converted to the kind's primitive; null for NULL) into `vector`. */
export function fillVector(vector: duckdb.Vector, kind: VectorKind, values: readonly unknown[], keepAlive: unknown[]): void {
  const n = values.length;
  switch (kind) {
    case 'varchar':
      fillStrings(vector, values as readonly (string | null)[], keepAlive);
      break;
    case 'double': {
      const data = new Float64Array(n);
      for (let i = 0; i < n; i++) data[i] = (values[i] as number | null) ?? 0;
      copy(vector, data);
      break;
    }
    case 'bigint':
    case 'timestamptz':
      copy(vector, int64Array(values as readonly (number | bigint | null)[]));
      break;
    case 'date': {
      const data = new Int32Array(n);
      for (let i = 0; i < n; i++) data[i] = (values[i] as number | null) ?? 0;
      copy(vector, data);
      break;
    }
    case 'boolean': {
      const data = new Uint8Array(n);
      for (let i = 0; i < n; i++) data[i] = values[i] === true ? 1 : 0;
      copy(vector, data);
      break;
    }
    case 'varchar_list':
      fillStringLists(vector, values as readonly ((string | null)[] | null)[], keepAlive);
      break;
  }
  setValidity(vector, values);
}

function copy(vector: duckdb.Vector, data: ArrayBufferView): void {
  duckdb.copy_data_to_vector(vector, 0, data.buffer as ArrayBuffer, data.byteOffset, data.byteLength);
}

/** Little-endian int64s from numbers (split into two 32-bit halves, no BigInt cost) or bigints. */
function int64Array(values: readonly (number | bigint | null)[]): Uint32Array {
  const words = new Uint32Array(values.length * 2);
  let big: BigInt64Array | undefined;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v === 'number') {
      words[2 * i] = v >>> 0; // low word: v mod 2^32
      words[2 * i + 1] = Math.floor(v / TWO_32) >>> 0; // high word, two's complement for negatives
    } else if (typeof v === 'bigint') {
      big ??= new BigInt64Array(words.buffer);
      big[i] = v;
    }
  }
  return words;
}

function setValidity(vector: duckdb.Vector, values: readonly unknown[]): void {
  let mask: Uint8Array | undefined;
  for (let i = 0; i < values.length; i++) {
    if (values[i] !== null) continue;
    mask ??= new Uint8Array(Math.ceil(values.length / 64) * 8).fill(0xff);
    mask[i >> 3]! &= ~(1 << (i & 7));
  }
  if (!mask) return;
  duckdb.vector_ensure_validity_writable(vector);
  duckdb.copy_data_to_vector_validity(vector, 0, mask.buffer as ArrayBuffer, 0, mask.byteLength);
}

/** UTF-8 bytes of one vector's long non-ASCII strings; reused across calls (DuckDB copies it). */
let heap = Buffer.allocUnsafe(256 * 1024);

function reserveHeap(used: number, more: number): void {
  if (used + more <= heap.length) return;
  const bigger = Buffer.allocUnsafe(Math.max(heap.length * 2, used + more));
  heap.copy(bigger, 0, 0, used);
  heap = bigger;
}

/**
 * Lay out `duckdb_string_t` records: `{uint32 length; 12 bytes inline}` for strings of up
 * to 12 UTF-8 bytes, `{uint32 length; 4-byte prefix; pointer}` for longer ones. Long ASCII
 * strings are joined and handed over in one call; long non-ASCII strings are encoded one
 * by one (so lone surrogates cannot pair up across strings). Both go to DuckDB with an
 * explicit length, so NUL characters are safe.
 */
function fillStrings(vector: duckdb.Vector, values: readonly (string | null)[], keepAlive: unknown[]): void {
  if (fillAsciiStrings(vector, values, keepAlive)) return;
  const n = values.length;
  const records = new Uint8Array(n * 16);
  const words = new Uint32Array(records.buffer);
  const ascii: LongStrings = { rows: [], offsets: [], bytes: 0 };
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
        ascii.rows.push(i);
        ascii.offsets.push(ascii.bytes);
        ascii.bytes += len;
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
  if (ascii.rows.length > 0) pointInto(words, ascii, Buffer.from(asciiParts.join(''), 'latin1'), keepAlive);
  if (unicode.rows.length > 0) pointInto(words, unicode, heap.subarray(0, unicode.bytes), keepAlive);
  copy(vector, records);
}

/**
 * The common case, with ~5 string operations fewer per value: every string of the column
 * is ASCII. One join, one ASCII check and one copy to DuckDB for the whole column; each
 * record takes its length from the string and its inline bytes or prefix from the joined
 * bytes. Returns false (having written nothing) when a string is not ASCII.
 */
function fillAsciiStrings(vector: duckdb.Vector, values: readonly (string | null)[], keepAlive: unknown[]): boolean {
  const n = values.length;
  const parts: string[] = new Array(n);
  for (let i = 0; i < n; i++) parts[i] = values[i] ?? '';
  const joined = parts.join('');
  // Every non-ASCII UTF-16 unit takes 2+ UTF-8 bytes: same length means all ASCII.
  const bytes = Buffer.from(joined, 'utf8');
  if (bytes.length !== joined.length) return false;
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
  copy(vector, records);
  return true;
}

interface LongStrings {
  rows: number[];
  offsets: number[];
  bytes: number;
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

/** LIST(VARCHAR): `duckdb_list_entry` {offset, length} per row, items in the child vector. */
function fillStringLists(vector: duckdb.Vector, values: readonly ((string | null)[] | null)[], keepAlive: unknown[]): void {
  const entries = new Uint32Array(values.length * 4);
  const items: (string | null)[] = [];
  for (let i = 0; i < values.length; i++) {
    const list = values[i];
    if (!list) continue;
    entries[i * 4] = items.length; // offset (uint64, low word)
    entries[i * 4 + 2] = list.length; // length (uint64, low word)
    for (const item of list) items.push(item);
  }
  copy(vector, entries);
  duckdb.list_vector_reserve(vector, items.length);
  if (items.length > 0) {
    const child = duckdb.list_vector_get_child(vector);
    fillStrings(child, items, keepAlive);
    setValidity(child, items);
  }
  duckdb.list_vector_set_size(vector, items.length);
}
