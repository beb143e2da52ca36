import duckdb from '@duckdb/node-bindings';
import type { Column, ColumnType, Row } from '@pipe/sdk';
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
const NON_ASCII = /[\u0080-\uffff]/;
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
export function prepareValues(type: ColumnType, values: readonly unknown[], keepAlive: unknown[]): PreparedColumn {
  if (type === 'string[]') return prepareStringLists(values as readonly ((string | null)[] | null)[], keepAlive);
  return prepareStrings(values as readonly (string | null)[], keepAlive);
}

/** Column types filled straight from the rows (no intermediate array, no boxed values). */
export const FIXED_WIDTH: ReadonlySet<ColumnType> = new Set(['integer', 'number', 'boolean', 'timestamp', 'date']);

/**
 * Convert and write one fixed-width column of rows[offset, offset+n) in a single pass
 * into a typed array: the hot path for numbers, flags and instants. `bad(row, error)`
 * builds the error thrown for a value that does not fit.
 */
export function prepareFixedWidth(column: Column, rows: readonly Row[], offset: number, n: number, bad: (row: number, e: unknown) => Error): PreparedColumn {
  const name = column.name;
  const required = column.nullable === false;
  let mask: Uint8Array | undefined;
  const isNull = (k: number) => {
    if (required) throw bad(offset + k, new ValueError('is null, but the column is not nullable (primary-key columns never are)'));
    mask ??= new Uint8Array(Math.ceil(n / 64) * 8).fill(0xff);
    mask[k >> 3]! &= ~(1 << (k & 7));
  };
  let data: ArrayBufferView;
  try {
    switch (column.type) {
      case 'number': {
        const out = new Float64Array(n);
        for (let k = 0; k < n; k++) {
          const v = rows[offset + k]![name];
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
          const raw = rows[offset + k]![name];
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
          const v = rows[offset + k]![name];
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
          const v = rows[offset + k]![name];
          if (v === null || v === undefined) isNull(k);
          else out[k] = toEpochDays(v);
        }
        data = out;
        break;
      }
      default: {
        const out = new Uint8Array(n);
        for (let k = 0; k < n; k++) {
          const v = rows[offset + k]![name];
          if (v === true) out[k] = 1;
          else if (v === null || v === undefined) isNull(k);
          else if (v !== false) TO_PLAIN.boolean(v);
        }
        data = out;
      }
    }
  } catch (e) {
    if (e instanceof ValueError) throw bad(offset + findRow(rows, offset, n, name, column.type), e);
    throw e;
  }
  return mask ? { data, mask } : { data };
}

/** The row whose value failed (found again on the slow path, only after an error). */
function findRow(rows: readonly Row[], offset: number, n: number, name: string, type: ColumnType): number {
  for (let k = 0; k < n; k++) {
    const v = rows[offset + k]![name];
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
 * Text: every string of the chunk is UTF-8 encoded in ONE call and stored in ONE helper
 * vector; each record holds the length, the first bytes (all of them up to 12) and, for
 * longer strings, a pointer into the helper's copy.
 */
function prepareStrings(values: readonly (string | null)[], keepAlive: unknown[]): PreparedColumn {
  const n = values.length;
  const records = new Uint8Array(n * 16);
  const words = new Uint32Array(records.buffer);
  const parts: string[] = [];
  for (let i = 0; i < n; i++) {
    const s = values[i];
    if (s !== null && s !== undefined) parts.push(s);
  }
  if (parts.length > 0) {
    const all = parts.join('');
    const bytes = Buffer.from(all, 'utf8');
    const ascii = bytes.length === all.length;
    let baseLow = 0;
    let baseHigh = 0;
    if (bytes.length > 12) {
      const helper = duckdb.create_vector(VARCHAR_TYPE, 1);
      duckdb.vector_assign_string_element_len(helper, 0, bytes);
      keepAlive.push(helper);
      const head = new Uint32Array(duckdb.vector_get_data(helper, 16).slice().buffer);
      baseLow = head[2]!;
      baseHigh = head[3]!;
    }
    let offset = 0;
    for (let i = 0; i < n; i++) {
      const s = values[i];
      if (s === null || s === undefined) continue;
      const len = ascii || !NON_ASCII.test(s) ? s.length : Buffer.byteLength(s, 'utf8');
      const at = i * 16 + 4;
      words[i * 4] = len;
      const inline = len <= 12 ? len : 4;
      for (let k = 0; k < inline; k++) records[at + k] = bytes[offset + k]!;
      if (len > 12) {
        const low = baseLow + offset;
        words[i * 4 + 2] = low >>> 0;
        words[i * 4 + 3] = baseHigh + (low >= TWO_32 ? 1 : 0);
      }
      offset += len;
    }
  }
  const mask = validity(values);
  return mask ? { data: records, mask } : { data: records };
}

/** LIST(VARCHAR): a {offset, length} uint64 pair per row; the items go in the child vector. */
function prepareStringLists(values: readonly ((string | null)[] | null)[], keepAlive: unknown[]): PreparedColumn {
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
  const list = { size: items.length, items: items.length > 0 ? prepareStrings(items, keepAlive) : undefined };
  return mask ? { data: entries, mask, list } : { data: entries, list };
}
