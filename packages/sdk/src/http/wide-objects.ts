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
import { isAscii } from 'node:buffer';

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
    // Keys are data: JSON.stringify makes each a string literal. `__proto__` needs a computed key, or
    // the literal would set the prototype where JSON.parse makes an own member.
    const key = (k: string) => (k === '__proto__' ? '["__proto__"]' : JSON.stringify(k));
    make = new Function('v', `return {${keys.map((k, i) => `${key(k)}: v[${i}]`).join(', ')}};\n//# sourceURL=pipe-wide-object`) as Make;
    shapes.set(signature, make);
  }
  return make;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const HIGH = /[\u0080-\u00ff]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: JSON forbids them raw in a string, so the scanner must find them
const CONTROL = /[\u0000-\u001f]/g;

/** One body's scan: the text, its bytes, and where the next backslash, non-ASCII byte and control character are. */
class Scan {
  private backslash = -1;
  private high: number;
  private control = -1;
  values: unknown[] = [];
  /** The last object's keys and literal: most objects of a page have the same keys. */
  keys: string[] = [];
  make: Make | undefined;
  newShapes = 0;

  constructor(
    readonly text: string,
    readonly buf: Buffer,
    ascii: boolean,
  ) {
    this.high = ascii ? Number.POSITIVE_INFINITY : -1;
  }

  /** Whether text[from, to) holds a backslash. */
  escapedBefore(from: number, to: number): boolean {
    if (this.backslash < from) {
      const at = this.text.indexOf('\\', from);
      this.backslash = at === -1 ? Number.POSITIVE_INFINITY : at;
    }
    return this.backslash < to;
  }

  highBefore(from: number, to: number): boolean {
    if (this.high < from) this.high = nextMatch(HIGH, this.text, from);
    return this.high < to;
  }

  controlBefore(from: number, to: number): boolean {
    if (this.control < from) this.control = nextMatch(CONTROL, this.text, from);
    return this.control < to;
  }

  skipSpace(at: number): number {
    const t = this.text;
    let c = t.charCodeAt(at);
    while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = t.charCodeAt(++at);
    return at;
  }

  /**
   * Scan the flat object whose `{` is at `open - 1`. Returns the object and the index after its
   * `}`, or undefined when it is not one this scanner takes.
   */
  object(open: number): { value: Record<string, unknown>; end: number } | undefined {
    const t = this.text;
    let at = this.skipSpace(open);
    if (t.charCodeAt(at) === 0x7d) return undefined; // `{}`: few members, JSON.parse does it well
    const values = this.values;
    let keys = this.keys;
    let same = true;
    let n = 0;
    for (;;) {
      if (t.charCodeAt(at) !== 0x22) return undefined;
      const keyEnd = t.indexOf('"', at + 1);
      if (keyEnd === -1 || this.escapedBefore(at, keyEnd) || this.highBefore(at, keyEnd) || this.controlBefore(at, keyEnd)) return undefined;
      if (same) {
        const expected = keys[n];
        if (expected === undefined || expected.length !== keyEnd - at - 1 || !t.startsWith(expected, at + 1)) {
          same = false;
          keys = keys.slice(0, n);
          keys.push(t.slice(at + 1, keyEnd));
        }
      } else {
        keys.push(t.slice(at + 1, keyEnd));
      }
      at = this.skipSpace(keyEnd + 1);
      if (t.charCodeAt(at) !== 0x3a) return undefined;
      at = this.skipSpace(at + 1);
      const c = t.charCodeAt(at);
      if (c === 0x22) {
        const end = this.stringEnd(at);
        if (end === -1 || this.controlBefore(at, end)) return undefined;
        values[n] = this.string(at, end);
        at = end + 1;
      } else if (c === 0x6e && t.startsWith('null', at)) {
        values[n] = null;
        at += 4;
      } else if (c === 0x74 && t.startsWith('true', at)) {
        values[n] = true;
        at += 4;
      } else if (c === 0x66 && t.startsWith('false', at)) {
        values[n] = false;
        at += 5;
      } else {
        NUMBER.lastIndex = at;
        const m = NUMBER.exec(t);
        if (!m) return undefined;
        values[n] = Number(m[0]);
        at += m[0].length;
      }
      n++;
      at = this.skipSpace(at);
      const next = t.charCodeAt(at);
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

  /** Index of the `"` closing the string that opens at `open`, or -1. */
  private stringEnd(open: number): number {
    const t = this.text;
    const end = t.indexOf('"', open + 1);
    if (end === -1 || !this.escapedBefore(open + 1, end)) return end;
    for (let from = open + 1; ; ) {
      const quote = t.indexOf('"', from);
      if (quote === -1) return -1;
      let slashes = 0;
      while (t.charCodeAt(quote - 1 - slashes) === 0x5c) slashes++;
      if (slashes % 2 === 0) return quote;
      from = quote + 1;
    }
  }

  /**
   * The string text[open, end] (quotes included) as JSON.parse of the UTF-8 text has it. The body
   * is read as Latin-1, so a byte is a character: non-ASCII values are decoded from their bytes.
   * Plain values are copied out of the bytes, not sliced from the body's text, which a slice would
   * keep alive for as long as the row holds the value.
   */
  private string(open: number, end: number): string {
    if (this.escapedBefore(open + 1, end)) return JSON.parse(this.buf.toString('utf8', open, end + 1)) as string;
    if (this.highBefore(open + 1, end)) return this.buf.toString('utf8', open + 1, end);
    return this.buf.toString('latin1', open + 1, end);
  }
}

function nextMatch(re: RegExp, text: string, from: number): number {
  re.lastIndex = from;
  const m = re.exec(text);
  return m ? m.index : Number.POSITIVE_INFINITY;
}

/**
 * `JSON.parse(buf.toString('utf8'))` with every wide flat object under `key` built as a fast
 * object, or undefined when the body has none or holds one this scanner does not take (the caller
 * then parses it plainly). `parseRest` parses the text that is left (Latin-1, as the bytes read).
 * `read`: the body as Latin-1 text and whether it is all ASCII, when the caller has them already.
 */
export function parseWideObjects(
  buf: Buffer,
  key: string,
  parseRest: (latin1: string) => unknown,
  read: { text: string; ascii: boolean } = { text: buf.toString('latin1'), ascii: isAscii(buf) },
): unknown {
  const { text } = read;
  const name = JSON.stringify(key);
  let at = text.indexOf(name);
  if (at === -1) return undefined;
  const scan = new Scan(text, buf, read.ascii);
  const parts: string[] = [];
  const objects: Record<string, unknown>[] = [];
  let copied = 0;
  // `"key"` cannot occur inside a JSON string (there its closing `"` would follow a backslash), so
  // each occurrence is a member's key when `:` follows, else a value. Servers may put spaces around `:`.
  for (; at !== -1; at = text.indexOf(name, at + name.length)) {
    const colon = scan.skipSpace(at + name.length);
    if (text.charCodeAt(colon) !== 0x3a) continue;
    const brace = scan.skipSpace(colon + 1);
    if (text.charCodeAt(brace) !== 0x7b) continue;
    const found = scan.object(brace + 1);
    if (!found) return undefined;
    // The object's place holds a string no JSON.parse'd body holds under this key: "\u0001<n>".
    parts.push(text.slice(copied, brace), `"\\u0001${objects.length}"`);
    objects.push(found.value);
    copied = found.end;
    at = copied - name.length;
  }
  if (objects.length === 0) return undefined;
  parts.push(text.slice(copied));
  const rest = parseRest(parts.join(''));
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
