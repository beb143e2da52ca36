import { createMetrics } from '@pipe/sdk';
import { createPlan, formatIssue, openSession, renderEstimate, renderPlan } from '@pipe/core';
import { CliExit, EXIT } from '../exit.ts';
import { type GlobalOptions, loadPipeline, makeLogger } from '../pipeline.ts';

/** `pipe plan`: what a run would do (streams, modes, resume points); reads no data. */
export async function planCommand(file: string, opts: GlobalOptions & { streams?: string; fullRefresh?: boolean; checkDeletes?: boolean }): Promise<number> {
  const config = await loadPipeline(file, opts);
  const session = await openSession(config, { logger: makeLogger(opts), metrics: createMetrics(), signal: new AbortController().signal });
  try {
    const res = createPlan(config, await session.discover(), session.states(), {
      only: opts.streams?.split(',').map((s) => s.trim()),
      fullRefresh: opts.fullRefresh,
      checkDeletes: opts.checkDeletes,
    });
    if (!res.plan) throw new CliExit(EXIT.usage, res.issues.map(formatIssue).join('\n'));
    const estimate = await session.source.estimate?.(res.plan.streams.map((s) => ({ schema: s.schema, options: s.options, mode: s.mode, state: s.state, ...(res.plan.checkDeletes ? { checkDeletes: true } : {}) })));
    if (opts.json) process.stdout.write(`${JSON.stringify({ ...res.plan, estimate }, null, 2)}\n`);
    else process.stdout.write(`${renderPlan(res.plan)}\n${estimate ? `\n${renderEstimate(estimate)}\n` : ''}`);
    return EXIT.ok;
  } finally {
    await session.close();
  }
}
