// Compares every selected stream in a scenario folder's outputs with the simulator's truth.
import path from 'node:path';
import type { Simulator } from '@pipe/hubspot-sim';
import { type Difference, compareTable, describeDifference, isExact } from './compare.ts';
import { expectedTables } from './expected.ts';
import { duckdbRows, parquetLatestRows } from './outputs.ts';

export interface Outputs {
  /** DuckDB schema (the pipeline name) when the scenario writes `warehouse.duckdb`. */
  duckdbSchema?: string;
  /** True when the scenario writes the `dataset` Parquet folder. */
  parquet?: boolean;
}

export interface Verdict {
  exact: boolean;
  rows: number;
  report: string;
  differences: Record<string, Difference>;
}

export async function verifyOutputs(sim: Simulator, dir: string, outputs: Outputs, streams: string[]): Promise<Verdict> {
  const differences: Record<string, Difference> = {};
  for (const stream of streams) {
    const truth = await expectedTables(sim, stream);
    if (outputs.duckdbSchema) differences[`duckdb ${stream}`] = compareTable(await duckdbRows(path.join(dir, 'warehouse.duckdb'), outputs.duckdbSchema, stream), truth);
    if (outputs.parquet) differences[`parquet ${stream}_latest`] = compareTable(await parquetLatestRows(path.join(dir, 'dataset'), stream), { live: truth.live });
  }
  const entries = Object.entries(differences);
  return {
    exact: entries.every(([, d]) => isExact(d)),
    rows: entries.reduce((n, [, d]) => n + d.rows, 0),
    report: entries.map(([name, d]) => `${name}: ${describeDifference(d)}`).join('\n'),
    differences,
  };
}
