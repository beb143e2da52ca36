import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PIPELINE, contactRow, contacts, query, stateWith, stream, tempDir, withSink } from './helpers.ts';

let dir: string;
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('names', () => {
  it('works when the file is named like the schema (DuckDB names the catalog after the file)', async () => {
    dir = tempDir();
    const file = path.join(dir, `${PIPELINE}.duckdb`); // catalog "crm", schema "crm"
    for (let run = 0; run < 2; run++) {
      await withSink(file, async (w) => {
        await w.prepare([stream(contacts, 'merge')]);
        await w.write({ stream: 'contacts', rows: [contactRow(1), contactRow(2)] }, stateWith({ contacts: `c${run}` }));
        expect(await w.readState?.()).toMatchObject({ streams: { contacts: { checkpoint: `c${run}` } } });
      });
    }
    const rows = await query(file, `SELECT count(*)::INTEGER AS n FROM crm.crm.contacts`);
    expect(rows).toEqual([{ n: 2 }]);
  });
});
