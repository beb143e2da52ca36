import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { contactRow, contacts, query, stateWith, stream, tempDir, withSink } from './helpers.ts';

let dir: string;
let file: string;
beforeEach(() => {
  dir = tempDir();
  file = path.join(dir, 'w.duckdb');
});
afterEach(async () => {
  const fs = await import('node:fs');
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('write modes', () => {
  it('maps every logical type to a DuckDB type and loads values faithfully', async () => {
    await withSink(file, async (w) => {
      const changes = await w.prepare([stream(contacts, 'append')]);
      expect(changes).toEqual([{ stream: 'contacts', kind: 'create', detail: 'table crm.contacts' }]);
      await w.write({ stream: 'contacts', rows: [contactRow(1), { id: 2 }] }, stateWith({ contacts: 'c1' }));
    });
    const types = await query(file, `SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = 'contacts' ORDER BY column_index`);
    expect(types.map((t) => `${t.column_name}:${t.data_type}`)).toEqual([
      'id:BIGINT',
      'email:VARCHAR',
      'score:DOUBLE',
      'active:BOOLEAN',
      'updated_at:TIMESTAMP WITH TIME ZONE',
      'birthday:DATE',
      'tags:VARCHAR[]',
      'props:JSON',
    ]);
    const rows = await query(
      file,
      `SELECT id, email, score, active, strftime(updated_at AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S') AS ts, birthday::VARCHAR AS birthday, tags, props->>'$.nested.id' AS nested_id, json_type(props) AS props_type FROM crm.contacts ORDER BY id`,
    );
    expect(rows).toEqual([
      { id: '1', email: 'c1@example.com', score: 2.5, active: false, ts: '2024-01-01T00:00:02', birthday: '1990-05-17', tags: ['a', 'v1'], nested_id: '1', props_type: 'OBJECT' },
      { id: '2', email: null, score: null, active: null, ts: null, birthday: null, tags: null, nested_id: null, props_type: null },
    ]);
  });

  it('keeps microseconds of ISO timestamps', async () => {
    await withSink(file, async (w) => {
      await w.prepare([stream(contacts, 'append')]);
      await w.write({ stream: 'contacts', rows: [{ id: 1, updated_at: '2024-03-01T10:00:00.123456Z' }] }, stateWith({}));
    });
    const [row] = await query(file, `SELECT epoch_us(updated_at)::VARCHAR AS us FROM crm.contacts`);
    expect(row!.us).toBe(String(Date.UTC(2024, 2, 1, 10) * 1000 + 123456));
  });

  it('merge upserts on the primary key; the last row of a batch wins', async () => {
    await withSink(file, async (w) => {
      await w.prepare([stream(contacts, 'merge')]);
      await w.write({ stream: 'contacts', rows: [contactRow(1), contactRow(2), contactRow(1, 2)] }, stateWith({ contacts: 1 }));
      await w.write({ stream: 'contacts', rows: [contactRow(2, 3), contactRow(3)] }, stateWith({ contacts: 2 }));
    });
    const rows = await query(file, 'SELECT id, score FROM crm.contacts ORDER BY id');
    expect(rows).toEqual([
      { id: '1', score: 1.5 + 2 },
      { id: '2', score: 3 + 3 },
      { id: '3', score: 4.5 + 1 },
    ]);
  });

  it('merge: two spellings of one key in a write (7 and "7", a timestamp as Date and as text) are one key', async () => {
    const events = { name: 'events', primaryKey: ['at'], columns: [{ name: 'at', type: 'timestamp' as const }, { name: 'v', type: 'string' as const }] };
    await withSink(file, async (w) => {
      await w.prepare([stream(contacts, 'merge'), stream(events, 'merge')]);
      await w.write({ stream: 'contacts', rows: [{ ...contactRow(7), email: 'first' }, { ...contactRow(7), id: '7', email: 'second' }] }, stateWith({ contacts: 1 }));
      const at = '2024-01-01T00:00:00.000Z';
      await w.write({ stream: 'events', rows: [{ at: new Date(at), v: 'first' }, { at, v: 'second' }] }, stateWith({ contacts: 1, events: 1 }));
    });
    expect(await query(file, 'SELECT id, email FROM crm.contacts')).toEqual([{ id: '7', email: 'second' }]);
    expect(await query(file, 'SELECT v FROM crm.events')).toEqual([{ v: 'second' }]);
  });

  it('merge is idempotent: the same input twice changes nothing', async () => {
    const run = () =>
      withSink(file, async (w) => {
        await w.prepare([stream(contacts, 'merge')]);
        for (let b = 0; b < 3; b++) {
          const rows = Array.from({ length: 50 }, (_, i) => contactRow(b * 40 + i, b)); // batches overlap on ids
          await w.write({ stream: 'contacts', rows }, stateWith({ contacts: b }));
        }
        await w.endStream?.('contacts', stateWith({ contacts: 2 }));
      });
    const snapshot = () => query(file, 'SELECT * EXCLUDE (props), props::VARCHAR AS props FROM crm.contacts ORDER BY id');
    await run();
    const first = await snapshot();
    await run();
    expect(await snapshot()).toEqual(first);
    expect(first).toHaveLength(130);
  });

  it('merge refuses a stream without a primary key, and a null key', async () => {
    await withSink(file, async (w) => {
      const err = await w.prepare([stream({ ...contacts, primaryKey: [] }, 'merge')]).catch((e) => e);
      expect(err.message).toBe('stream contacts has no primary key, so the DuckDB sink cannot merge it into crm.contacts');
      expect(err.hint).toMatch(/write: append/);
    });
    await withSink(file, async (w) => {
      await w.prepare([stream(contacts, 'merge')]);
      const err = await w.write({ stream: 'contacts', rows: [{ email: 'x' }] }, stateWith({})).catch((e) => e);
      expect(err.message).toMatch(/primary-key column "id" is null/);
    });
  });

  it('a bad value fails the batch with stream, column and value, and nothing is written', async () => {
    await withSink(file, async (w) => {
      await w.prepare([stream(contacts, 'append')]);
      const err = await w
        .write({ stream: 'contacts', rows: [contactRow(1), { id: 2, score: 'lots' }] }, stateWith({ contacts: 'x' }))
        .catch((e) => e);
      expect(err.message).toBe('stream contacts, column "score", row 1 of the batch: expected a number, got "lots" (string)');
      expect(await w.readState?.()).toBeUndefined();
    });
    expect(await query(file, 'SELECT count(*)::INT AS n FROM crm.contacts')).toEqual([{ n: 0 }]);
  });

  it('append adds rows; a table option renames the target', async () => {
    for (let run = 0; run < 2; run++) {
      await withSink(file, async (w) => {
        await w.prepare([stream(contacts, 'append', { table: 'people' })]);
        await w.write({ stream: 'contacts', rows: [contactRow(1), contactRow(2)] }, stateWith({ contacts: run }));
      });
    }
    expect(await query(file, 'SELECT count(*)::INT AS n FROM crm.people')).toEqual([{ n: 4 }]);
  });

  it('uses the configured schema instead of the pipeline name', async () => {
    await withSink(
      file,
      async (w) => {
        await w.prepare([stream(contacts, 'append')]);
        await w.write({ stream: 'contacts', rows: [contactRow(1)] }, stateWith({ contacts: 1 }));
      },
      { schema: 'hubspot' },
    );
    const tables = await query(file, `SELECT schema_name || '.' || table_name AS t FROM duckdb_tables() ORDER BY 1`);
    expect(tables.map((t) => t.t)).toEqual(['hubspot._pipe_loads', 'hubspot._pipe_state', 'hubspot.contacts']);
  });
});
