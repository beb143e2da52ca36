import duckdb from '@duckdb/node-bindings';
import type { Column, ColumnType } from '@pipe/sdk';
import { toEpochDays, toEpochMs, TO_PLAIN, ValueError } from './column-types.ts';

/**
 * Lay out one column of a 2048-row chunk in JS memory (`prepare…`), then copy it into a
 * DuckDB vector with a few native calls (`applyColumn`) instead of one call per value (a
 * native call costs ~0.5 µs; per-value appends of a 20-column row spend more than the
 * whole 200k rows/s budget on call overhead). Preparing needs no vector, so the encoder
 * prepares the next chunk while DuckDB encodes the current one.
 *
 * Layouts follow duckdb.h: fixed-width values are one typed array; text is an array of
 * 16-byte `duckdb_string_t` records (length, then up to 12 bytes inline, else a 4-byte
 * prefix and a pointer). The chunk's strings are stored with ONE native call in a helper
 * vector, and the records point into it: the helper must stay alive until DuckDB has
 * consumed the chunk (`keepAlive`).
 */
const TWO_32 = 4294967296;
export const NOT_NULLABLE = 'is null, but the column is not nullable (primary-key columns never are)';
const VARCHAR_TYPE = duckdb.create_logical_type(duckdb.Type.VARCHAR);

