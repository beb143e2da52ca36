// parseJsonBytes must equal JSON.parse of the UTF-8 text for every body, fast path or not.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseJsonBytes } from '../src/http/json-bytes.ts';
import { parseWideObjects, WIDE_MEMBERS } from '../src/http/wide-objects.ts';

const reference = (buf: Buffer): { value: unknown } | { error: true } => {
  try {
    return { value: JSON.parse(buf.toString('utf8')) };
  } catch {
    return { error: true };
  }
};
const ours = (buf: Buffer, wideObjects?: string): { value: unknown } | { error: true } => {
  try {
    return { value: parseJsonBytes(buf, wideObjects) };
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

describe('parseJsonBytes with wide objects (HubSpot properties)', () => {
  const member = fc.oneof(
    fc.string({ unit: fc.constantFrom('a', 'é', '中', '😀', '"', '\\', '\n', '\u0001', '/', ' ', '{', '}', ':', ',') }),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
  );
  const keyText = fc.string({ unit: fc.constantFrom('a', 'b', '_', '1', 'é', '"', '\\'), minLength: 1, maxLength: 6 });
  const wide = (extra: Record<string, unknown>) =>
    fc.tuple(fc.array(member, { minLength: 130, maxLength: 140 }), fc.dictionary(keyText, member, { maxKeys: 4 })).map(([values, more]) => {
      const properties: Record<string, unknown> = { ...more };
      values.forEach((v, i) => {
        properties[`hs_prop_${i}`] = v;
      });
      return { ...properties, ...extra };
    });

  it('equals JSON.parse of the UTF-8 text, wide or not, nested or not', () => {
    const body = fc.tuple(wide({}), wide(JSON.parse('{"__proto__":"x","7":"seven"}') as Record<string, unknown>), wide({ nested: { a: 1 } }), fc.dictionary(keyText, member, { maxKeys: 5 }), fc.string());
    fc.assert(
      fc.property(body, ([a, b, nested, narrow, after]) => {
        const pages = [
          { results: [{ id: '1', properties: a, archived: false }, { id: '2', properties: b, createdAt: 'é' }], paging: { next: { after } } },
          { results: [{ id: '3', properties: a }, { id: '4', properties: nested }] },
          { results: [{ id: '5', properties: narrow }, { id: '6', properties: a, associations: { x: { properties: b } } }] },
          { results: [{ id: '7', properties: after }, { id: '8', properties: a }] },
        ];
        for (const buf of pages.flatMap((page) => [Buffer.from(JSON.stringify(page), 'utf8'), Buffer.from(JSON.stringify(page, null, 2), 'utf8')])) {
          expect(ours(buf, 'properties')).toEqual(reference(buf));
          expect(Object.keys((parseJsonBytes(buf, 'properties') as { results: { properties: object }[] }).results[0]!.properties)).toEqual(
            Object.keys((reference(buf) as { value: { results: { properties: object }[] } }).value.results[0]!.properties),
          );
        }
      }),
      { numRuns: 150 },
    );
  });

  it('fails or succeeds as JSON.parse does on damaged wide bodies (a byte replaced, inserted or cut)', () => {
    const values = [null, 'Zoë', 'a "q"', '\\', 12.5, -3, true, false, ''];
    const properties = Object.fromEntries(Array.from({ length: WIDE_MEMBERS + 2 }, (_, i) => [`p${i}`, values[i % values.length]]));
    const body = Buffer.from(JSON.stringify({ results: [{ id: '1', properties }, { id: '2', properties }], paging: { next: { after: '2' } } }));
    const damage = fc.tuple(fc.nat(body.length - 1), fc.constantFrom(...Buffer.from('"\\:,{}[]0123456789-+.eEtrufalsn \n\u0001\u00c3')), fc.constantFrom('replace', 'insert', 'cut'));
    fc.assert(
      fc.property(damage, ([at, byte, how]) => {
        const buf =
          how === 'cut'
            ? body.subarray(0, at)
            : Buffer.concat([body.subarray(0, at), Buffer.from([byte]), body.subarray(how === 'insert' ? at : at + 1)]);
        expect(ours(buf, 'properties')).toEqual(reference(buf));
      }),
      { numRuns: 2000 },
    );
  });

  it('builds the wide objects itself, and leaves bodies it does not take to JSON.parse', () => {
    const values = [null, 'Zoë "quoted"\n', 'ends in a backslash \\', '\\"', 12.5, true];
    const properties = Object.fromEntries(Array.from({ length: WIDE_MEMBERS }, (_, i) => [`p${i}`, values[i % values.length]]));
    const page = (props: unknown) => Buffer.from(JSON.stringify({ results: [{ id: '1', properties: props }, { id: '2', properties: props }] }));
    const rest = (text: string) => JSON.parse(text) as unknown;
    expect(parseWideObjects(page(properties), 'properties', rest)).toEqual(JSON.parse(page(properties).toString()));
    const pretty = Buffer.from(JSON.stringify({ results: [{ label: 'properties', properties }] }, null, 1));
    expect(parseWideObjects(pretty, 'properties', rest)).toEqual(JSON.parse(pretty.toString()));
    expect(parseWideObjects(page({ ...properties, p0: { nested: true } }), 'properties', rest)).toBeUndefined();
    expect(parseWideObjects(page({ a: 'few members' }), 'properties', rest)).toBeUndefined();
    expect(parseWideObjects(Buffer.from('{"results":[{"id":"1","properties":{"a":"x\u0001"'), 'properties', rest)).toBeUndefined();
    expect(ours(Buffer.from(`{"results":[{"properties":${JSON.stringify(properties).slice(0, -1)},"x":"raw\ncontrol"}}]}`), 'properties')).toEqual({ error: true });
  });
});
