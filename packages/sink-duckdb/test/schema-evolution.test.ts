import fs from 'node:fs';
import path from 'node:path';
import type { StreamSchema } from '@pipe/sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { planTable } from '../src/table-plan.ts';
import { DuckDBInstance } from '@duckdb/node-api';
import { query, stateWith, stream, tempDir, withSink } from './helpers.ts';

let dir: string;
let file: string;
beforeEach(() => {
  dir = tempDir();
  file = path.join(dir, 'e.duckdb');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const v1: StreamSchema = {
  name: 'deals',
  primaryKey: ['id'],
  columns: [
    { name: 'id', type: 'integer' },
    { name: 'amount', type: 'integer' },
    { name: 'stage', type: 'string' },
    { name: 'closed', type: 'boolean' },
    { name: 'close_date', type: 'date' },
    { name: 'pipeline_id', type: 'integer' },
  ],
};
const v2: StreamSchema = {
  ...v1,
  columns: [
    { name: 'id', type: 'integer' },
    { name: 'amount', type: 'number' }, // integer → double: widen
    { name: 'stage', type: 'integer' }, // text already holds integers: keep
    { name: 'closed', type: 'timestamp' }, // boolean → timestamp: incompatible
    { name: 'close_date', type: 'timestamp' }, // date → timestamp: widen
    { name: 'pipeline_id', type: 'string' }, // declared text: widen to VARCHAR
    { name: 'owner', type: 'string' }, // new column
  ],
};

const columnTypes = async () =>
  (await query(file, `SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = 'deals' ORDER BY column_index`)).map(
    (r) => `${r.column_name}:${r.data_type}`,
  );

async function loadV1() {
  await withSink(file, async (w) => {
    await w.prepare([stream(v1, 'merge')]);
    await w.write(
      { stream: 'deals', rows: [{ id: 1, amount: 100, stage: 'won', closed: true, close_date: '2024-02-03', pipeline_id: 9 }] },
      stateWith({ deals: 1 }),
    );
  });
}

describe('schema evolution', () => {
  it('a column the stream no longer declares is kept: old values stay, new rows get NULL, even under freeze', async () => {
    await loadV1();
    const narrower: StreamSchema = { ...v1, columns: v1.columns.filter((c) => c.name !== 'stage' && c.name !== 'closed') };
    await withSink(
      file,
      async (w) => {
        expect(await w.prepare([stream(narrower, 'merge')])).toEqual([]);
        await w.write({ stream: 'deals', rows: [{ id: 2, amount: 5, close_date: '2024-03-01', pipeline_id: 9 }] }, stateWith({ deals: 2 }));
      },
      { schema_changes: 'freeze' },
    );
    expect(await columnTypes()).toEqual(['id:BIGINT', 'amount:BIGINT', 'stage:VARCHAR', 'closed:BOOLEAN', 'close_date:DATE', 'pipeline_id:BIGINT']);
    expect(await query(file, 'SELECT id, stage, closed FROM crm.deals ORDER BY id')).toEqual([
      { id: '1', stage: 'won', closed: true }, // BIGINT comes back as a string
      { id: '2', stage: null, closed: null },
    ]);
  });

  it('evolve: adds columns, widens, converts incompatible columns to JSON, and reports every change', async () => {
    await loadV1();
    await withSink(file, async (w) => {
      const changes = await w.prepare([stream(v2, 'merge')]);
      expect(changes).toEqual([
        { stream: 'deals', kind: 'widen', column: 'amount', from: 'BIGINT', to: 'DOUBLE' },
        {
          stream: 'deals',
          kind: 'other',
          column: 'closed',
          from: 'BOOLEAN',
          to: 'JSON',
          detail: 'incompatible change BOOLEAN → TIMESTAMPTZ; column converted to JSON so old and new values both fit',
        },
        { stream: 'deals', kind: 'widen', column: 'close_date', from: 'DATE', to: 'TIMESTAMPTZ' },
        { stream: 'deals', kind: 'widen', column: 'pipeline_id', from: 'BIGINT', to: 'VARCHAR' },
        { stream: 'deals', kind: 'add_column', column: 'owner', to: 'VARCHAR' },
      ]);
      await w.write(
        {
          stream: 'deals',
          rows: [{ id: 2, amount: 2.5, stage: 3, closed: '2024-05-01T00:00:00Z', close_date: '2024-05-01T12:00:00Z', pipeline_id: 'p-1', owner: 'ana' }],
        },
        stateWith({ deals: 2 }),
      );
      // Idempotent: preparing the same schema again changes nothing.
      expect(await w.prepare([stream(v2, 'merge')])).toEqual([]);
    });
    expect(await columnTypes()).toEqual([
      'id:BIGINT',
      'amount:DOUBLE',
      'stage:VARCHAR',
      'closed:JSON',
      'close_date:TIMESTAMP WITH TIME ZONE',
      'pipeline_id:VARCHAR',
      'owner:VARCHAR',
    ]);
    const rows = await query(file, `SELECT id, amount, stage, closed::VARCHAR AS closed, pipeline_id, owner FROM crm.deals ORDER BY id`);
    expect(rows).toEqual([
      { id: '1', amount: 100, stage: 'won', closed: 'true', pipeline_id: '9', owner: null },
      { id: '2', amount: 2.5, stage: '3', closed: '"2024-05-01T00:00:00Z"', pipeline_id: 'p-1', owner: 'ana' },
    ]);
  });

  it('freeze: refuses the change with table, column, old and new type, and leaves the table alone', async () => {
    await loadV1();
    const err = await withSink(file, (w) => w.prepare([stream(v2, 'merge')]), { schema_changes: 'freeze' }).catch((e) => e);
    expect(err.code).toBe('SCHEMA_CHANGE');
    expect(err.message).toBe(
      'schema_changes is freeze, but the source schema no longer matches: ' +
        'table crm.deals, column amount: BIGINT → DOUBLE (widen); ' +
        'table crm.deals, column closed: BOOLEAN → TIMESTAMPTZ is incompatible; ' +
        'table crm.deals, column close_date: DATE → TIMESTAMPTZ (widen); ' +
        'table crm.deals, column pipeline_id: BIGINT → VARCHAR (widen); ' +
        'table crm.deals, column owner: new column of type VARCHAR',
    );
    expect(err.hint).toMatch(/schema_changes: evolve/);
    expect(await columnTypes()).toEqual(['id:BIGINT', 'amount:BIGINT', 'stage:VARCHAR', 'closed:BOOLEAN', 'close_date:DATE', 'pipeline_id:BIGINT']);
  });

  it('freeze: an unchanged schema, or a new table, passes', async () => {
    await loadV1();
    await withSink(
      file,
      async (w) => {
        expect(await w.prepare([stream(v1, 'merge'), stream({ ...v1, name: 'other' }, 'append')])).toEqual([
          { stream: 'other', kind: 'create', detail: 'table crm.other' },
        ]);
      },
      { schema_changes: 'freeze' },
    );
  });

  it('a change DuckDB refuses (an index on the column) fails with the change named, and nothing applied', async () => {
    await loadV1();
    const instance = await DuckDBInstance.create(file);
    const con = await instance.connect();
    await con.run('CREATE INDEX deals_amount ON crm.deals (amount)');
    con.closeSync();
    instance.closeSync();
    const err = await withSink(file, (w) => w.prepare([stream(v2, 'merge')])).catch((e) => e);
    expect(err.message).toMatch(/^DuckDB could not apply a schema change \(table crm\.deals, column amount: BIGINT → DOUBLE \(widen\)\) in .*e\.duckdb: /);
    expect(err.hint).toMatch(/^Nothing was changed/);
    expect(await columnTypes()).toEqual(['id:BIGINT', 'amount:BIGINT', 'stage:VARCHAR', 'closed:BOOLEAN', 'close_date:DATE', 'pipeline_id:BIGINT']);
  });

  it('matches column names case-insensitively, as DuckDB does', () => {
    const plan = planTable({ schema: 's', name: 't' }, { ...v1, columns: [{ name: 'ID', type: 'integer' }] }, [{ name: 'id', sqlType: 'BIGINT' }]);
    expect(plan.changes).toEqual([]);
  });

  it('keeps a column of a type pipe never creates (the user chose it)', () => {
    const plan = planTable({ schema: 's', name: 't' }, { ...v1, columns: [{ name: 'amount', type: 'number' }] }, [{ name: 'amount', sqlType: 'DECIMAL(18,2)' }]);
    expect(plan.changes).toEqual([]);
  });

  it('replace streams get the evolved columns in the swapped-in table', async () => {
    await loadV1();
    await withSink(file, async (w) => {
      const changes = await w.prepare([stream(v2, 'replace')]);
      expect(changes.map((c) => c.kind)).toEqual(['widen', 'other', 'widen', 'widen', 'add_column']);
      await w.write({ stream: 'deals', rows: [{ id: 5, amount: 1.5, owner: 'li' }] }, stateWith({ deals: 'r' }));
      await w.endStream?.('deals', stateWith({ deals: 'r' }));
    });
    expect(await columnTypes()).toEqual([
      'id:BIGINT',
      'amount:DOUBLE',
      'stage:VARCHAR',
      'closed:JSON',
      'close_date:TIMESTAMP WITH TIME ZONE',
      'pipeline_id:VARCHAR',
      'owner:VARCHAR',
    ]);
    expect(await query(file, 'SELECT id, amount, owner FROM crm.deals')).toEqual([{ id: '5', amount: 1.5, owner: 'li' }]);
  });
});