/** One column of one chunk, ready to be copied into a vector. */
export interface PreparedColumn {
  data: ArrayBufferView;
  /** Validity bitmap (bit set = valid), when the column has NULLs. */
  mask?: Uint8Array;
  /** LIST columns: the items, laid out as their own column. */
  list?: { size: number; items: PreparedColumn | undefined };
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

/**
 * Text-like columns from values already converted (column-types.ts TO_PLAIN): `string`
 * and `json` → string, `string[]` → (string | null)[]; null means NULL.
 */
export function prepareValues(type: ColumnType, values: readonly unknown[], text: TextArena): PreparedColumn {
  if (type === 'string[]') return prepareStringLists(values as readonly ((string | null)[] | null)[], text);
  return prepareStrings(values as readonly (string | null)[], text);
}

/** Column types written straight into typed arrays (no converted intermediate array). */
export const FIXED_WIDTH: ReadonlySet<ColumnType> = new Set(['integer', 'number', 'boolean', 'timestamp', 'date']);

/**
 * Convert and write one fixed-width column of a chunk in a single pass into a typed array:
 * the hot path for numbers, flags and instants. `values` are the column's raw values of
 * rows[offset, offset+n) (see compileColumnSplitter); `bad(row, error)` builds the error
 * thrown for a value that does not fit, `row` counting from the batch's first row.
 */
export function prepareFixedWidth(column: Column, values: readonly unknown[], offset: number, bad: (row: number, e: unknown) => Error): PreparedColumn {
  const n = values.length;
  const required = column.nullable === false;
  let mask: Uint8Array | undefined;
  const isNull = (k: number) => {
    if (required) throw bad(offset + k, new ValueError(NOT_NULLABLE));
    mask ??= new Uint8Array(Math.ceil(n / 64) * 8).fill(0xff);
    mask[k >> 3]! &= ~(1 << (k & 7));
  };
  let data: ArrayBufferView;
  try {
    switch (column.type) {
      case 'number': {
        const out = new Float64Array(n);
        for (let k = 0; k < n; k++) {
          const v = values[k];
          if (typeof v === 'number') out[k] = v;
          else if (v === null || v === undefined) isNull(k);
          else out[k] = TO_PLAIN.number(v) as number;
        }
        data = out;
        break;
      }
      case 'integer': {
        const words = new Uint32Array(n * 2);
        let big: BigInt64Array | undefined;
        for (let k = 0; k < n; k++) {
          const raw = values[k];
          if (raw === null || raw === undefined) {
            isNull(k);
            continue;
          }
          const v = typeof raw === 'number' && Number.isSafeInteger(raw) ? raw : (TO_PLAIN.integer(raw) as number | bigint);
          if (typeof v === 'number') {
            words[2 * k] = v >>> 0;
            words[2 * k + 1] = Math.floor(v / TWO_32) >>> 0;
          } else {
            big ??= new BigInt64Array(words.buffer);
            big[k] = v;
          }
        }
        data = words;
        break;
      }
      case 'timestamp': {
        const words = new Uint32Array(n * 2);
        for (let k = 0; k < n; k++) {
          const v = values[k];
          if (v === null || v === undefined) {
            isNull(k);
            continue;
          }
          const micros = (v instanceof Date ? v.getTime() : toEpochMs(v)) * 1000;
          if (Number.isNaN(micros)) toEpochMs(v); // throws, naming the invalid value
          words[2 * k] = micros >>> 0;
          words[2 * k + 1] = Math.floor(micros / TWO_32) >>> 0;
        }
        data = words;
        break;
      }
      case 'date': {
        const out = new Int32Array(n);
        for (let k = 0; k < n; k++) {
          const v = values[k];
          if (v === null || v === undefined) isNull(k);
          else out[k] = toEpochDays(v);
        }
        data = out;
        break;
      }
      default: {
        const out = new Uint8Array(n);
        for (let k = 0; k < n; k++) {
          const v = values[k];
          if (v === true) out[k] = 1;
          else if (v === null || v === undefined) isNull(k);
          else if (v !== false) TO_PLAIN.boolean(v);
        }
        data = out;
      }
    }
  } catch (e) {
    if (e instanceof ValueError) throw bad(offset + findRow(values, column.type), e);
    throw e;
  }
  return mask ? { data, mask } : { data };
}

/** The row whose value failed (found again on the slow path, only after an error). */
function findRow(values: readonly unknown[], type: ColumnType): number {
  for (let k = 0; k < values.length; k++) {
    const v = values[k];
    if (v === null || v === undefined) continue;
    try {
      TO_PLAIN[type](v);
    } catch {
      return k;
    }
  }
  return 0;
}

function copy(vector: duckdb.Vector, data: ArrayBufferView): void {
  duckdb.copy_data_to_vector(vector, 0, data.buffer as ArrayBuffer, data.byteOffset, data.byteLength);
}

/** Validity bitmap for values with NULLs (null or undefined), else undefined. */
function validity(values: readonly unknown[]): Uint8Array | undefined {
  let mask: Uint8Array | undefined;
  for (let i = 0; i < values.length; i++) {
    if (values[i] !== null && values[i] !== undefined) continue;
    mask ??= new Uint8Array(Math.ceil(values.length / 64) * 8).fill(0xff);
    mask[i >> 3]! &= ~(1 << (i & 7));
  }
  return mask;
}

/**
 * The bytes of one chunk's long strings (more than 12 bytes), across all its text columns.
 * Strings are UTF-8 encoded straight into one reused buffer (a JS loop for ASCII, which
 * beats joining the strings and encoding them in one call by ~3×), then `store` copies
 * the buffer into ONE helper vector and points the records at it.
 */
export class TextArena {
  private buf = Buffer.allocUnsafe(1 << 18);
  private used = 0;
  /** Record arrays (as words) holding offsets into `buf` until `store` makes them pointers. */
  private pending: Uint32Array[] = [];

  /** Record `i` of `words` (16 bytes each, `bytes` the same memory) := string s. */
  put(s: string, bytes: Uint8Array, words: Uint32Array, i: number): void {
    const n = s.length;
    if (this.used + 3 * n > this.buf.length) this.grow(3 * n);
    const buf = this.buf;
    const used = this.used;
    let j = 0;
    for (; j < n; j++) {
      const c = s.charCodeAt(j);
      if (c > 127) break;
      buf[used + j] = c;
    }
    const len = j < n ? buf.write(s, used, 'utf8') : n;
    const at = i * 16 + 4;
    words[i * 4] = len;
    if (len <= 12) {
      for (let k = 0; k < len; k++) bytes[at + k] = buf[used + k]!;
      return;
    }
    bytes[at] = buf[used]!;
    bytes[at + 1] = buf[used + 1]!;
    bytes[at + 2] = buf[used + 2]!;
    bytes[at + 3] = buf[used + 3]!;
    words[i * 4 + 2] = used;
    this.used = used + len;
  }

