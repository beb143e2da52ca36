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
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return ESCAPE;
    if (c > 0x7e) kind = UNICODE;
  }
  return kind;
}
const dayBytes = new Map<number, Buffer>();

export class JsonWriter {
  private buf: Buffer;
  private pos = 0;

  constructor(sizeHint = 64 * 1024) {
    this.buf = Buffer.allocUnsafe(sizeHint);
  }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(bigger, 0, 0, this.pos);
    this.buf = bigger;
  }

  /** ASCII JSON syntax or an ASCII-only literal the caller knows needs no escaping. */
  raw(s: string): this {
    this.ensure(s.length);
    this.pos += this.buf.write(s, this.pos, 'latin1');
    return this;
  }

  string(v: string | null): this {
    if (v === null) return this.raw('null');
    const kind = classify(v);
    if (kind === ASCII) {
      this.ensure(v.length + 2);
      this.buf[this.pos++] = 0x22;
      this.pos += this.buf.write(v, this.pos, 'latin1');
      this.buf[this.pos++] = 0x22;
      return this;
    }
    const text = kind === UNICODE ? `"${v}"` : JSON.stringify(v);
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
    let p = this.pos + date.copy(b, this.pos);
    let rem = ms - day * DAY;
    const two = (n: number, sep: number) => {
      b[p++] = 0x30 + Math.floor(n / 10);
      b[p++] = 0x30 + (n % 10);
      b[p++] = sep;
    };
    const h = Math.floor(rem / 3_600_000);
    rem -= h * 3_600_000;
    const m = Math.floor(rem / 60_000);
    rem -= m * 60_000;
    const s = Math.floor(rem / 1000);
    rem -= s * 1000;
    two(h, 0x3a);
    two(m, 0x3a);
    two(s, 0x2e);
    b[p++] = 0x30 + Math.floor(rem / 100);
    b[p++] = 0x30 + (Math.floor(rem / 10) % 10);
    b[p++] = 0x30 + (rem % 10);
    b[p++] = 0x5a;
    b[p++] = 0x22;
    this.pos = p;
    return this;
  }

  bytes(): Buffer {
    return this.buf.subarray(0, this.pos);
  }
}
