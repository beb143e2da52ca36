import path from 'node:path';
import chokidar from 'chokidar';
import { reportError } from '../exit.ts';
import type { GlobalOptions } from '../pipeline.ts';
import { type RunCommandOptions, runCommand } from './run.ts';
import { validateCommand } from './validate.ts';

/**
 * `pipe watch`: re-validate and re-run on change. Debounced; never two runs at once (a
 * change during a run queues one more run); errors are shown, never fatal.
 */
export async function watchCommand(target: string, opts: RunCommandOptions & GlobalOptions & { debounceMs?: number }): Promise<number> {
  const isDir = !/\.ya?ml$/.test(target);
  const files = () => (isDir ? [] : [target]);
  const watcher = chokidar.watch(target, {
    ignoreInitial: true,
    ignored: (p) => /(^|\/)(\.pipe|node_modules|\.git)(\/|$)/.test(p) || /\.duckdb(\.wal)?$/.test(p),
  });
  let running = false;
  let again = false;
  let timer: NodeJS.Timeout | undefined;
  let changed = new Set<string>(files());
  const controller = new AbortController();

  const cycle = async () => {
    if (running) return void (again = true);
    running = true;
    const targets = [...changed].filter((f) => /\.ya?ml$/.test(f));
    changed = new Set(files());
    if (process.stdout.isTTY) process.stdout.write('\x1bc');
    process.stdout.write(`[${new Date().toLocaleTimeString()}] ${targets.join(', ') || target}\n`);
    for (const file of targets) {
      try {
        await validateCommand([file], { ...opts, quiet: true });
        await runCommand(file, { ...opts, signal: controller.signal });
      } catch (e) {
        reportError(e, Boolean(opts.debug));
      }
    }
    process.stdout.write(`\nwatching ${target} (Ctrl-C to stop)\n`);
    running = false;
    if (again) {
      again = false;
      schedule();
    }
  };
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(cycle, opts.debounceMs ?? 300);
  };
  watcher.on('all', (_event, file) => {
    if (isDir) changed.add(path.resolve(file));
    schedule();
  });
  if (!isDir) await cycle();
  else process.stdout.write(`watching ${target} for pipeline changes (Ctrl-C to stop)\n`);

  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => {
      controller.abort();
      resolve();
    });
  });
  await watcher.close();
  return 130;
}
