import { pluginContext } from '@pipe/core';
import { type CompactResult, createMetrics } from '@pipe/sdk';
import { CliExit, EXIT } from '../exit.ts';
import { type GlobalOptions, loadPipeline, makeLogger } from '../pipeline.ts';

/**
 * `pipe compact`: ask every sink of the pipeline that can compact (the SDK's optional
 * `SinkPlugin.compact`) to rewrite its streams to one row per primary key, the latest.
 * Each sink takes its own lock and switches its data in one step.
 */
export async function compactCommand(file: string, opts: GlobalOptions & { stream?: string[] }): Promise<number> {
  const config = await loadPipeline(file, opts);
  const sinks = config.sinks.flatMap((s) => (s.plugin.kind === 'sink' && s.plugin.compact ? [{ ref: s.ref, config: s.config, compact: s.plugin.compact }] : []));
  if (!sinks.length) {
    const names = config.sinks.map((s) => s.ref).join(', ');
    throw new CliExit(
      EXIT.usage,
      `error: no sink of ${file} can compact (it has ${names}); nothing was changed\n  → Compaction is a sink capability: among the built-in sinks, parquet has it. Run pipe compact on a pipeline with a parquet sink.`,
    );
  }
  const logger = makeLogger(opts);
  const ctxOpts = { logger, metrics: createMetrics(), signal: new AbortController().signal };
  const results: (CompactResult & { sink: string })[] = [];
  for (const sink of sinks) {
    const done = await sink.compact(sink.config as never, opts.stream, pluginContext(config, sink.ref, ctxOpts));
    for (const r of done) {
      results.push({ sink: sink.ref, ...r });
      if (!opts.json) process.stdout.write(`${sink.ref} ${r.stream}: ${describe(r)}\n`);
    }
  }
  if (opts.json) process.stdout.write(`${JSON.stringify(results)}\n`);
  return EXIT.ok;
}

function describe(r: CompactResult): string {
  const files = (n: number | undefined) => (n === undefined ? '' : ` in ${n} file${n === 1 ? '' : 's'}`);
  return `${r.rowsBefore} rows${files(r.filesBefore)} → ${r.rowsAfter} rows${files(r.filesAfter)}`;
}
