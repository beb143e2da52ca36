import { describe, expect, it } from 'vitest';
import { canonicalValue, CONVERT, KIND_OF, ValueError } from '../src/values.ts';

const convert = (type: keyof typeof KIND_OF, v: unknown) => CONVERT[KIND_OF[type]](v);

describe('the loose-value rule', () => {
  it.each([
    ['string', 42, '42'],
    ['string', 12n, '12'],
    ['string', false, 'false'],
    ['string', new Date('2024-03-01T10:00:00Z'), '2024-03-01T10:00:00.000Z'],
    ['string', { a: [1, 2n] }, '{"a":[1,"2"]}'],
    ['string', Number.NaN, 'NaN'],
    ['integer', '-42', -42],
    ['integer', '9007199254740993', 9007199254740993n],
    ['integer', -(2n ** 63n), -(2n ** 63n)],
    ['number', '2.5', 2.5],
    ['number', ' 1e3 ', 1000],
    ['number', 7n, 7],
    ['boolean', 'true', true],
    ['boolean', 'false', false],
    ['timestamp', '2024-03-01T10:00:00.123456Z', 1709287200123456],
    ['timestamp', '1969-12-31T23:59:59.999999Z', -1],
    ['timestamp', '2024-03-01 10:00:00', 1709287200000000],
    ['timestamp', '2024-03-01T11:00:00+01:00', 1709287200000000],
    ['timestamp', '2024-03-01', 1709251200000000],
    ['timestamp', 1709287200000.5, 1709287200000500],
    ['timestamp', new Date(8.64e15), 8_640_000_000_000_000_000n],
    ['date', '2024-02-29', 19782],
    ['date', '2024-03-01T23:30:00Z', 19783],
    ['date', new Date('2024-03-01T23:30:00Z'), 19783],
    ['string[]', [1, null, 'x', { a: 1 }], ['1', null, 'x', '{"a":1}']],
    ['json', 'text', '"text"'],
    ['json', 2n ** 64n, '"18446744073709551616"'],
    ['json', { n: Number.NaN, at: new Date(0) }, '{"n":null,"at":"1970-01-01T00:00:00.000Z"}'],
  ] as const)('%s column: %o → %o', (type, value, stored) => {
    expect(convert(type, value)).toEqual(stored);
  });

  it.each([
    ['string', Symbol('s')],
    ['string', new Date(Number.NaN)],
    ['integer', 1.5],
    ['integer', 2 ** 53],
    ['integer', 2n ** 63n],
    ['integer', '-9223372036854775809'],
    ['integer', ' 1'],
    ['integer', Number.NaN],
    ['integer', true],
    ['number', Number.NaN],
    ['number', Number.NEGATIVE_INFINITY],
    ['number', 'Infinity'],
    ['number', ''],
    ['number', false],
    ['boolean', 'TRUE'],
    ['boolean', 1],
    ['timestamp', 'soon'],
    ['timestamp', 'March 7, 2024'],
    ['timestamp', '2024-13-45T99:00:00Z'],
    ['timestamp', new Date(Number.NaN)],
    ['timestamp', Number.POSITIVE_INFINITY],
    ['timestamp', true],
    ['date', '2023-02-29'],
    ['date', '2024-1-01'],
    ['date', 19000],
    ['string[]', 'a,b'],
    ['json', () => 1],
  ] as const)('%s column rejects %o', (type, value) => {
    expect(() => convert(type, value)).toThrow(ValueError);
  });

  it('canonical values: what a sink that keeps JS values stores', () => {
    expect(canonicalValue('timestamp', '2024-03-01T10:00:00.123456Z')).toEqual(new Date('2024-03-01T10:00:00.123Z'));
    expect(canonicalValue('date', new Date('2024-03-01T23:30:00Z'))).toBe('2024-03-01');
    expect(canonicalValue('json', { big: 5n })).toEqual({ big: '5' });
    expect(canonicalValue('integer', '12')).toBe(12);
  });
});
