// Writes JSON straight into bytes. List pages are the simulator's hot path (2,000 pages of 100
// records a second): building objects, stringifying them and encoding the string to UTF-8 cost
// more than the data. Timestamps go in as digits, never as strings.
const DAY = 86_400_000;
const ASCII = 0;
const UNICODE = 1;
const ESCAPE = 2;

/** ASCII: copy bytes as they are; UNICODE: no escaping, but UTF-8 encoding; ESCAPE: let JSON.stringify do it. */
function classify(v: string): number {
  let kind = ASCII;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c) return ESCAPE;
    if (c >= 0xd800 && c <= 0xdfff) {
      // A valid surrogate pair (emoji) is plain UTF-8; a lone surrogate needs JSON's \u escape.
      const next = v.charCodeAt(i + 1);
      if (c > 0xdbff || !(next >= 0xdc00 && next <= 0xdfff)) return ESCAPE;
      i++;
    }
    if (c > 0x7e) kind = UNICODE;
  }
  return kind;
}
const dayBytes = new Map<number, Uint8Array>();

/** Response buffers are recycled once the socket has taken the bytes: a fresh 64 KB buffer per page
 * is external memory that V8 collects late (at 1M contacts it pushed peak RSS up by ~70 MB). */
const POOL_BUFFER = 128 * 1024;
const pool: Buffer[] = [];

export function releaseBuffer(b: Buffer): void {
  if (b.length === POOL_BUFFER && pool.length < 64) pool.push(b);
}

export class JsonWriter {
  private buf: Buffer;
  private pos = 0;

  constructor() {
    this.buf = pool.pop() ?? Buffer.allocUnsafe(POOL_BUFFER);
  }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(bigger, 0, 0, this.pos);
    releaseBuffer(this.buf);
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

  string(v: string | null): this {
    if (v === null) return this.raw('null');
    const kind = classify(v);
    if (kind === ASCII) {
      this.ensure(v.length + 2);
      const b = this.buf;
      let p = this.pos;
      b[p++] = 0x22;
      for (let i = 0; i < v.length; i++) b[p++] = v.charCodeAt(i);
      b[p++] = 0x22;
      this.pos = p;
      return this;
    }
    if (kind === UNICODE) {
      // UTF-8 by hand: short strings, and a call into Buffer#write costs more than the loop.
      this.ensure(v.length * 3 + 2);
      const b = this.buf;
      let p = this.pos;
      b[p++] = 0x22;
      for (let i = 0; i < v.length; i++) {
        let c = v.charCodeAt(i);
        if (c < 0x80) b[p++] = c;
        else if (c < 0x800) {
          b[p++] = 0xc0 | (c >> 6);
          b[p++] = 0x80 | (c & 0x3f);
        } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < v.length) {
          // classify() sent lone surrogates to the escaping path, so this is a valid pair.
          c = 0x10000 + ((c - 0xd800) << 10) + (v.charCodeAt(++i) - 0xdc00);
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
    let rem = ms - day * DAY;
    const h = Math.floor(rem / 3_600_000);
    rem -= h * 3_600_000;
    const m = Math.floor(rem / 60_000);
    rem -= m * 60_000;
    const sec = Math.floor(rem / 1000);
    rem -= sec * 1000;
    b[p++] = 0x30 + Math.floor(h / 10);
    b[p++] = 0x30 + (h % 10);
    b[p++] = 0x3a;
    b[p++] = 0x30 + Math.floor(m / 10);
    b[p++] = 0x30 + (m % 10);
    b[p++] = 0x3a;
    b[p++] = 0x30 + Math.floor(sec / 10);
    b[p++] = 0x30 + (sec % 10);
    b[p++] = 0x2e;
    b[p++] = 0x30 + Math.floor(rem / 100);
    b[p++] = 0x30 + (Math.floor(rem / 10) % 10);
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
    for (let i = start; i < end; i++) b[p++] = b[i]!;
    this.pos = p;
    return this;
  }

  /** The written bytes and a callback that recycles the buffer once they have been sent. */
  bytes(): { bytes: Buffer; release: () => void } {
    const buf = this.buf;
    return { bytes: buf.subarray(0, this.pos), release: () => releaseBuffer(buf) };
  }
}
