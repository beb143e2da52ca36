import type { RunEvent } from '@pipe/core';

/**
 * Progress as plain lines on stderr: a line when a stream starts and ends, and at most one
 * line every `everyMs` per running stream. Readable in CI logs as well as at a terminal.
 */
export function progressPrinter(opts: { quiet?: boolean; everyMs?: number; write?: (s: string) => void } = {}) {
  const write = opts.write ?? ((s: string) => process.stderr.write(`${s}\n`));
  const every = opts.everyMs ?? 2000;
  const last = new Map<string, { at: number; started: number }>();
  const fmt = (n: number) => n.toLocaleString('en-US');
  return (e: RunEvent) => {
    if (opts.quiet) return;
    const now = performance.now();
    if (e.type === 'stream_start') {
      last.set(e.stream, { at: now, started: now });
      write(`${e.stream}: started${e.resumed ? ' (resuming from checkpoint)' : ''}`);
    } else if (e.type === 'batch') {
      const l = last.get(e.stream);
      if (l && now - l.at >= every) {
        l.at = now;
        const rate = e.totalRows / ((now - l.started) / 1000);
        write(`${e.stream}: ${fmt(e.totalRows)} rows, ${fmt(Math.round(rate))} rows/s`);
      }
    } else if (e.type === 'stream_end') {
      const s = e.summary;
      write(`${e.stream}: ${s.status}, ${fmt(s.rows)} rows in ${s.seconds.toFixed(1)} s${s.error ? ` — ${s.error}` : ''}`);
    } else if (e.type === 'schema_change') {
      const c = e.change;
      write(`${e.sink}: ${c.kind} ${c.stream}${c.column ? `.${c.column}` : ''}${c.to ? ` ${c.to}` : ''}`);
    }
  };
}
