import fs from 'node:fs';
import path from 'node:path';
import type { StreamSchema } from '@pipe/sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { query, stateWith, stream, tempDir, withSink } from './helpers.ts';

let dir: string;
let file: string;
beforeEach(() => {
  dir = tempDir();
  file = path.join(dir, 'v.duckdb');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const schema: StreamSchema = {
  name: 'things',
  primaryKey: ['id'],
  columns: [
    { name: 'id', type: 'integer' },
    { name: 'text', type: 'string' },
    { name: 'big', type: 'integer' },
    { name: 'ratio', type: 'number' },
    { name: 'flag', type: 'boolean' },
    { name: 'seen_at', type: 'timestamp' },
    { name: 'day', type: 'date' },
    { name: 'tags', type: 'string[]' },
    { name: 'doc', type: 'json' },
  ],
};

// Inline (≤ 12 bytes) and pointed-to strings, multi-byte characters across the 4-byte prefix, surrogate pairs.
const TEXTS = [
  '',
  'a',
  'exactly12byt',
  'thirteen byte',
  'üü',
  'abcü-long-enough-to-point',
  '短短短短短',
  '🦆 duck 🦆',
  'x'.repeat(5000),
  "quote ' and \" and \\ and \n newline",
  'NUL \u0000 inside a long string',
  'ends with half a pair \ud83e', // lone surrogates: stored as U+FFFD, and must not pair up with the next row's
  '\udd86 starts with the other half',
];

function row(i: number) {
  return {
    id: i,
    text: i % 11 === 10 ? null : TEXTS[i % TEXTS.length],
    big: i % 3 === 0 ? 2n ** 62n + BigInt(i) : i % 3 === 1 ? -i * 1_000_000_007 : null,
    ratio: i % 4 === 0 ? null : i / 7,
    flag: i % 5 === 0 ? null : i % 2 === 0,
    seen_at: i % 6 === 0 ? null : new Date(Date.UTC(1960, 0, 1) + i * 3_600_123),
    day: i % 7 === 0 ? null : new Date(Date.UTC(1969, 11, 31) + (i - 100) * 86_400_000).toISOString().slice(0, 10),
    tags: i % 8 === 0 ? null : i % 8 === 1 ? [] : [TEXTS[i % TEXTS.length]!, i % 2 ? null : 'b', `t${i}`],
    doc: i % 9 === 0 ? null : { i, s: TEXTS[i % TEXTS.length], nested: [1, { deep: true }] },
  };
}

describe('values', () => {
  it('round-trips every type across many chunks, with nulls, unicode, long strings and int64 extremes', async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => row(i)); // 3 data chunks, the last partial
    await withSink(file, async (w) => {
      await w.prepare([stream(schema, 'append')]);
      await w.write({ stream: 'things', rows: [...rows] }, stateWith({ things: 1 }));
    });
    const stored = await query(
      file,
      `SELECT id, text, big::VARCHAR AS big, ratio, flag, epoch_ms(seen_at) AS at, day::VARCHAR AS day, tags, doc::VARCHAR AS doc FROM crm.things ORDER BY id`,
    );
    const expected = rows.map((r) => ({
      id: String(r.id),
      text: r.text == null ? null : Buffer.from(r.text, 'utf8').toString('utf8'), // lone surrogates → U+FFFD
      big: r.big === null ? null : String(r.big),
      ratio: r.ratio,
      flag: r.flag,
      at: r.seen_at === null ? null : String(r.seen_at.getTime()),
      day: r.day,
      tags: r.tags?.map((t) => (t === null ? null : Buffer.from(t, 'utf8').toString('utf8'))) ?? null,
      doc: r.doc === null ? null : JSON.stringify(JSON.parse(Buffer.from(JSON.stringify(r.doc), 'utf8').toString('utf8'))),
    }));
    expect(stored).toEqual(expected);
  });

  it('accepts lenient spellings: numeric strings, ISO strings, epoch milliseconds', async () => {
    await withSink(file, async (w) => {
      await w.prepare([stream(schema, 'append')]);
      await w.write(
        { stream: 'things', rows: [{ id: '1', big: '9007199254740993', ratio: '2.5', flag: 'true', seen_at: 0, day: '2024-02-29T10:00:00Z', tags: [1, true] }] },
        stateWith({}),
      );
    });
    expect(await query(file, `SELECT id, big::VARCHAR AS big, ratio, flag, epoch_ms(seen_at) AS at, day::VARCHAR AS day, tags FROM crm.things`)).toEqual([
      { id: '1', big: '9007199254740993', ratio: 2.5, flag: true, at: '0', day: '2024-02-29', tags: ['1', 'true'] },
    ]);
  });

  it.each([
    ['big', 1.5, 'expected an integer, got 1.5 (number)'],
    ['flag', 'yes', 'expected a boolean, got "yes" (string)'],
    ['seen_at', 'soon', 'expected an ISO 8601 timestamp, got "soon" (string)'],
    ['day', '2023-02-29', 'expected a valid calendar date, got "2023-02-29" (string)'],
    ['tags', 'a,b', 'expected a list of strings, got "a,b" (string)'],
  ])('refuses %s = %j with a message naming the column', async (column, value, message) => {
    await withSink(file, async (w) => {
      await w.prepare([stream(schema, 'append')]);
      const err = await w.write({ stream: 'things', rows: [row(1), row(2), { id: 3, [column]: value }] }, stateWith({})).catch((e) => e);
      expect(err.message).toBe(`stream things, column "${column}", row 2 of the batch: ${message}`);
    });
  });
});
