import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_MEMORY_LIMIT_MB, DUCKDB_THREADS, MEMORY_LIMIT_MB_PER_COLUMN, duckdbConfig } from '../src/config.ts';
import { Database } from '../src/database.ts';
import { MetaTables } from '../src/meta-tables.ts';
import { DuckDBWriter, outOfMemoryHint } from '../src/writer.ts';
import { PIPELINE, contactRow, contacts, query, stateWith, stream, tempDir, withSink } from './helpers.ts';

let dir: string;
let file: string;
beforeEach(() => {
  dir = tempDir();
  file = path.join(dir, 'm.duckdb');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A writer on its own Database, so the test can look at DuckDB while it is open. */
async function openWriter(opts: { checkpointRows?: number; streamEndCheckpointValues?: number; memoryLimit?: string; commitRows?: number; perColumnMb?: number } = {}) {
  const db = await Database.open(file, { memoryLimit: opts.memoryLimit });
  const meta = new MetaTables(db, PIPELINE);
  await db.transaction(async () => {
    await db.run(`CREATE SCHEMA IF NOT EXISTS ${PIPELINE}`);
    await meta.create();
  });
  const writer = new DuckDBWriter(db, meta, { schema: PIPELINE, pipeline: PIPELINE, schemaChanges: 'evolve', batchSize: 2,
    commitRows: opts.commitRows ?? 1,
    checkpointRows: opts.checkpointRows,
    streamEndCheckpointValues: opts.streamEndCheckpointValues,
    memoryLimit: opts.perColumnMb ? { floorMb: 128, perColumnMb: opts.perColumnMb } : undefined,
  });
  return { db, writer };
}

/** Rows of the table as the writer's own connection sees them (its open transaction included). */
async function tableInTransaction(db: Database) {
  const rows = await db.exclusive(() => db.rows(`SELECT id::INTEGER AS id, tags[2] AS v FROM ${PIPELINE}.contacts ORDER BY id`));
  return rows.map((r) => `${r.id}:${r.v}`);
}

const walBytes = () => (fs.existsSync(`${file}.wal`) ? fs.statSync(`${file}.wal`).size : 0);

describe('memory (issue 8)', () => {
  it('memory_limit: a size is accepted, anything else is refused by the config schema', () => {
    const field = duckdbConfig.properties.memory_limit;
    // No schema default: the validator fills defaults in, and an unset limit is sized to the tables.
    expect(field.default).toBeUndefined();
    const ok = (v: string) => new RegExp(field.pattern!).test(v);
    expect(['256MB', '1.5 GB', '512MiB'].map(ok)).toEqual([true, true, true]);
    expect(['lots', '256', '256MB; DROP TABLE x'].map(ok)).toEqual([false, false, false]);
  });

  it('the sink sets DuckDB memory_limit: 48MB by default (more for a wide table), the configured size otherwise', async () => {
    const wide = { name: 'wide', primaryKey: ['id'], columns: [{ name: 'id', type: 'integer' as const }, ...Array.from({ length: 199 }, (_, i) => ({ name: `p${i}`, type: 'string' as const }))] };
    const setting = async (config: Record<string, unknown>, prepare = false) =>
      withSink(
        file,
        async (w) => {
          if (prepare) await w.prepare([stream(wide, 'merge')]);
          const db = (w as unknown as { db: Database }).db;
          const [row] = await db.exclusive(() => db.rows(`SELECT current_setting('memory_limit') AS v`));
          return String(row!.v);
        },
        config,
      );
    expect(await setting({})).toBe('45.7 MiB'); // 48MB
    expect(await setting({ memory_limit: '1GB' })).toMatch(/^(1\.0 GiB|953\.6 MiB|1 GB)$/);
    expect(await setting({}, true)).toBe('286.1 MiB'); // 200 columns × 1.5MB = 300MB
    expect(await setting({ memory_limit: '128MB' }, true)).toBe('122.0 MiB'); // the user's choice stands
  });

  it('the sink runs DuckDB with DUCKDB_THREADS worker threads, not one per core', async () => {
    const threads = await withSink(file, async (w) => {
      const db = (w as unknown as { db: Database }).db;
      const [row] = await db.exclusive(() => db.rows(`SELECT current_setting('threads')::INTEGER AS v`));
      return Number(row!.v);
    });
    expect(threads).toBe(DUCKDB_THREADS);
  });

  it('a memory_limit DuckDB refuses fails the open with the value named', async () => {
    await expect(Database.open(file, { memoryLimit: '12 parsecs' })).rejects.toThrow(/memory_limit '12 parsecs'/);
    // The file was released: it opens again.
    const db = await Database.open(file);
    await db.close();
  });

  it('checkpoints once checkpointRows rows were committed, so DuckDB does not hold the run in memory', async () => {
    const { writer } = await openWriter({ checkpointRows: 4 });
    try {
      await writer.prepare([stream(contacts, 'merge')]);
      await writer.write({ stream: 'contacts', rows: [contactRow(1), contactRow(2)] }, stateWith({ contacts: 1 }, 1));
      expect(walBytes()).toBeGreaterThan(0); // below the threshold: the rows are only in the WAL
      await writer.write({ stream: 'contacts', rows: [contactRow(3), contactRow(4)] }, stateWith({ contacts: 2 }, 2));
      expect(walBytes()).toBe(0); // 4 rows committed: folded into the file
      await writer.write({ stream: 'contacts', rows: [contactRow(4, 2)] }, stateWith({ contacts: 3 }, 3));
      expect(walBytes()).toBeGreaterThan(0);
      expect(await writer.readState()).toEqual(stateWith({ contacts: 3 }, 3));
    } finally {
      await writer.close();
    }
    expect(await query(file, `SELECT id, tags FROM ${PIPELINE}.contacts ORDER BY id`)).toEqual([
      { id: '1', tags: ['a', 'v1'] },
      { id: '2', tags: ['a', 'v1'] },
      { id: '3', tags: ['a', 'v1'] },
      { id: '4', tags: ['a', 'v2'] },
    ]);
  });

  it("a stream's last commit folds what waits in the WAL into the file once it holds enough values, not before", async () => {
    const ended = async (streamEndCheckpointValues: number) => {
      const { writer } = await openWriter({ streamEndCheckpointValues });
      try {
        await writer.prepare([stream(contacts, 'merge')]);
        await writer.write({ stream: 'contacts', rows: [contactRow(1), contactRow(2)] }, stateWith({ contacts: 1 }, 1));
        await writer.write({ stream: 'contacts', rows: [contactRow(3)] }, stateWith({ contacts: 2 }, 2));
        const beforeEnd = walBytes(); // commits inside a stream never checkpoint for their values
        await writer.endStream('contacts', stateWith({ contacts: 'done' }, 3));
        return { beforeEnd, afterEnd: walBytes(), state: await writer.readState() };
      } finally {
        await writer.close();
        fs.rmSync(file, { force: true });
      }
    };
    const values = 3 * contacts.columns.length; // rows × columns of the three rows written
    const folded = await ended(values);
    expect(folded.beforeEnd).toBeGreaterThan(0);
    expect(folded.afterEnd).toBe(0);
    expect(folded.state).toEqual(stateWith({ contacts: 'done' }, 3));
    const kept = await ended(values + 1);
    expect(kept.beforeEnd).toBeGreaterThan(0);
    expect(kept.afterEnd).toBeGreaterThan(0);
    expect(kept.state).toEqual(stateWith({ contacts: 'done' }, 3));
  });

  it('without checkpointRows the rows stay in the WAL until close', async () => {
    const { writer } = await openWriter();
    try {
      await writer.prepare([stream(contacts, 'append')]);
      for (let i = 0; i < 3; i++) await writer.write({ stream: 'contacts', rows: [contactRow(2 * i), contactRow(2 * i + 1)] }, stateWith({ contacts: i }, i + 1));
      expect(walBytes()).toBeGreaterThan(0);
    } finally {
      await writer.close();
    }
    expect(walBytes()).toBe(0);
  });

  it('merge: each transaction gets a fresh keys table, so its storage does not grow with the run', async () => {
    const { db, writer } = await openWriter();
    try {
      await writer.prepare([stream(contacts, 'merge')]);
      const stageBlocks = async () => {
        const rows = await db.exclusive(() =>
          db.rows(`SELECT count(*)::INTEGER AS n FROM pragma_storage_info('temp.main._pipe_keys_${PIPELINE}_contacts')`),
        );
        return Number(rows[0]!.n);
      };
      await writer.write({ stream: 'contacts', rows: Array.from({ length: 3000 }, (_, i) => contactRow(i)) }, stateWith({ contacts: 1 }, 1));
      const after1 = await stageBlocks();
      for (let b = 2; b <= 4; b++) {
        await writer.write({ stream: 'contacts', rows: Array.from({ length: 3000 }, (_, i) => contactRow(b * 3000 + i)) }, stateWith({ contacts: b }, b));
      }
      expect(await stageBlocks()).toBe(after1);
    } finally {
      await writer.close();
    }
    expect(await query(file, `SELECT count(*)::INTEGER AS n FROM ${PIPELINE}.contacts`)).toEqual([{ n: 12000 }]);
  });

  it('merge: writes in one open transaction replace each other\'s rows by key, the last row of a key in a write winning', async () => {
    const { db, writer } = await openWriter({ commitRows: 100 });
    try {
      await writer.prepare([stream(contacts, 'merge')]);
      await writer.write({ stream: 'contacts', rows: [contactRow(1), contactRow(2)] }, stateWith({ contacts: 1 }, 1));
      expect(await tableInTransaction(db)).toEqual(['1:v1', '2:v1']);
      await writer.write({ stream: 'contacts', rows: [contactRow(2, 2), contactRow(3), contactRow(3, 4)] }, stateWith({ contacts: 2 }, 2));
      expect(await tableInTransaction(db)).toEqual(['1:v1', '2:v2', '3:v4']);
      await writer.write({ stream: 'contacts', rows: [contactRow(3, 3)] }, stateWith({ contacts: 3 }, 3));
      expect(await tableInTransaction(db)).toEqual(['1:v1', '2:v2', '3:v3']);
      // readState commits the open transaction, with the state of its last write.
      expect(await writer.readState()).toEqual(stateWith({ contacts: 3 }, 3));
    } finally {
      await writer.close();
    }
    expect(await query(file, `SELECT id::INTEGER AS id, tags[2] AS v FROM ${PIPELINE}.contacts ORDER BY id`)).toEqual([
      { id: 1, v: 'v1' },
      { id: 2, v: 'v2' },
      { id: 3, v: 'v3' },
    ]);
  });

  it('an unset memory_limit grows with the widest table prepared, never below the floor; a configured one is left alone', async () => {
    const wide = { name: 'wide', primaryKey: ['id'], columns: [{ name: 'id', type: 'integer' as const }, ...Array.from({ length: 119 }, (_, i) => ({ name: `p${i}`, type: 'string' as const }))] };
    const limit = async (db: Database) => (await db.exclusive(() => db.rows(`SELECT current_setting('memory_limit') AS v`)))[0]!.v;
    const sized = await openWriter({ memoryLimit: '128MB', perColumnMb: 1.5 });
    try {
      await sized.writer.prepare([stream(contacts, 'merge')]);
      expect(await limit(sized.db)).toBe('122.0 MiB'); // 128MB: contacts are narrow
      await sized.writer.prepare([stream(contacts, 'merge'), stream(wide, 'merge')]);
      expect(await limit(sized.db)).toBe('171.6 MiB'); // 120 columns × 1.5MB = 180MB
    } finally {
      await sized.writer.close();
    }
    const configured = await openWriter({ memoryLimit: '64MB' });
    try {
      await configured.writer.prepare([stream(wide, 'merge')]);
      expect(await limit(configured.db)).toBe('61.0 MiB');
    } finally {
      await configured.writer.close();
    }
  });

  it('the out-of-memory hint also covers a commit that fails to pin a block', () => {
    // The message a 100,000-contact commit with ~180 columns failed with at memory_limit 128MB.
    const commit = 'TransactionContext Error: Failed to commit: failed to pin block of size 256.0 KiB (121.9 MiB/122.0 MiB used)';
    expect(outOfMemoryHint(commit)).toMatch(/Raise `memory_limit` on the duckdb sink/);
    // Built from the constants it describes, so it cannot drift from them.
    expect(outOfMemoryHint(commit)).toContain(`default ${DEFAULT_MEMORY_LIMIT_MB}MB, raised to ${MEMORY_LIMIT_MB_PER_COLUMN}MB per column for tables wider than 32 columns`);
    expect(outOfMemoryHint('Constraint Error: NOT NULL constraint failed')).toBeUndefined();
  });

  it('running out of memory_limit fails with a hint that names the setting to raise', async () => {
    const failure = await withSink(
      file,
      async (w) => {
        await w.prepare([stream(contacts, 'merge')]);
        return w.write({ stream: 'contacts', rows: Array.from({ length: 60_000 }, (_, i) => contactRow(i)) }, stateWith({ contacts: 1 }, 1)).catch((e: unknown) => e);
      },
      { memory_limit: '2MB' },
    );
    expect(failure).toMatchObject({ message: expect.stringMatching(/could not allocate block/), hint: expect.stringMatching(/Raise `memory_limit` on the duckdb sink/) });
  });
});

describe('rows handed over (SinkWriter contract)', () => {
  it('lets go of a write\'s rows once converted, and loads them all: merge keeps the last row per key', async () => {
    const rows = [contactRow(1), contactRow(2), contactRow(1, 2)];
    await withSink(file, async (w) => {
      await w.prepare([stream(contacts, 'merge')]);
      await w.write({ stream: 'contacts', rows, checkpoint: 1 }, stateWith({ contacts: 1 }));
      expect(rows).toHaveLength(0);
    });
    const stored = await query(file, `SELECT id::INTEGER AS id FROM ${PIPELINE}.contacts ORDER BY id`);
    expect(stored.map((r) => r.id)).toEqual([1, 2]);
  });
});
