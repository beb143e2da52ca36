// Writes JSON straight into bytes. List pages are the simulator's hot path (2,000 pages of 100
// records a second): building objects, stringifying them and encoding the string to UTF-8 cost
// more than the data. Timestamps go in as digits, never as strings.
const DAY = 86_400_000;
const dayBytes = new Map<number, Uint8Array>();
/** Up to this many bytes a JS loop copies faster than a call into TypedArray#set / copyWithin. */
const COPY_LOOP_MAX = 12;
/** From this many characters on, strings are encoded by Buffer#write (a native call) and scanned. */
const NATIVE_MIN = 24;
/** Node's Buffer#utf8Write(string, offset): Buffer#write without the argument juggling. */
type NodeBuffer = { utf8Write(s: string, offset: number): number };

/** Response buffers are recycled once the socket has taken the bytes: a fresh 64 KB buffer per page
 * is external memory that V8 collects late and shows in peak RSS at 1M contacts (bench/hubspot-sim/memory-1m.ts). */
const POOL_BUFFER = 128 * 1024;
const pool: Buffer[] = [];
/** Buffers a wide page grew to (MBs), kept too: growing one again copies the page several times
 * over and leaves large buffers for the GC (bench/engine/width.ts reads wide pages). */
const large: Buffer[] = [];
const MAX_LARGE = 4;

export function releaseBuffer(b: Buffer): void {
  if (b.length === POOL_BUFFER && pool.length < 64) pool.push(b);
  else if (b.length > POOL_BUFFER && large.length < MAX_LARGE) large.push(b);
}

export class JsonWriter {
  private buf: Buffer;
  private pos = 0;

