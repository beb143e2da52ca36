import path from 'node:path';
import type { Row, StreamSchema } from '@pipe/sdk';
import { expect, it } from 'vitest';
import { openWriter, query, sinkStream, stateAt, tempDir } from './helpers.ts';

const SCHEMA: StreamSchema = {
  name: 'mixed',
  primaryKey: [],
  columns: [
    { name: 'i', type: 'integer' },
    { name: 's', type: 'string' },
    { name: 'ts', type: 'timestamp' },
    { name: 'd', type: 'date' },
    { name: 'tags', type: 'string[]' },
    { name: 'n', type: 'number' },
    { name: 'b', type: 'boolean' },
  ],
};

/** Strings around the 12-byte inline limit, ASCII and multi-byte, and extremes, across several 2048-row chunks. */
function row(k: number): Row {
  const base = ['', 'x', '123456789012', '1234567890123', 'ü'.repeat(6), 'ü'.repeat(7), '🦄'.repeat(3), '🦄'.repeat(4), 'long '.repeat(50 + (k % 7))][k % 9]!;
  // A few strings far bigger than the encoder's initial text buffer (it grows mid-chunk).
  if (k % 1000 === 999) return { i: k, s: `${'ä'.repeat(200_000)}${k}`, ts: null, d: null, tags: ['x'.repeat(300_000), 'ok'], n: null, b: null };
  return {
    i: k % 5 === 0 ? null : [Number.MIN_SAFE_INTEGER, -1, 0, 2 ** 40 + k, -(2n ** 63n), 2n ** 63n - 1n][k % 6],
    s: k % 11 === 0 ? null : `${base}${k}`,
    ts: k % 13 === 0 ? null : new Date(Date.UTC(1969, 11, 31, 23, 59, 59, 999) + k * 86_400_123),
    d: k % 17 === 0 ? null : new Date(Date.UTC(1900 + (k % 200), k % 12, 1 + (k % 28))).toISOString().slice(0, 10),
    tags: k % 7 === 0 ? null : k % 3 === 0 ? [] : [`${base}${k}`, null, 'ok'],
    n: k % 19 === 0 ? null : k / 7,
    b: k % 23 === 0 ? null : k % 2 === 0,
  };
}

it('column-wise vector filling keeps every value across chunks: inline and long strings, unicode, int64 extremes, pre-1970 instants, nulls', async () => {
  const dir = path.join(tempDir(), 'ds');
  const rows = Array.from({ length: 5000 }, (_, k) => row(k));
  const w = await openWriter({ dir });
  try {
    await w.prepare([sinkStream(SCHEMA, 'append')]);
    await w.write({ stream: 'mixed', rows: [...rows], checkpoint: 1 }, stateAt({ mixed: 1 }));
  } finally {
    await w.close();
  }
  const file = path.join(dir, 'mixed', 'part-00001-000000.parquet');
  const back = await query(`SELECT i, s, epoch_ms(ts) AS ts, d::VARCHAR AS d, tags, n, b FROM '${file}'`);
  expect(back).toHaveLength(rows.length);
  const expected = rows.map((r) => ({
    i: r.i === null ? null : BigInt(r.i as number | bigint),
    s: r.s,
    ts: r.ts === null ? null : BigInt((r.ts as Date).getTime()),
    d: r.d,
    tags: r.tags,
    n: r.n,
    b: r.b,
  }));
  for (let k = 0; k < rows.length; k++) expect(back[k], `row ${k}`).toEqual(expected[k]);
});
