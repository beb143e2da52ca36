/**
 * Parse a JSON body whose objects under one key (HubSpot's `properties`) hold hundreds of flat
 * members, so that those objects come out as V8 fast objects instead of hash tables.
 *
 * Why: JSON.parse builds an object of WIDE_MEMBERS members or more as a dictionary (a hash table),
 * several times the heap of a fast object with the same members. On a wide HubSpot page (every
 * property of 100 contacts) that garbage was most of what the garbage collector did per record
 * (bench/engine/width.ts, "garbage collection").
 *
 * How: each object that is the value of a member named `key` is scanned here member by member
 * (keys and scalar values: strings, numbers, true, false, null) and built by an object literal
 * compiled once per list of keys; the rest of the body (ids, dates, paging) is JSON.parse'd with those objects cut out and
 * put back after. An object this scanner does not take as it is (an escaped or non-ASCII key, a
 * nested value, a raw control character, fewer than WIDE_MEMBERS members, many different key lists)
 * makes it return undefined, and the caller parses the body the usual way: the result always equals
 * `JSON.parse(buf.toString('utf8'))`.
 */
import { objectLiteralKey } from '../batch.ts';

/** Objects below this many members are fast objects under JSON.parse already (V8 11, Node 20). */
export const WIDE_MEMBERS = 128;
/** Key lists compiled into object literals; a body needing more new ones than this is parsed plainly. */
const MAX_NEW_SHAPES_PER_BODY = 8;
const MAX_SHAPES = 256;

type Make = (values: unknown[]) => Record<string, unknown>;
const shapes = new Map<string, Make>();

/** The compiled literal for these keys: rows of one key list share one V8 shape. */
function shapeOf(keys: string[]): Make {
  const signature = keys.join('\u0000');
  let make = shapes.get(signature);
  if (!make) {
    if (shapes.size >= MAX_SHAPES) shapes.clear();
    make = new Function('v', `return {${keys.map((k, i) => `${objectLiteralKey(k)}: v[${i}]`).join(', ')}};\n//# sourceURL=pipe-wide-object`) as Make;
    shapes.set(signature, make);
  }
  return make;
}

// A JSON number, once its bytes are cut out as the run of characters numbers are made of.
const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/**
 * One body's scan, over its bytes: a Latin-1 string of the whole body would put a page-sized
 * string in V8's large-object space per wide page, which brings major collections sooner
 * (bench/engine/width.ts, "garbage collection").
 */
class Scan {
  private readonly values: unknown[] = [];
  /** The last object's keys and literal: most objects of a page have the same keys. */
  private keys: string[] = [];
  private make: Make | undefined;
  private newShapes = 0;
  /** What the last stringEnd saw between the quotes: a backslash; a byte of a multi-byte character. */
  private escaped = false;
  private high = false;

  constructor(readonly buf: Buffer) {}

  skipSpace(at: number): number {
    const b = this.buf;
    let c = b[at];
    while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = b[++at];
    return at;
  }

  /**
   * Scan the flat object whose `{` is at `open - 1`. Returns the object and the index after its
   * `}`, or undefined when it is not one this scanner takes.
   */
  object(open: number): { value: Record<string, unknown>; end: number } | undefined {
    const b = this.buf;
    let at = this.skipSpace(open);
    if (b[at] === 0x7d) return undefined; // `{}`: few members, JSON.parse does it well
    const values = this.values;
    let keys = this.keys;
    let same = true;
    let n = 0;
    for (;;) {
      if (b[at] !== 0x22) return undefined;
      // Most keys are the previous object's, in order: compare bytes before scanning for the quote.
      const expected = same ? keys[n] : undefined;
      let keyEnd = expected === undefined ? -1 : this.keyEnd(expected, at + 1);
      if (keyEnd === -1) {
        keyEnd = this.stringEnd(at);
        if (keyEnd === -1 || this.escaped || this.high) return undefined;
        if (same) {
          same = false;
          keys = keys.slice(0, n);
        }
        keys.push(b.toString('latin1', at + 1, keyEnd));
      }
      at = this.skipSpace(keyEnd + 1);
      if (b[at] !== 0x3a) return undefined;
      at = this.skipSpace(at + 1);
      const c = b[at];
      if (c === 0x22) {
        const end = this.stringEnd(at);
        if (end === -1) return undefined;
        values[n] = this.string(at, end);
        at = end + 1;
      } else if (c === 0x6e && b[at + 1] === 0x75 && b[at + 2] === 0x6c && b[at + 3] === 0x6c) {
        values[n] = null;
        at += 4;
      } else if (c === 0x74 && b[at + 1] === 0x72 && b[at + 2] === 0x75 && b[at + 3] === 0x65) {
        values[n] = true;
        at += 4;
      } else if (c === 0x66 && b[at + 1] === 0x61 && b[at + 2] === 0x6c && b[at + 3] === 0x73 && b[at + 4] === 0x65) {
        values[n] = false;
        at += 5;
      } else {
        const end = this.numberEnd(at);
        const text = b.toString('latin1', at, end);
        if (!NUMBER.test(text)) return undefined;
        values[n] = Number(text);
        at = end;
      }
      n++;
      at = this.skipSpace(at);
      const next = b[at];
      at = this.skipSpace(at + 1);
      if (next === 0x2c) continue;
      if (next !== 0x7d) return undefined;
      break;
    }
    if (n < WIDE_MEMBERS) return undefined;
    if (same && n !== keys.length) {
      same = false;
      keys = keys.slice(0, n);
    }
    if (!same || !this.make) {
      if (++this.newShapes > MAX_NEW_SHAPES_PER_BODY) return undefined;
      this.keys = keys;
      this.make = shapeOf(keys);
    }
    if (values.length !== n) values.length = n;
    return { value: this.make(values), end: at };
  }

