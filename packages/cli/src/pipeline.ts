import path from 'node:path';
import { type ConfigIssue, type PipelineConfig, Registry, configWarnings, formatIssue, loadConfig } from '@pipe/core';
import { type Logger, createLogger } from '@pipe/sdk';
import { builtinPlugins } from './builtins.ts';
import { CliExit, EXIT } from './exit.ts';

/** Options every command shares. */
export interface GlobalOptions {
  envFile?: string;
  debug?: boolean;
  quiet?: boolean;
  json?: boolean;
}

export function makeRegistry(): Registry {
  return new Registry(builtinPlugins);
}

export function makeLogger(opts: GlobalOptions): Logger {
  return createLogger({ level: opts.debug ? 'debug' : opts.quiet ? 'warn' : 'info', json: opts.json });
}

/** Load and validate a pipeline, or end the command with every problem listed (exit 2). */
export async function loadPipeline(file: string, opts: GlobalOptions, registry = makeRegistry()): Promise<PipelineConfig> {
  const res = await loadConfig(path.resolve(file), {
    registry,
    envFile: opts.envFile ? path.resolve(opts.envFile) : undefined,
  });
  const relative = (i: ConfigIssue) => formatIssue({ ...i, file: path.relative(process.cwd(), i.file) || i.file });
  if (!res.ok) {
    const lines = res.issues.map(relative);
    const n = res.issues.length;
    throw new CliExit(EXIT.usage, `${lines.join('\n')}\n${n} problem${n === 1 ? '' : 's'} in ${file}`);
  }
  // Valid but doubtful config (a plugin's `warnings`): said on every command, never fatal.
  for (const w of configWarnings(res.config)) process.stderr.write(`warning: ${relative(w)}\n`);
  return res.config;
}
