import { describe, expect, it } from 'vitest';
import { columnName, columnTypeOf, parseValue, REJECT, recordToRow, typedProperties } from '../src/typing.ts';

describe('column types from HubSpot property types', () => {
  it.each([
    [{ type: 'number', fieldType: 'number' }, 'number'],
    [{ type: 'bool', fieldType: 'booleancheckbox' }, 'boolean'],
    [{ type: 'datetime', fieldType: 'date' }, 'timestamp'],
    [{ type: 'date', fieldType: 'date' }, 'date'],
    [{ type: 'enumeration', fieldType: 'checkbox' }, 'string[]'],
    [{ type: 'enumeration', fieldType: 'select' }, 'string'],
    [{ type: 'phone_number', fieldType: 'phonenumber' }, 'string'],
    [{ type: 'object_coordinates', fieldType: 'text' }, 'string'],
  ])('%o → %s', (p, want) => expect(columnTypeOf(p)).toBe(want));

  it('renames properties that collide with pipe columns', () => {
    expect(columnName('archived')).toBe('property_archived');
    expect(columnName('email')).toBe('email');
  });
});

describe('parseValue', () => {
  it('numbers: decimal strings, integers exact, junk rejected', () => {
    expect(parseValue('number', '17')).toBe(17);
    expect(parseValue('number', '1250.5')).toBe(1250.5);
    expect(parseValue('number', '-3e2')).toBe(-300);
    expect(parseValue('number', '9007199254740991')).toBe(9007199254740991);
    for (const junk of ['N/A', '1,250.00', '12abc', '—', 'Infinity', '0x10']) expect(parseValue('number', junk)).toBe(REJECT);
    expect(parseValue('number', '')).toBeNull();
    expect(parseValue('number', null)).toBeNull();
  });
  it('booleans', () => {
    expect(parseValue('boolean', 'true')).toBe(true);
    expect(parseValue('boolean', 'FALSE')).toBe(false);
    expect(parseValue('boolean', 'yes')).toBe(REJECT);
  });
  it('datetimes: ISO or epoch ms', () => {
    expect(parseValue('timestamp', '2019-10-30T03:30:17.883Z')).toEqual(new Date('2019-10-30T03:30:17.883Z'));
    expect(parseValue('timestamp', '1572406217883')).toEqual(new Date(1572406217883));
    expect(parseValue('timestamp', 'last tuesday')).toBe(REJECT);
  });
  it('dates: YYYY-MM-DD and epoch ms both become YYYY-MM-DD', () => {
    expect(parseValue('date', '2022-05-28')).toBe('2022-05-28');
    expect(parseValue('date', '1653696000000')).toBe('2022-05-28');
    expect(parseValue('date', '2022-02-30')).toBe(REJECT);
    expect(parseValue('date', 'soon')).toBe(REJECT);
  });
  it('multi-select checkboxes: a list of strings', () => {
    expect(parseValue('string[]', 'chocolate;strawberry')).toEqual(['chocolate', 'strawberry']);
    expect(parseValue('string[]', 'one')).toEqual(['one']);
    expect(parseValue('string[]', '')).toBeNull();
  });
  it('text stays verbatim', () => expect(parseValue('string', '  spaced  ')).toBe('  spaced  '));
});

describe('recordToRow', () => {
  const props = typedProperties([
    { name: 'amount', type: 'number' },
    { name: 'closedate', type: 'date' },
    { name: 'colors', type: 'enumeration', fieldType: 'checkbox' },
    { name: 'archived', type: 'string' },
  ]);
  it('types values, keeps junk raw in _rejected and reports it per property', () => {
    const rejected: string[] = [];
    const row = recordToRow(
      {
        id: '42',
        properties: { amount: '1,250.00', closedate: '1653696000000', colors: 'red;blue', archived: 'x' },
        createdAt: '2020-01-01T00:00:00.000Z',
        updatedAt: '2021-01-01T00:00:00.000Z',
        archived: false,
      },
      props,
      (p) => rejected.push(p),
    );
    expect(row).toMatchObject({ id: '42', amount: null, closedate: '2022-05-28', colors: ['red', 'blue'], property_archived: 'x', archived: false, archived_at: null });
    expect(row._rejected).toEqual({ amount: '1,250.00' });
    expect(rejected).toEqual(['amount']);
    expect(row.created_at).toEqual(new Date('2020-01-01T00:00:00.000Z'));
  });
  it('missing properties are NULL, and archived records carry archived_at', () => {
    const row = recordToRow({ id: '1', properties: {}, archived: true, archivedAt: '2024-01-01T00:00:00Z' }, props, () => {});
    expect(row).toMatchObject({ amount: null, colors: null, archived: true, _rejected: null });
    expect(row.archived_at).toEqual(new Date('2024-01-01T00:00:00Z'));
  });
  it('every column in property order, and property names that are not identifiers stay data', () => {
    const odd = typedProperties([
      { name: '__proto__', type: 'string' },
      { name: "it's \"quoted\"", type: 'string' },
      { name: 'a}; throw 1; ({', type: 'string' },
    ]);
    // As HubSpot's JSON arrives: JSON.parse makes "__proto__" an own property.
    const properties = JSON.parse('{"__proto__": "p", "it\'s \\"quoted\\"": "q", "a}; throw 1; ({": "r"}') as Record<string, string>;
    const row = recordToRow({ id: '7', properties }, odd, () => {});
    expect(Object.keys(row)).toEqual(['id', 'created_at', 'updated_at', 'archived', 'archived_at', 'merged_into', 'deleted_at', '__proto__', "it's \"quoted\"", 'a}; throw 1; ({', '_rejected']);
    expect(Object.getOwnPropertyDescriptor(row, '__proto__')?.value).toBe('p');
    expect(Object.getPrototypeOf(row)).toBe(Object.prototype);
    expect(row).toMatchObject({ id: '7', "it's \"quoted\"": 'q', 'a}; throw 1; ({': 'r' });
  });
});
