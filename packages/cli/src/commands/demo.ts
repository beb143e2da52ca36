/**
 * `pipe demo [dir]` (and `pnpm demo` in pipe's repository): the HubSpot simulator on a free port
 * → the demo pipeline (HubSpot → DuckDB and Parquet) with a fake token → the run summary → a
 * sample query. No account needed. The installed CLI carries the demo pipeline
 * (pipelines/demo.yml, copied into the package when it is built) and writes it into `dir`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { startSimulator } from '@pipe/hubspot-sim';
import { makeDirs } from '@pipe/sdk';
import { CliExit, EXIT } from '../exit.ts';
import { cliDir, isInstalled } from '../install.ts';
import { runCommand } from './run.ts';

/** pipelines/demo.yml: beside the installed package, or at the root of pipe's repository. */
export function demoPipelineSource(): string {
  const cli = cliDir();
  const candidate = isInstalled() ? path.join(cli, 'pipelines/demo.yml') : path.resolve(cli, '../../pipelines/demo.yml');
  if (fs.existsSync(candidate)) return candidate;
  throw new CliExit(EXIT.failed, `the demo pipeline is missing from this install (${cli}/pipelines/demo.yml): reinstall @pipe/cli`);
}

export interface DemoOptions {
  /** Copy the demo pipeline into `<dir>/pipelines/` and write the warehouse under `<dir>/out/demo`. Without it, run pipe's own pipelines/demo.yml in place. */
  dir?: string;
  debug?: boolean;
}

export async function demoCommand(opts: DemoOptions = {}): Promise<number> {
  let pipelineFile = demoPipelineSource();
  if (opts.dir !== undefined) {
    const target = path.resolve(opts.dir, 'pipelines/demo.yml');
    makeDirs(path.dirname(target));
    // The editor-schema comment points into pipe's repository; an installed CLI serves it from its own package.
    fs.writeFileSync(target, fs.readFileSync(pipelineFile, 'utf8').replace(/^# yaml-language-server:.*\n/, ''));
    pipelineFile = target;
  }
  const outDir = path.resolve(path.dirname(pipelineFile), '../out/demo');
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
  fs.rmSync(path.join(path.dirname(pipelineFile), '.pipe'), { recursive: true, force: true });
  try {
    const code = await runCommand(pipelineFile, { debug: opts.debug });
    if (code === EXIT.ok) await sampleQuery(path.join(outDir, 'hubspot.duckdb'));
    return code;
  } finally {
    await sim.close();
  }
}

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
  const shown = path.relative(process.cwd(), file);
  process.stdout.write(`\nDeals by pipeline stage, with each stage's top owner (DuckDB, ${shown}):${sql.replace(/\n\s*/g, '\n  ')}\n\n`);
  process.stdout.write(`${table(rows)}\n`);
  process.stdout.write(`\nExplore it yourself:  duckdb ${shown}   (or any DuckDB client)\n`);
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
