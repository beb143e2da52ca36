/**
 * `pnpm demo`: the HubSpot simulator on a free port → pipelines/demo.yml (HubSpot → DuckDB
 * and Parquet) with a fake token → the run summary → a sample query. No account needed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { startSimulator } from '@pipe/hubspot-sim';
import { makeDirs } from '@pipe/sdk';
import { runCommand } from './commands/run.ts';
import { reportError } from './exit.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const pipelineFile = path.join(root, 'pipelines/demo.yml');
const outDir = path.join(root, 'out/demo');

const sim = await startSimulator({
  port: 0,
  seed: 42,
  tier: 'professional',
  counts: { contacts: 5000, companies: 800, deals: 1500, tickets: 600, products: 50, line_items: 300 },
});
process.stderr.write(`HubSpot simulator listening on ${sim.url} (fake token, professional-tier rate limits)\n\n`);
process.env.HUBSPOT_TOKEN = sim.token;
process.env.HUBSPOT_BASE_URL = sim.url;
// A fresh demo each time: the simulator's data is new on every start.
fs.rmSync(outDir, { recursive: true, force: true });
makeDirs(outDir);
fs.rmSync(path.join(root, 'pipelines/.pipe'), { recursive: true, force: true });

let code: number;
try {
  code = await runCommand(pipelineFile, {});
  if (code === 0) await sampleQuery(path.join(outDir, 'hubspot.duckdb'));
} catch (e) {
  code = reportError(e, process.argv.includes('--debug'));
} finally {
  await sim.close();
}
process.exit(code);

async function sampleQuery(file: string) {
  const db = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
  const conn = await db.connect();
  // Deals by stage (labels from pipeline_stages) and the top owner of each stage (names from owners).
  const sql = `
    WITH d AS (
      SELECT s.pipeline_label AS pipeline, s.label AS stage, s.display_order, o.full_name AS owner, d.amount
      FROM hubspot_demo.deals d
      JOIN hubspot_demo.pipeline_stages s ON s.object_type = 'deals' AND s.id = d.dealstage
      LEFT JOIN hubspot_demo.owners o ON o.id = d.hubspot_owner_id
      WHERE NOT d.archived)
    SELECT pipeline, stage, count(*) AS deals, round(sum(amount)) AS amount, mode(owner) AS top_owner
    FROM d GROUP BY pipeline, stage, display_order ORDER BY pipeline, display_order`;
  const reader = await conn.runAndReadAll(sql);
  const rows = reader.getRowObjectsJS();
  process.stdout.write(`\nDeals by pipeline stage, with each stage's top owner (DuckDB, ${path.relative(root, file)}):${sql.replace(/\n\s*/g, '\n  ')}\n\n`);
  process.stdout.write(`${table(rows)}\n`);
  process.stdout.write(`\nExplore it yourself:  duckdb ${path.relative(process.cwd(), file)}   (or any DuckDB client)\n`);
  conn.closeSync();
}

function table(rows: Record<string, unknown>[]): string {
  const cols = Object.keys(rows[0] ?? {});
  const cells = rows.map((r) => cols.map((c) => String(typeof r[c] === 'bigint' ? Number(r[c]) : (r[c] ?? ''))));
  const widths = cols.map((c, i) => Math.max(c.length, ...cells.map((r) => r[i]!.length)));
  const numeric = cols.map((_, i) => cells.every((r) => /^-?[\d.]*$/.test(r[i]!)));
  const line = (r: string[]) => r.map((v, i) => (numeric[i] ? v.padStart(widths[i]!) : v.padEnd(widths[i]!))).join('  ');
  return [line(cols), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}
