import { isAscii } from 'node:buffer';
import { parseWideObjects } from './wide-objects.ts';

/**
 * Parse a JSON response body from its bytes, faster than `JSON.parse(buf.toString('utf8'))`.
 *
 * Why: Node 20 decodes UTF-8 slowly once a body holds any non-ASCII byte (every string of the
 * page becomes two-byte), and on a wide HubSpot page (every property of 100 contacts) that decode
 * cost more CPU than JSON.parse itself (bench/engine/width.ts, "HTTP + JSON.parse").
 * Decoding as Latin-1 is a plain copy and keeps JSON's structure intact, since every byte of a
 * multi-byte UTF-8 sequence is ≥ 0x80 and JSON's syntax is ASCII; only the strings that hold such
 * bytes come out wrong, and re-decoding just those strings makes them exact.
 *
 * The result equals `JSON.parse(buf.toString('utf8'))` (or throws as it does). Bodies where that
 * does not hold fall back to it: a `\uXXXX` escape at or above U+0080 (its character would be
 * taken for a raw byte), or a non-ASCII object key.
 *
 * `wideObjects` names the key of objects with hundreds of flat members (HubSpot's `properties`):
 * those are built as fast objects, not as JSON.parse's hash tables (wide-objects.ts).
 */
export function parseJsonBytes(buf: Buffer, wideObjects?: string): unknown {
  const ascii = isAscii(buf);
  if (!ascii && hasHighEscape(buf)) return JSON.parse(buf.toString('utf8'));
  if (wideObjects !== undefined) {
    const value = parseWide(buf, wideObjects, ascii);
    if (value !== undefined) return value;
  }
  const value: unknown = JSON.parse(buf.toString('latin1'));
  if (ascii) return value;
  if (value === null || typeof value !== 'object') return typeof value === 'string' ? redecode(value) : value;
  return redecodeStrings(value as Record<string, unknown>) ? value : JSON.parse(buf.toString('utf8'));
}

/** The body with its wide objects built by wide-objects.ts, or undefined to parse it plainly. */
function parseWide(buf: Buffer, key: string, ascii: boolean): unknown {
  try {
    return parseWideObjects(buf, key, (latin1) => {
      const value: unknown = JSON.parse(latin1);
      if (!ascii && value !== null && typeof value === 'object' && !redecodeStrings(value as Record<string, unknown>)) throw new Error('non-ASCII key');
      return value;
    });
  } catch {
    return undefined; // the plain parse throws the error JSON.parse throws, if the body is not JSON
  }
}

const NON_ASCII = /[\u0080-\uffff]/;

/** A Latin-1 reading of UTF-8 bytes, read as UTF-8 again. */
function redecode(s: string): string {
  return NON_ASCII.test(s) ? Buffer.from(s, 'latin1').toString('utf8') : s;
}

/** Re-decodes, in place, every string holding non-ASCII; false when a key holds any (the caller starts over). */
function redecodeStrings(node: Record<string, unknown> | unknown[]): boolean {
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) {
      const v = node[i];
      if (typeof v === 'string') {
        if (NON_ASCII.test(v)) node[i] = redecode(v);
      } else if (v !== null && typeof v === 'object' && !redecodeStrings(v as Record<string, unknown>)) return false;
    }
    return true;
  }
  for (const key in node) {
    if (NON_ASCII.test(key)) return false;
    const v = node[key];
    if (typeof v === 'string') {
      if (NON_ASCII.test(v)) node[key] = redecode(v);
    } else if (v !== null && typeof v === 'object' && !redecodeStrings(v as Record<string, unknown>)) return false;
  }
  return true;
}

const BACKSLASH_U = Buffer.from('\\u');

/** Whether the body holds `\uXXXX` with XXXX ≥ 0080 (an escaped `\\u` counts too: it only costs the fast path). */
function hasHighEscape(buf: Buffer): boolean {
  for (let at = buf.indexOf(BACKSLASH_U); at !== -1; at = buf.indexOf(BACKSLASH_U, at + 2)) {
    const code = Number.parseInt(buf.toString('latin1', at + 2, Math.min(buf.length, at + 6)), 16);
    if (!(code < 0x80)) return true;
  }
  return false;
}