  constructor() {
    this.buf = large.pop() ?? pool.pop() ?? Buffer.allocUnsafe(POOL_BUFFER);
  }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(bigger, 0, 0, this.pos);
    // Sizes the page only passed through are not kept: the next wide page would grow again.
    if (this.buf.length === POOL_BUFFER) releaseBuffer(this.buf);
    this.buf = bigger;
  }

  /** ASCII JSON syntax or an ASCII-only literal the caller knows needs no escaping. Copied in JS:
   * for short strings a byte loop beats a call into Buffer#write by an order of magnitude. */
  raw(s: string): this {
    this.ensure(s.length);
    const b = this.buf;
    let p = this.pos;
    for (let i = 0; i < s.length; i++) b[p++] = s.charCodeAt(i);
    this.pos = p;
    return this;
  }

  /** Pre-encoded bytes (constant JSON fragments: keys, punctuation), copied in a tight loop. */
  chunk(src: Uint8Array): this {
    const n = src.length;
    this.ensure(n);
    const b = this.buf;
    let p = this.pos;
    // TypedArray#set is a memmove behind a ~40 ns call; a byte loop costs ~3 ns a byte here.
    if (n > COPY_LOOP_MAX) {
      b.set(src, p);
      this.pos = p + n;
      return this;
    }
    for (let i = 0; i < n; i++) b[p++] = src[i]!;
    this.pos = p;
    return this;
  }

  /** A non-negative safe integer's decimal digits (ids), without an intermediate string. */
  digits(n: number): this {
    this.ensure(16);
    const b = this.buf;
    let len = 1;
    for (let t = n; t >= 10; t = Math.floor(t / 10)) len++;
    let p = this.pos + len;
    this.pos = p;
    let t = n;
    do {
      const q = Math.floor(t / 10);
      b[--p] = 0x30 + (t - q * 10);
      t = q;
    } while (t > 0);
    return this;
  }

  /** A JSON string, byte-identical to JSON.stringify(v) encoded as UTF-8. One pass: characters are
   * encoded as they are checked; the rare value that needs escaping (quotes, backslashes, control
   * characters, lone surrogates) is rewound and handed to JSON.stringify. */
  string(v: string | null): this {
    if (v === null) return this.raw('null');
    const n = v.length;
    this.ensure(n * 3 + 2);
    const b = this.buf;
    const start = this.pos;
    let p = start;
    b[p++] = 0x22;
    if (n >= NATIVE_MIN) {
      // Long values: let Buffer#write encode them natively (charCodeAt costs ~5 ns a character
      // here), then scan the bytes for what JSON escapes. 0xEF leads U+F000..U+FFFF, which includes
      // the U+FFFD a lone surrogate turns into: such values take the exact character loop below.
      const end = p + (b as unknown as NodeBuffer).utf8Write(v, p);
      let q = p;
      while (q < end) {
        const c = b[q]!;
        if (c < 0x20 || c === 0x22 || c === 0x5c || c === 0xef) break;
        q++;
      }
      if (q === end) {
        b[end] = 0x22;
        this.pos = end + 1;
        return this;
      }
      if (b[q] !== 0xef) return this.escaped(v, start);
    }
    for (let i = 0; i < n; i++) {
      let c = v.charCodeAt(i);
      if (c < 0x80) {
        if (c < 0x20 || c === 0x22 || c === 0x5c) return this.escaped(v, start);
        b[p++] = c;
      } else if (c < 0x800) {
        b[p++] = 0xc0 | (c >> 6);
        b[p++] = 0x80 | (c & 0x3f);
      } else if (c >= 0xd800 && c <= 0xdfff) {
        // A valid surrogate pair (emoji) is plain UTF-8; a lone surrogate needs JSON's \u escape.
        const next = i + 1 < n ? v.charCodeAt(i + 1) : 0;
        if (c > 0xdbff || !(next >= 0xdc00 && next <= 0xdfff)) return this.escaped(v, start);
        c = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
        i++;
        b[p++] = 0xf0 | (c >> 18);
        b[p++] = 0x80 | ((c >> 12) & 0x3f);
        b[p++] = 0x80 | ((c >> 6) & 0x3f);
        b[p++] = 0x80 | (c & 0x3f);
      } else {
        b[p++] = 0xe0 | (c >> 12);
        b[p++] = 0x80 | ((c >> 6) & 0x3f);
        b[p++] = 0x80 | (c & 0x3f);
      }
    }
    b[p++] = 0x22;
    this.pos = p;
    return this;
  }

  /** Rewinds to `start` and writes `v` through JSON.stringify (escapes). */
  private escaped(v: string, start: number): this {
    this.pos = start;
    const text = JSON.stringify(v);
    this.ensure(text.length * 3);
    this.pos += this.buf.write(text, this.pos, 'utf8');
    return this;
  }

  /** A quoted ISO-8601 timestamp with milliseconds, e.g. "2026-05-01T10:00:00.000Z". */
  iso(ms: number): this {
    if (!Number.isInteger(ms) || ms < 0 || ms >= 253402300800000) return this.string(new Date(ms).toISOString());
    const day = Math.floor(ms / DAY);
    let date = dayBytes.get(day);
    if (date === undefined) {
      date = Buffer.from(`"${new Date(day * DAY).toISOString().slice(0, 11)}`, 'latin1');
      if (dayBytes.size < 100_000) dayBytes.set(day, date);
    }
    this.ensure(26);
    const b = this.buf;
    let p = this.pos;
    for (let i = 0; i < date.length; i++) b[p++] = date[i]!;
    // No helper closures here: tsx names every closure it creates (Object.defineProperty per call).
    // Within a day everything fits 32-bit integers.
    let rem = ms - day * DAY;
    const h = (rem / 3_600_000) | 0;
    rem -= h * 3_600_000;
    const m = (rem / 60_000) | 0;
    rem -= m * 60_000;
    const sec = (rem / 1000) | 0;
    rem -= sec * 1000;
    b[p++] = 0x30 + ((h / 10) | 0);
    b[p++] = 0x30 + (h % 10);
    b[p++] = 0x3a;
    b[p++] = 0x30 + ((m / 10) | 0);
    b[p++] = 0x30 + (m % 10);
    b[p++] = 0x3a;
    b[p++] = 0x30 + ((sec / 10) | 0);
    b[p++] = 0x30 + (sec % 10);
    b[p++] = 0x2e;
    b[p++] = 0x30 + ((rem / 100) | 0);
    b[p++] = 0x30 + (((rem / 10) | 0) % 10);
    b[p++] = 0x30 + (rem % 10);
    b[p++] = 0x5a;
    b[p++] = 0x22;
    this.pos = p;
    return this;
  }

  /** Current length; with repeat() this re-emits a value already written (e.g. a timestamp). */
  get position(): number {
    return this.pos;
  }

  repeat(start: number, end: number): this {
    this.ensure(end - start);
    const b = this.buf;
    let p = this.pos;
    if (end - start > COPY_LOOP_MAX) {
      b.copyWithin(p, start, end);
      this.pos = p + end - start;
      return this;
    }
    for (let i = start; i < end; i++) b[p++] = b[i]!;
    this.pos = p;
    return this;
  }

  /** A copy of the bytes written between two positions (they outlive this writer's buffer). */
  copy(start: number, end: number): Uint8Array {
    return new Uint8Array(this.buf.subarray(start, end));
  }

  /** The written bytes and a callback that recycles the buffer once they have been sent. */
  bytes(): { bytes: Buffer; release: () => void } {
    const buf = this.buf;
    return { bytes: buf.subarray(0, this.pos), release: () => releaseBuffer(buf) };
  }
}
