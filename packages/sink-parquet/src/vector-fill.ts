import duckdb from '@duckdb/node-bindings';
import type { ColumnType } from '@pipe/sdk';

/**
 * Fill a DuckDB vector from one column of plain JS values with a few native calls per
 * chunk instead of one per value (a native call costs ~0.5 µs; per-value appends of a
 * 20-column row spend more than the whole 200k rows/s budget on call overhead).
 *
 * Layouts follow duckdb.h: fixed-width values are copied from a typed array in one call;
 * text is an array of 16-byte `duckdb_string_t` records (length, then up to 12 bytes
 * inline, else a 4-byte prefix and a pointer). Long strings are stored with ONE native
 * call in a helper vector, and the records point into it: the helper must stay alive
 * until the appender has copied the chunk (`keepAlive`).
 *
 * Values arrive already converted (see column-types.ts): integer → number | bigint,
 * timestamp → epoch microseconds (number), date → epoch days, text → string,
 * string[] → (string | null)[]; null means NULL.
 */
const TWO_32 = 4294967296;
const NON_ASCII = /[\u0080-\uffff]/;
const VARCHAR_TYPE = duckdb.create_logical_type(duckdb.Type.VARCHAR);

export function fillVector(vector: duckdb.Vector, type: ColumnType, values: readonly unknown[], keepAlive: unknown[]): void {
  const n = values.length;
  switch (type) {
    case 'string':
    case 'json':
      fillStrings(vector, values as readonly (string | null)[], keepAlive);
      break;
    case 'number': {
      const data = new Float64Array(n);
      for (let i = 0; i < n; i++) data[i] = (values[i] as number | null) ?? 0;
      copy(vector, data);
      break;
    }
    case 'integer':
    case 'timestamp':
      copy(vector, int64Words(values as readonly (number | bigint | null)[]));
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
    case 'string[]':
      fillStringLists(vector, values as readonly ((string | null)[] | null)[], keepAlive);
      break;
  }
  setValidity(vector, values);
}

function copy(vector: duckdb.Vector, data: ArrayBufferView): void {
  duckdb.copy_data_to_vector(vector, 0, data.buffer as ArrayBuffer, data.byteOffset, data.byteLength);
}

/** Little-endian int64 from safe-integer numbers (two 32-bit halves, no BigInt cost) or bigints. */
function int64Words(values: readonly (number | bigint | null)[]): Uint32Array {
  const words = new Uint32Array(values.length * 2);
  let big: BigInt64Array | undefined;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v === 'number') {
      words[2 * i] = v >>> 0;
      words[2 * i + 1] = Math.floor(v / TWO_32) >>> 0;
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

let scratch = Buffer.allocUnsafe(64 * 1024);

function fillStrings(vector: duckdb.Vector, values: readonly (string | null)[], keepAlive: unknown[]): void {
  const n = values.length;
  const records = new Uint8Array(n * 16);
  const words = new Uint32Array(records.buffer);
  const long: string[] = [];
  const longRows: number[] = [];
  const longOffsets: number[] = [];
  let heap = 0;
  for (let i = 0; i < n; i++) {
    const s = values[i];
    if (s === null || s === undefined) continue;
    const at = i * 16;
    let bytes: number;
    if (!NON_ASCII.test(s)) {
      bytes = s.length;
      const inline = Math.min(bytes, bytes <= 12 ? 12 : 4);
      for (let k = 0; k < inline; k++) records[at + 4 + k] = s.charCodeAt(k);
    } else {
      if (scratch.length < s.length * 3) scratch = Buffer.allocUnsafe(s.length * 3);
      bytes = scratch.write(s, 0, 'utf8');
      records.set(scratch.subarray(0, bytes <= 12 ? bytes : 4), at + 4);
    }
    words[i * 4] = bytes;
    if (bytes > 12) {
      long.push(s);
      longRows.push(i);
      longOffsets.push(heap);
      heap += bytes;
    }
  }
  if (long.length > 0) {
    const helper = duckdb.create_vector(VARCHAR_TYPE, 1);
    duckdb.vector_assign_string_element(helper, 0, long.join(''));
    keepAlive.push(helper);
    const head = new Uint32Array(duckdb.vector_get_data(helper, 16).slice().buffer);
    const baseLow = head[2]!;
    const baseHigh = head[3]!;
    for (let j = 0; j < longRows.length; j++) {
      const i = longRows[j]!;
      const low = baseLow + longOffsets[j]!;
      words[i * 4 + 2] = low >>> 0;
      words[i * 4 + 3] = baseHigh + (low >= TWO_32 ? 1 : 0);
    }
  }
  copy(vector, records);
}

/** LIST(VARCHAR): a {offset, length} uint64 pair per row; the items go in the child vector. */
function fillStringLists(vector: duckdb.Vector, values: readonly ((string | null)[] | null)[], keepAlive: unknown[]): void {
  const entries = new Uint32Array(values.length * 4);
  const items: (string | null)[] = [];
  for (let i = 0; i < values.length; i++) {
    const list = values[i];
    if (!list) continue;
    entries[i * 4] = items.length;
    entries[i * 4 + 2] = list.length;
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
