import { CliExit, EXIT } from '../exit.ts';
import { type GlobalOptions, loadPipeline, makeRegistry } from '../pipeline.ts';

/** `pipe validate`: every problem in every file, at once; exit 2 if any. */
export async function validateCommand(files: string[], opts: GlobalOptions): Promise<number> {
  const registry = makeRegistry();
  const problems: string[] = [];
  for (const file of files) {
    try {
      await loadPipeline(file, opts, registry);
      if (!opts.quiet) process.stdout.write(`ok  ${file}\n`);
    } catch (e) {
      if (!(e instanceof CliExit)) throw e;
      problems.push(e.message);
    }
  }
  if (problems.length) throw new CliExit(EXIT.usage, problems.join('\n'));
  return EXIT.ok;
}
