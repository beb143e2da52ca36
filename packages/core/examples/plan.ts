// Validate a pipeline and print its plan from code, as `pipe plan` does.
//   pnpm exec tsx packages/core/examples/plan.ts pipelines/memory-example.yml
// The registry holds the plugins the pipeline may name; here the memory source and the
// DuckDB sink (the CLI registers every built-in).
import path from 'node:path';
import { createMetrics, createLogger } from '@pipe/sdk';
import duckdb from '../../sink-duckdb/src/index.ts';
import { memorySink, memorySource } from '../../testkit/src/memory/index.ts';
import { Registry, createPlan, formatIssue, loadConfig, openSession, renderPlan } from '../src/index.ts';

const file = process.argv[2] ?? 'pipelines/memory-example.yml';
const registry = new Registry([memorySource, memorySink, duckdb]);
const loaded = await loadConfig(path.resolve(file), { registry });
if (!loaded.ok) {
  // Every problem at once, as file:line:col: path: message.
  for (const issue of loaded.issues) console.error(formatIssue(issue));
  process.exit(2);
}
const session = await openSession(loaded.config, { logger: createLogger({ level: 'warn' }), metrics: createMetrics(), signal: new AbortController().signal });
try {
  const planned = createPlan(loaded.config, await session.discover(), session.states());
  if (!planned.plan) throw new Error(planned.issues.map(formatIssue).join('\n'));
  console.log(renderPlan(planned.plan));
} finally {
  await session.close();
}
