// The delete baseline's id set: ids collected as numbers encode exactly as the strings did.
import { expect, it } from 'vitest';
import { IdList, decodeIds, encodeIds } from '../src/checkpoint.ts';

it('an IdList encodes like the same ids as strings, long and non-numeric ids included, and decodes back', () => {
  const ids = ['100000003', '7', '2147483649', '999999999999999', '12345678901234567890', 'abc', '100000001'];
  const list = new IdList();
  for (const id of ids) list.push(id);
  expect(list.length).toBe(ids.length);
  expect([...list].sort()).toEqual([...ids].sort());
  expect(encodeIds(list)).toBe(encodeIds(ids));
  expect(decodeIds(encodeIds(list))).toEqual(new Set(ids));
  const numeric = new IdList();
  for (let i = 0; i < 50_000; i++) numeric.push(String(100_000_000 + i * 7));
  expect(numeric.others).toEqual([]);
  expect(decodeIds(encodeIds(numeric))).toEqual(new Set([...numeric]));
});
