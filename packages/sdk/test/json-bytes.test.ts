// parseJsonBytes must equal JSON.parse of the UTF-8 text for every body, fast path or not.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseJsonBytes } from '../src/http/json-bytes.ts';

const reference = (buf: Buffer): { value: unknown } | { error: true } => {
  try {
    return { value: JSON.parse(buf.toString('utf8')) };
  } catch {
    return { error: true };
  }
};
const ours = (buf: Buffer): { value: unknown } | { error: true } => {
  try {
    return { value: parseJsonBytes(buf) };
  } catch {
    return { error: true };
  }
};

describe('parseJsonBytes', () => {
  it('equals JSON.parse of the UTF-8 text on any JSON value (accents, CJK, emoji, escapes, non-ASCII keys)', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'é', 'ü', 'ß', '中', '😀', '"', '\\', '\n', '\u0000', '\u00ff', '\u2028', '<', ' ') });
    const json = fc.jsonValue().chain((v) => fc.tuple(fc.constant(v), fc.dictionary(text, fc.oneof(text, fc.integer(), fc.constant(null))), text));
    fc.assert(
      fc.property(json, ([value, record, s]) => {
        for (const body of [value, record, { results: [record, record], paging: { next: { after: s } } }, s, [s, 1, null]]) {
          const buf = Buffer.from(JSON.stringify(body) ?? 'null', 'utf8');
          expect(ours(buf)).toEqual(reference(buf));
        }
      }),
      { numRuns: 400 },
    );
  });

  it('escaped characters at or above U+0080 are not taken for raw bytes', () => {
    const buf = Buffer.from('{"name":"Jos\\u00e9 Müller","city":"\\u4e2d","ascii":"\\u003cb\\u003e"}', 'utf8');
    expect(parseJsonBytes(buf)).toEqual({ name: 'José Müller', city: '中', ascii: '<b>' });
  });

  it('a non-ASCII key, invalid UTF-8 and a byte-order mark come out as JSON.parse of the text has them', () => {
    const keyed = Buffer.from('{"prénom":"Zoë","n":[1,"ø"]}', 'utf8');
    expect(parseJsonBytes(keyed)).toEqual({ prénom: 'Zoë', n: [1, 'ø'] });
    const invalid = Buffer.concat([Buffer.from('{"a":"x'), Buffer.from([0xc3]), Buffer.from('","b":"'), Buffer.from([0xff, 0xfe]), Buffer.from('é"}')]);
    expect(ours(invalid)).toEqual(reference(invalid));
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"a":1}')]);
    expect(ours(bom)).toEqual(reference(bom));
    expect(ours(Buffer.from('{"a":'))).toEqual({ error: true });
  });
});
