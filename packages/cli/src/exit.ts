import { type PipeError, globalRedactor, isPipeError } from '@pipe/sdk';

/** Exit codes: 0 ok, 1 run failed, 2 usage or config error, 130 interrupted (SIGINT, Ctrl-C), 143 terminated (SIGTERM). */
export const EXIT = { ok: 0, failed: 1, usage: 2, interrupted: 130, terminated: 143 } as const;

/** Thrown by commands to end with a message and an exit code (no stack trace). */
export class CliExit extends Error {
  constructor(
    readonly code: number,
    message = '',
  ) {
    super(message);
  }
}

const USAGE_CODES = new Set<PipeError['code']>(['CONFIG', 'PLUGIN']);

/** Print an error the way a person can act on it; stack only with --debug or for bugs. */
export function reportError(e: unknown, debug: boolean): number {
  const out = (s: string) => process.stderr.write(`${globalRedactor.redact(s)}\n`);
  if (e instanceof CliExit) {
    if (e.message) out(e.message);
    return e.code;
  }
  if (isPipeError(e)) {
    out(`error: ${e.message}`);
    if (e.hint) out(`  → ${e.hint}`);
    if (debug && e.stack) out(e.stack);
    if (e.code === 'ABORTED') return EXIT.interrupted;
    return USAGE_CODES.has(e.code) ? EXIT.usage : EXIT.failed;
  }
  const err = e instanceof Error ? e : new Error(String(e));
  out(`internal error: ${err.message}`);
  if (debug) out(err.stack ?? '');
  else out('  → this is a bug in pipe; rerun with --debug and report the output (secrets are redacted)');
  return EXIT.failed;
}