  /** Forget a chunk that failed half-way. */
  reset(): void {
    this.used = 0;
    this.pending = [];
  }

  /** Remember records whose long strings point into this arena (fixed up by `store`). */
  track(words: Uint32Array): void {
    this.pending.push(words);
  }

  /** Copy the chunk's long strings into a helper vector (kept alive by the caller) and fix the records' pointers. */
  store(keepAlive: unknown[]): void {
    if (this.used > 0) {
      const helper = duckdb.create_vector(VARCHAR_TYPE, 1);
      duckdb.vector_assign_string_element_len(helper, 0, this.buf.subarray(0, this.used));
      keepAlive.push(helper);
      const head = new Uint32Array(duckdb.vector_get_data(helper, 16).slice().buffer);
      const baseLow = head[2]!;
      const baseHigh = head[3]!;
      for (const words of this.pending) {
        for (let w = 0; w < words.length; w += 4) {
          if (words[w]! <= 12) continue;
          const low = baseLow + words[w + 2]!;
          words[w + 2] = low >>> 0;
          words[w + 3] = baseHigh + (low >= TWO_32 ? 1 : 0);
        }
      }
    }
    this.reset();
  }

  private grow(extra: number): void {
    const next = Buffer.allocUnsafe(Math.max(2 * this.buf.length, this.used + extra));
    this.buf.copy(next, 0, 0, this.used);
    this.buf = next;
  }
}

/**
 * A `string` column straight from its raw values (one pass: no converted copy, no second
 * pass for NULLs). Numbers and booleans become their text; `bad` as in prepareFixedWidth.
 */
export function prepareStringColumn(column: Column, values: readonly unknown[], offset: number, text: TextArena, bad: (row: number, e: unknown) => Error): PreparedColumn {
  const n = values.length;
  const records = new Uint8Array(n * 16);
  const words = new Uint32Array(records.buffer);
  const required = column.nullable === false;
  let mask: Uint8Array | undefined;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (typeof v === 'string') {
      text.put(v, records, words, i);
    } else if (v === null || v === undefined) {
      if (required) throw bad(offset + i, new ValueError(NOT_NULLABLE));
      mask ??= new Uint8Array(Math.ceil(n / 64) * 8).fill(0xff);
      mask[i >> 3]! &= ~(1 << (i & 7));
    } else {
      let s: string;
      try {
        s = TO_PLAIN.string(v) as string;
      } catch (e) {
        throw bad(offset + i, e);
      }
      text.put(s, records, words, i);
    }
  }
  text.track(words);
  return mask ? { data: records, mask } : { data: records };
}

/** Text: 16-byte records (length, then the bytes inline up to 12, else a 4-byte prefix and a pointer into `text`). */
function prepareStrings(values: readonly (string | null)[], text: TextArena): PreparedColumn {
  const n = values.length;
  const records = new Uint8Array(n * 16);
  const words = new Uint32Array(records.buffer);
  for (let i = 0; i < n; i++) {
    const s = values[i];
    if (s !== null && s !== undefined) text.put(s, records, words, i);
  }
  text.track(words);
  const mask = validity(values);
  return mask ? { data: records, mask } : { data: records };
}

/** LIST(VARCHAR): a {offset, length} uint64 pair per row; the items go in the child vector. */
function prepareStringLists(values: readonly ((string | null)[] | null)[], text: TextArena): PreparedColumn {
  const entries = new Uint32Array(values.length * 4);
  const items: (string | null)[] = [];
  for (let i = 0; i < values.length; i++) {
    const list = values[i];
    if (!list) continue;
    entries[i * 4] = items.length;
    entries[i * 4 + 2] = list.length;
    for (const item of list) items.push(item);
  }
  const mask = validity(values);
  const list = { size: items.length, items: items.length > 0 ? prepareStrings(items, text) : undefined };
  return mask ? { data: entries, mask, list } : { data: entries, list };
}
