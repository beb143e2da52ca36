// What users write instead: the official @hubspot/api-client paging through contacts, and
// one INSERT per row into DuckDB — a typical hand-written sync.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { Client } from '@hubspot/api-client';
import { report } from './measure.ts';
import { PROPERTIES } from './props.ts';

const { values: a } = parseArgs({ options: { url: { type: 'string' }, token: { type: 'string' } } });
const hubspot = new Client({ accessToken: a.token, basePath: a.url, numberOfApiCallRetries: 3 });
const db = await DuckDBInstance.create(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pipe-naive-')), 'naive.duckdb'));
const con = await db.connect();
// The plain table and INSERT a hand-written script uses (a primary key would make each insert ~10× slower still).
await con.run(`CREATE TABLE contacts (id VARCHAR, ${PROPERTIES.map((p) => `"${p}" VARCHAR`).join(', ')})`);
const insert = await con.prepare(`INSERT INTO contacts VALUES (${['$1', ...PROPERTIES.map((_, i) => `$${i + 2}`)].join(', ')})`);

const t0 = performance.now();
let records = 0;
let after: string | undefined;
do {
  const page = await hubspot.crm.contacts.basicApi.getPage(100, after, PROPERTIES);
  for (const c of page.results) {
    insert.bindVarchar(1, c.id);
    PROPERTIES.forEach((p, i) => {
      const v = c.properties[p];
      if (v == null) insert.bindNull(i + 2);
      else insert.bindVarchar(i + 2, v);
    });
    await insert.run();
    records++;
  }
  after = page.paging?.next?.after;
} while (after);
const seconds = (performance.now() - t0) / 1000;
report({ records, seconds, recordsPerSecond: records / seconds });
process.exit(0);
