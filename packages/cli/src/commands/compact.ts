import { type ParquetConfig, compactStream, openStorage, readManifest, resolveConfig } from '@pipe/sink-parquet';
import { CliExit, EXIT } from '../exit.ts';
import { type GlobalOptions, loadPipeline } from '../pipeline.ts';

/**
 * `pipe compact`: rewrite the streams of the pipeline's Parquet datasets to one row per
 * primary key (the latest), switching the manifest in one step.
 */
export async function compactCommand(file: string, opts: GlobalOptions & { stream?: string[] }): Promise<number> {
  const config = await loadPipeline(file, opts);
  const sinks = config.sinks.filter((s) => s.plugin.name === 'parquet');
  if (!sinks.length) throw new CliExit(EXIT.usage, `${file} has no parquet sink; pipe compact rewrites Parquet datasets`);
  const results: Record<string, unknown>[] = [];
  for (const sink of sinks) {
    const settings = sink.config as ParquetConfig;
    const manifest = await readManifest(await openStorage(resolveConfig(settings)));
    const streams = opts.stream ?? Object.keys(manifest.streams);
    for (const stream of streams) {
      const r = await compactStream(settings.dir, stream, settings);
      results.push({ dir: settings.dir, stream, ...r });
      if (!opts.json) {
        process.stdout.write(`${stream}: ${r.rowsBefore} rows in ${r.filesBefore} files → ${r.rowsAfter} rows in ${r.filesAfter} files\n`);
      }
    }
  }
  if (opts.json) process.stdout.write(`${JSON.stringify(results)}\n`);
  return EXIT.ok;
}
