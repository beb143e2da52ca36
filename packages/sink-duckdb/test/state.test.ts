import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { contactRow, contacts, query, stateWith, stream, tempDir, withSink } from './helpers.ts';

let dir: string;
let file: string;
beforeEach(() => {
  dir = tempDir();
  file = path.join(dir, 's.duckdb');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const deals = { ...contacts, name: 'deals' };

describe('state', () => {
  it('readState is undefined on a new file, then returns what the last write committed', async () => {
    await withSink(file, async (w) => {
      expect(await w.readState?.()).toBeUndefined();
      await w.prepare([stream(contacts, 'merge')]);
      await w.write({ stream: 'contacts', rows: [contactRow(1)] }, stateWith({ contacts: { after: 1 } }, 1));
      await w.write({ stream: 'contacts', rows: [contactRow(2)] }, stateWith({ contacts: { after: 2 } }, 2));
    });
    await withSink(file, async (w) => {
      expect(await w.readState?.()).toEqual(stateWith({ contacts: { after: 2 } }, 2));
    });
  });

  it('a failed batch leaves rows and state as they were', async () => {
    await withSink(file, async (w) => {
      await w.prepare([stream(contacts, 'append')]);
      await w.write({ stream: 'contacts', rows: [contactRow(1)] }, stateWith({ contacts: 1 }));
      await expect(w.write({ stream: 'contacts', rows: [contactRow(2), { id: 'three' }] }, stateWith({ contacts: 2 }))).rejects.toThrow(
        /column "id", row 1 of the batch: expected an integer, got "three"/,
      );
      expect(await w.readState?.()).toEqual(stateWith({ contacts: 1 }));
    });
    expect(await query(file, 'SELECT id FROM crm.contacts')).toEqual([{ id: '1' }]);
  });

  it('a batch without rows still commits its checkpoint', async () => {
    await withSink(file, async (w) => {
      await w.prepare([stream(contacts, 'merge')]);
      await w.write({ stream: 'contacts', rows: [], checkpoint: 'empty' }, stateWith({ contacts: 'empty' }));
      expect(await w.readState?.()).toEqual(stateWith({ contacts: 'empty' }));
    });
  });

  it('resetState forgets everything, or only the named streams', async () => {
    await withSink(file, async (w) => {
      await w.prepare([stream(contacts, 'merge'), stream(deals, 'merge')]);
      await w.write({ stream: 'contacts', rows: [contactRow(1)] }, stateWith({ contacts: 1, deals: 7 }));
      await w.resetState?.(['deals']);
      expect(await w.readState?.()).toEqual(stateWith({ contacts: 1 }));
      await w.resetState?.();
      expect(await w.readState?.()).toBeUndefined();
    });
    expect(await query(file, 'SELECT count(*)::INT AS n FROM crm.contacts')).toEqual([{ n: 1 }]);
  });

  it('recordRun keeps one row per run in _pipe_loads', async () => {
    await withSink(file, async (w) => {
      const run = { runId: 'r1', pipeline: 'crm', startedAt: '2024-01-01T00:00:00.000Z', status: 'running' as const, rows: {} };
      await w.recordRun?.(run);
      await w.recordRun?.({ ...run, status: 'succeeded', finishedAt: '2024-01-01T00:01:00.000Z', rows: { contacts: 5 } });
      await w.recordRun?.({ ...run, runId: 'r2', status: 'failed', rows: { contacts: 0 } });
    });
    const rows = await query(
      file,
      `SELECT run_id, pipeline, epoch(started_at)::BIGINT AS started, epoch(finished_at)::BIGINT AS finished, status, rows::VARCHAR AS rows FROM crm._pipe_loads ORDER BY run_id`,
    );
    expect(rows).toEqual([
      { run_id: 'r1', pipeline: 'crm', started: '1704067200', finished: '1704067260', status: 'succeeded', rows: '{"contacts":5}' },
      { run_id: 'r2', pipeline: 'crm', started: '1704067200', finished: null, status: 'failed', rows: '{"contacts":0}' },
    ]);
  });

  it('stores the state as one JSON row per pipeline in _pipe_state', async () => {
    await withSink(file, async (w) => {
      await w.prepare([stream(contacts, 'append')]);
      await w.write({ stream: 'contacts', rows: [contactRow(1)] }, stateWith({ contacts: { cursor: ['2024-01-01', '42'] } }));
    });
    const rows = await query(file, `SELECT pipeline, (state->'$.streams.contacts.checkpoint')::VARCHAR AS cp FROM crm._pipe_state`);
    expect(rows).toEqual([{ pipeline: 'crm', cp: '{"cursor":["2024-01-01","42"]}' }]);
  });
});

describe('replace', () => {
  const load = (rows: number[], opts: { failAfter?: boolean } = {}) =>
    withSink(file, async (w) => {
      await w.prepare([stream(contacts, 'replace'), stream(deals, 'merge')]);
      await w.write({ stream: 'contacts', rows: rows.slice(0, 2).map((id) => contactRow(id)) }, stateWith({ contacts: 'half' }));
      // Another stream commits while the replace is loading: its state must not leak the replace's checkpoint.
      await w.write({ stream: 'deals', rows: [contactRow(rows[0]!)] }, stateWith({ contacts: 'half', deals: rows[0] }));
      await w.write({ stream: 'contacts', rows: rows.slice(2).map((id) => contactRow(id)) }, stateWith({ contacts: 'all', deals: rows[0] }));
      if (opts.failAfter) throw new Error('source failed before the stream finished');
      await w.endStream?.('contacts', stateWith({ contacts: `done ${rows.join(',')}`, deals: rows[0] }));
    });
  const ids = async () => (await query(file, 'SELECT id FROM crm.contacts ORDER BY id')).map((r) => Number(r.id));
  const state = () => withSink(file, async (w) => w.readState?.());

  it('swaps in the new table and its state together at endStream', async () => {
    await load([1, 2, 3]);
    expect(await ids()).toEqual([1, 2, 3]);
    await load([7, 8, 9, 10]);
    expect(await ids()).toEqual([7, 8, 9, 10]);
    expect((await state())?.streams.contacts?.checkpoint).toBe('done 7,8,9,10');
  });

  it('a failure mid-replace leaves the old table and the old state intact', async () => {
    await load([1, 2, 3]);
    await expect(load([7, 8, 9, 10], { failAfter: true })).rejects.toThrow('source failed');
    expect(await ids()).toEqual([1, 2, 3]);
    const s = await state();
    expect(s?.streams.contacts?.checkpoint).toBe('done 1,2,3');
    expect(s?.streams.deals?.checkpoint).toBe(7); // the merge stream's own progress did commit
  });

  it('a first replace that fails creates no table and no state for the stream', async () => {
    await expect(load([1, 2, 3], { failAfter: true })).rejects.toThrow('source failed');
    expect(await query(file, `SELECT count(*)::INT AS n FROM duckdb_tables() WHERE table_name = 'contacts'`)).toEqual([{ n: 0 }]);
    expect((await state())?.streams.contacts).toBeUndefined();
  });

  it('a replace with no rows leaves an empty table', async () => {
    await load([1, 2, 3]);
    await withSink(file, async (w) => {
      await w.prepare([stream(contacts, 'replace')]);
      await w.endStream?.('contacts', stateWith({ contacts: 'empty' }));
    });
    expect(await ids()).toEqual([]);
  });
});

describe('group commit (commit_rows)', () => {
  const items = { name: 'items', primaryKey: ['id'], columns: [{ name: 'id', type: 'integer' as const }, { name: 'name', type: 'string' as const }] };
  const item = (id: number) => ({ id, name: `item ${id}` });

  it('writes below commit_rows stay in the open transaction; endStream commits them with the last state', async () => {
    // (kill -9 inside and between groups: crash-and-lock.test.ts)
    await withSink(
      file,
      async (w) => {
        await w.prepare([stream(contacts, 'merge')]);
        await w.write({ stream: 'contacts', rows: [contactRow(1), contactRow(2)] }, stateWith({ contacts: 1 }, 1));
        await w.write({ stream: 'contacts', rows: [contactRow(3)] }, stateWith({ contacts: 2 }, 2));
        await w.endStream?.('contacts', stateWith({ contacts: 'done' }, 3));
      },
      { commit_rows: 100 },
    );
    await withSink(file, async (w) => expect(await w.readState?.()).toEqual(stateWith({ contacts: 'done' }, 3)));
    expect(await query(file, 'SELECT id FROM crm.contacts ORDER BY id')).toEqual([{ id: '1' }, { id: '2' }, { id: '3' }]);
  });

  it('a bad value in one stream fails that write only: the other stream’s uncommitted writes still commit', async () => {
    await withSink(
      file,
      async (w) => {
        await w.prepare([stream(contacts, 'append'), stream(deals, 'append')]);
        await w.write({ stream: 'contacts', rows: [contactRow(1)] }, stateWith({ contacts: 1 }, 1));
        await expect(w.write({ stream: 'deals', rows: [{ id: 'seven' }] }, stateWith({ contacts: 1, deals: 1 }, 2))).rejects.toThrow(
          /column "id", row 0 of the batch: expected an integer, got "seven"/,
        );
        await w.write({ stream: 'contacts', rows: [contactRow(2)] }, stateWith({ contacts: 2 }, 3));
        await w.endStream?.('contacts', stateWith({ contacts: 2 }, 3));
      },
      { commit_rows: 100 },
    );
    await withSink(file, async (w) => expect(await w.readState?.()).toEqual(stateWith({ contacts: 2 }, 3)));
    expect(await query(file, 'SELECT id FROM crm.contacts ORDER BY id')).toEqual([{ id: '1' }, { id: '2' }]);
  });

  it('a database error rolls back the open group: later writes are refused, so no state claims the lost rows', async () => {
    // A CHECK constraint the sink does not know about makes the INSERT of id 13 fail inside DuckDB.
    await query(file, 'CREATE SCHEMA crm');
    await query(file, 'CREATE TABLE crm.items (id BIGINT CHECK (id <> 13), name VARCHAR)');
    await withSink(
      file,
      async (w) => {
        await w.prepare([stream(items, 'append'), stream({ ...items, name: 'others' }, 'append')]);
        await w.write({ stream: 'items', rows: [item(1), item(2)] }, stateWith({ items: 1 }, 1));
        await w.write({ stream: 'items', rows: [item(3)] }, stateWith({ items: 2 }, 2)); // commits: 3 rows ≥ commit_rows
        await w.write({ stream: 'others', rows: [item(4)] }, stateWith({ items: 2, others: 1 }, 3)); // open, uncommitted
        await expect(w.write({ stream: 'items', rows: [item(13)] }, stateWith({ items: 3, others: 1 }, 4))).rejects.toThrow(/CHECK constraint/i);
        const refused = /rolled back 1 rows of others that were written but not committed yet.*no state claims them/s;
        await expect(w.write({ stream: 'others', rows: [item(5)] }, stateWith({ items: 2, others: 2 }, 5))).rejects.toThrow(refused);
        await expect(w.endStream?.('others', stateWith({ items: 2, others: 2 }, 5))).rejects.toThrow(refused);
      },
      { commit_rows: 3 },
    );
    await withSink(file, async (w) => expect(await w.readState?.()).toEqual(stateWith({ items: 2 }, 2)));
    expect(await query(file, 'SELECT id FROM crm.items ORDER BY id')).toEqual([{ id: '1' }, { id: '2' }, { id: '3' }]);
    expect(await query(file, `SELECT count(*)::INT AS n FROM duckdb_tables() WHERE table_name = 'others'`)).toEqual([{ n: 1 }]);
    expect(await query(file, 'SELECT count(*)::INT AS n FROM crm.others')).toEqual([{ n: 0 }]);
  });
});
