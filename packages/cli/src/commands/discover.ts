import { createMetrics } from '@pipe/sdk';
import { openSession } from '@pipe/core';
import { EXIT } from '../exit.ts';
import { type GlobalOptions, loadPipeline, makeLogger } from '../pipeline.ts';

/** `pipe discover`: the streams the source offers, with typed columns. */
export async function discoverCommand(file: string, opts: GlobalOptions & { stream?: string }): Promise<number> {
  const config = await loadPipeline(file, opts);
  const session = await openSession(config, {
    logger: makeLogger(opts),
    metrics: createMetrics(),
    signal: new AbortController().signal,
    sinks: false,
  });
  try {
    const streams = (await session.discover()).filter((s) => !opts.stream || s.name === opts.stream);
    if (opts.json) {
      process.stdout.write(`${JSON.stringify(streams, null, 2)}\n`);
      return EXIT.ok;
    }
    for (const s of streams) {
      const modes = (s.syncModes ?? ['full']).join('|');
      process.stdout.write(`${s.name}  (key: ${s.primaryKey.join(', ') || '-'}; ${modes}${s.cursor ? `; cursor ${s.cursor}` : ''})\n`);
      if (opts.stream || streams.length === 1) {
        for (const c of s.columns) process.stdout.write(`  ${c.name.padEnd(32)} ${c.type}\n`);
      } else {
        process.stdout.write(`  ${s.columns.length} columns\n`);
      }
    }
    return EXIT.ok;
  } finally {
    await session.close();
  }
}
