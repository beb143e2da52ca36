import fs from 'node:fs';
import path from 'node:path';
import { SinkError, type StreamSchema } from '@pipe/sdk';
import { describe, expect, it } from 'vitest';
import { listFiles, openWriter, query, readManifestFile, sinkStream, stateAt, tempDir } from './helpers.ts';

const ALL: StreamSchema = {
  name: 'all_types',
  primaryKey: ['id'],
  columns: [
    { name: 'id', type: 'integer' },
    { name: 's', type: 'string' },
    { name: 'i', type: 'integer' },
    { name: 'n', type: 'number' },
    { name: 'b', type: 'boolean' },
    { name: 'ts', type: 'timestamp' },
    { name: 'd', type: 'date' },
    { name: 'tags', type: 'string[]' },
    { name: 'doc', type: 'json' },
  ],
};

const ROWS = [
  {
    id: 1,
    s: 'Zoë “héllo” 🦄👩🏽‍💻 中文 \'q\' "dq"\nline',
    i: 9007199254740991,
    n: 2.5e-12,
    b: true,
    ts: new Date('2024-02-29T23:59:59.123Z'),
    d: '2024-02-29',
    tags: ['a', 'ünï', '🦄', ''],
    doc: { nested: { list: [1, 'two', null] }, emoji: '🚀' },
  },
  { id: 2, s: '', i: -5n, n: -0.5, b: false, ts: '2024-06-01T12:00:00.000+02:00', d: '1970-01-01', tags: [], doc: [1, 2] },
  { id: 3, s: null, i: null, n: null, b: null, ts: null, d: null, tags: null, doc: null },
];

async function writeAll(config: Record<string, unknown> = {}): Promise<{ dir: string; file: string }> {
  const dir = path.join(tempDir(), 'ds');
  const w = await openWriter({ dir, ...config });
  try {
    await w.prepare([sinkStream(ALL, 'merge')]);
    await w.write({ stream: 'all_types', rows: [...ROWS], checkpoint: 1 }, stateAt({ all_types: 1 }));
  } finally {
    await w.close();
  }
  return { dir, file: path.join(dir, 'all_types', 'part-00001-000000.parquet') };
}

