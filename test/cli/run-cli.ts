import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = path.join(ROOT, 'packages/cli/bin/pipe.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run `pipe` as a user would: a separate process, its own environment. */
export function startCli(args: string[], env: Record<string, string> = {}, cwd = ROOT): { child: ChildProcess; done: Promise<CliResult> } {
  const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, CI: 'true', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  const done = new Promise<CliResult>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  return { child, done };
}

export function cli(args: string[], env: Record<string, string> = {}, cwd = ROOT): Promise<CliResult> {
  return startCli(args, env, cwd).done;
}
