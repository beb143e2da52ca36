import { createMetrics } from '@pipe/sdk';
import { openSession } from '@pipe/core';
import { EXIT } from '../exit.ts';
import { type GlobalOptions, loadPipeline, makeLogger } from '../pipeline.ts';

/** `pipe state show|reset`: what each sink has committed, and forgetting it. */
export async function stateCommand(action: 'show' | 'reset', file: string, opts: GlobalOptions & { stream?: string[] }): Promise<number> {
  const config = await loadPipeline(file, opts);
  const session = await openSession(config, { logger: makeLogger(opts), metrics: createMetrics(), signal: new AbortController().signal });
  try {
    if (action === 'show') {
      const all = session.sinks.map((s) => ({ sink: s.key, state: s.initialState ?? null }));
      if (opts.json) process.stdout.write(`${JSON.stringify(all, null, 2)}\n`);
      else {
        for (const { sink, state } of all) {
          process.stdout.write(`${sink}: ${state ? '' : 'no committed state'}\n`);
          for (const [name, e] of Object.entries(state?.streams ?? {}).filter(([n]) => !opts.stream || opts.stream.includes(n))) {
            process.stdout.write(`  ${name.padEnd(24)} #${e.seq} at ${e.updatedAt}  ${JSON.stringify(e.checkpoint)}\n`);
          }
        }
      }
      return EXIT.ok;
    }
    for (const s of session.sinks) {
      if (s.writer.resetState) await s.writer.resetState(opts.stream);
      s.store?.remove(s.key, opts.stream);
    }
    process.stdout.write(`state reset for ${opts.stream?.join(', ') ?? 'every stream'} in ${session.sinks.length} sink(s); the next run starts from scratch\n`);
    return EXIT.ok;
  } finally {
    await session.close();
  }
}