describe('Parquet types and metadata', () => {
  it('writes microsecond UTC timestamps, dates, 3-level lists and JSON with logical types, zstd, and the primary key in file metadata', async () => {
    const { file } = await writeAll();
    const schema = await query(`SELECT name, type, logical_type, converted_type FROM parquet_schema('${file}')`);
    const byName = Object.fromEntries(schema.map((r) => [r.name, r]));
    expect(byName.ts).toMatchObject({ type: 'INT64', converted_type: 'TIMESTAMP_MICROS' });
    expect(String(byName.ts!.logical_type)).toMatch(/isAdjustedToUTC=1.*MICROS=MicroSeconds\(\)/);
    expect(String(byName.ts!.logical_type)).not.toMatch(/NANOS=Nano/);
    expect(byName.d).toMatchObject({ type: 'INT32', converted_type: 'DATE' });
    expect(byName.tags).toMatchObject({ converted_type: 'LIST' });
    expect(byName.element).toMatchObject({ type: 'BYTE_ARRAY', converted_type: 'UTF8' });
    expect(byName.doc).toMatchObject({ type: 'BYTE_ARRAY', converted_type: 'JSON' });
    expect(byName.id).toMatchObject({ type: 'INT64' });
    const codecs = await query(`SELECT DISTINCT compression FROM parquet_metadata('${file}')`);
    expect(codecs).toEqual([{ compression: 'ZSTD' }]);
    const kv = await query(`SELECT decode(key) AS k, decode(value) AS v FROM parquet_kv_metadata('${file}') ORDER BY k`);
    expect(kv.find((r) => r.k === 'pipe.primary_key')?.v).toBe('["id"]');
    expect(kv.find((r) => r.k === 'pipe.stream')?.v).toBe('all_types');
  });

  it('reads back every value exactly with DuckDB: unicode, integer extremes, timestamps, dates, lists, JSON and nulls', async () => {
    const { file } = await writeAll();
    const rows = await query(`SELECT id, s, i, n, b, epoch_ms(ts) AS ts_ms, d::VARCHAR AS d, tags, doc::VARCHAR AS doc FROM '${file}' ORDER BY id`);
    expect(rows).toEqual([
      {
        id: 1n,
        s: ROWS[0]!.s,
        i: 9007199254740991n,
        n: 2.5e-12,
        b: true,
        ts_ms: BigInt(Date.parse('2024-02-29T23:59:59.123Z')),
        d: '2024-02-29',
        tags: ['a', 'ünï', '🦄', ''],
        doc: JSON.stringify(ROWS[0]!.doc),
      },
      { id: 2n, s: '', i: -5n, n: -0.5, b: false, ts_ms: BigInt(Date.parse('2024-06-01T10:00:00.000Z')), d: '1970-01-01', tags: [], doc: '[1,2]' },
      { id: 3n, s: null, i: null, n: null, b: null, ts_ms: null, d: null, tags: null, doc: null },
    ]);
  });

  it.each([
    ['snappy', 'SNAPPY'],
    ['gzip', 'GZIP'],
    ['none', 'UNCOMPRESSED'],
  ])('compression %s writes %s column chunks', async (compression, codec) => {
    const { file } = await writeAll({ compression });
    expect(await query(`SELECT DISTINCT compression FROM parquet_metadata('${file}')`)).toEqual([{ compression: codec }]);
  });

  it('a value that does not fit its column fails the write with stream, column and row, and leaves no file and no state', async () => {
    const dir = path.join(tempDir(), 'ds');
    const w = await openWriter({ dir });
    try {
      await w.prepare([sinkStream(ALL, 'merge')]);
      await w.write({ stream: 'all_types', rows: [ROWS[0]!], checkpoint: 1 }, stateAt({ all_types: 1 }));
      const bad = [{ id: 7, i: 1.5 }];
      const err = await w.write({ stream: 'all_types', rows: bad, checkpoint: 2 }, stateAt({ all_types: 2 }, 2)).catch((e) => e);
      expect(err).toBeInstanceOf(SinkError);
      expect(String(err.message)).toMatch(/stream "all_types", column "i" \(integer\), row 1 of the batch: expected an integer, got 1\.5 \(number\)/);
      const nullKey = await w.write({ stream: 'all_types', rows: [{ id: null }], checkpoint: 3 }, stateAt({ all_types: 3 }, 3)).catch((e) => e);
      expect(String(nullKey.message)).toMatch(/column "id".*not nullable/);
      const badText = await w.write({ stream: 'all_types', rows: [{ id: 9, s: 'ok' }, { id: 10, s: Symbol('s') }], checkpoint: 3 }, stateAt({ all_types: 3 }, 3)).catch((e) => e);
      expect(String(badText?.message)).toMatch(/column "s" \(string\), row 2 of the batch: expected text, got Symbol\(s\) \(symbol\)/);
      for (const d of ['2023-02-29', '2024-13-01', '2024-1-01', 'yesterday']) {
        const bad = await w.write({ stream: 'all_types', rows: [{ id: 8, d }], checkpoint: 4 }, stateAt({ all_types: 4 }, 4)).catch((e) => e);
        expect(String(bad?.message), d).toMatch(/column "d" \(date\).*expected a (valid calendar date|date \('YYYY-MM-DD'\))/);
      }
      expect(await w.readState()).toEqual(stateAt({ all_types: 1 }));
    } finally {
      await w.close();
    }
    expect(listFiles(dir)).toEqual(['_pipe/manifest.json', '_pipe/views.sql', 'all_types/part-00001-000000.parquet']);
    expect(readManifestFile(dir).state.streams.all_types.checkpoint).toBe(1);
    expect(fs.existsSync(path.join(dir, '_pipe', 'lock')), 'close releases the lock').toBe(false);
  });
});