  /**
   * Index of the `"` closing the string that opens at `open`, or -1 at a raw control character
   * (JSON forbids them) or the end of the body. Notes whether the string held an escape or a
   * non-ASCII byte.
   */
  private stringEnd(open: number): number {
    const b = this.buf;
    const length = b.length;
    let escaped = false;
    let high = false;
    for (let i = open + 1; i < length; i++) {
      const c = b[i]!;
      if (c === 0x22) {
        this.escaped = escaped;
        this.high = high;
        return i;
      }
      if (c === 0x5c) {
        escaped = true;
        i++; // the escaped character, which may be a quote
      } else if (c < 0x20) {
        return -1;
      } else if (c >= 0x80) {
        high = true;
      }
    }
    return -1;
  }

  /** Index after the run of bytes a number may hold (digits, sign, point, exponent) from `at`. */
  private numberEnd(at: number): number {
    const b = this.buf;
    let c = b[at];
    while (c !== undefined && ((c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2b || c === 0x2e || c === 0x65 || c === 0x45)) c = b[++at];
    return at;
  }

  /** Index of the closing quote when the bytes from `from` spell `key` (ASCII, no quote or backslash) and a `"`, else -1. */
  private keyEnd(key: string, from: number): number {
    const b = this.buf;
    const length = key.length;
    for (let k = 0; k < length; k++) if (b[from + k] !== key.charCodeAt(k)) return -1;
    return b[from + length] === 0x22 ? from + length : -1;
  }

  /**
   * The string between the quotes at `open` and `end`, as JSON.parse of the UTF-8 text has it.
   * Copied out of the bytes, so that a row never keeps a page alive.
   */
  private string(open: number, end: number): string {
    const b = this.buf;
    if (this.escaped) return JSON.parse(b.toString('utf8', open, end + 1)) as string;
    return b.toString(this.high ? 'utf8' : 'latin1', open + 1, end);
  }
}

/**
 * `JSON.parse(buf.toString('utf8'))` with every wide flat object under `key` built as a fast
 * object, or undefined when the body has none or holds one this scanner does not take (the caller
 * then parses it plainly). `parseRest` parses the text that is left (Latin-1, as the bytes read).
 */
export function parseWideObjects(buf: Buffer, key: string, parseRest: (latin1: string) => unknown): unknown {
  const name = Buffer.from(JSON.stringify(key));
  let at = buf.indexOf(name);
  if (at === -1) return undefined;
  const scan = new Scan(buf);
  const parts: Buffer[] = [];
  const objects: Record<string, unknown>[] = [];
  let copied = 0;
  // `"key"` cannot occur inside a JSON string (there its closing `"` would follow a backslash), so
  // each occurrence is a member's key when `:` follows, else a value. Servers may put spaces around `:`.
  for (; at !== -1; at = buf.indexOf(name, at + name.length)) {
    const colon = scan.skipSpace(at + name.length);
    if (buf[colon] !== 0x3a) continue;
    const brace = scan.skipSpace(colon + 1);
    if (buf[brace] !== 0x7b) continue;
    const found = scan.object(brace + 1);
    if (!found) return undefined;
    // The object's place holds a string no JSON.parse'd body holds under this key: "\u0001<n>".
    parts.push(buf.subarray(copied, brace), Buffer.from(`"\\u0001${objects.length}"`));
    objects.push(found.value);
    copied = found.end;
    at = copied - name.length;
  }
  if (objects.length === 0) return undefined;
  parts.push(buf.subarray(copied));
  const rest = parseRest(Buffer.concat(parts).toString('latin1'));
  const placed = new Uint8Array(objects.length);
  return putBack(rest, key, objects, placed) === objects.length ? rest : undefined;
}

/** Replace each placeholder under `key` with its object; returns how many were replaced, NaN for a stray one. */
function putBack(node: unknown, key: string, objects: Record<string, unknown>[], placed: Uint8Array): number {
  if (node === null || typeof node !== 'object') return 0;
  let replaced = 0;
  if (Array.isArray(node)) {
    for (const item of node) replaced += putBack(item, key, objects, placed);
    return replaced;
  }
  const record = node as Record<string, unknown>;
  for (const k in record) {
    const v = record[k];
    if (k === key && typeof v === 'string' && v.charCodeAt(0) === 1) {
      const index = Number(v.slice(1));
      if (!(index >= 0 && index < objects.length) || placed[index] || v !== `\u0001${index}`) return Number.NaN;
      placed[index] = 1;
      record[k] = objects[index];
      replaced++;
    } else {
      replaced += putBack(v, key, objects, placed);
    }
  }
  return replaced;
}
