import { createMetrics } from '@pipe/sdk';
import { createPlan, formatIssue, openSession, renderPlan } from '@pipe/core';
import { CliExit, EXIT } from '../exit.ts';
import { type GlobalOptions, loadPipeline, makeLogger } from '../pipeline.ts';

/** `pipe plan`: what a run would do (streams, modes, resume points); reads no data. */
export async function planCommand(file: string, opts: GlobalOptions & { streams?: string; fullRefresh?: boolean }): Promise<number> {
  const config = await loadPipeline(file, opts);
  const session = await openSession(config, { logger: makeLogger(opts), metrics: createMetrics(), signal: new AbortController().signal });
  try {
    const res = createPlan(config, await session.discover(), session.states(), {
      only: opts.streams?.split(',').map((s) => s.trim()),
      fullRefresh: opts.fullRefresh,
    });
    if (!res.plan) throw new CliExit(EXIT.usage, res.issues.map(formatIssue).join('\n'));
    process.stdout.write(opts.json ? `${JSON.stringify(res.plan, null, 2)}\n` : `${renderPlan(res.plan)}\n`);
    return EXIT.ok;
  } finally {
    await session.close();
  }
}
