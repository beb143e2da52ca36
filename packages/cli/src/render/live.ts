import type { RunEvent } from '@pipe/core';
import { HTTP_429, LIMITER_WAIT_MS, type Metrics, RETRIES, apiCallsIn } from '@pipe/sdk';
import { createLogUpdate } from 'log-update';

interface StreamView {
  state: 'running' | 'done';
  rows: number;
  started: number;
  line?: string;
}

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

/**
 * The terminal view: one line per stream (rows, rate) and one for the API budget
 * (calls, 429s, retries, limiter waits), redrawn in place by log-update at most 10×/s.
 * Finished streams print once above the live block, so the scrollback stays a log.
 */
export function liveView(opts: { metrics: Metrics; stream?: NodeJS.WriteStream; intervalMs?: number }) {
  const out = opts.stream ?? process.stderr;
  const draw = createLogUpdate(out, { showCursor: false });
  const streams = new Map<string, StreamView>();
  let frame = 0;
  const render = () => {
    frame++;
    const now = performance.now();
    const lines: string[] = [];
    for (const [name, s] of streams) {
      if (s.state !== 'running') continue;
      const secs = (now - s.started) / 1000;
      lines.push(`${SPINNER[frame % SPINNER.length]} ${name.padEnd(20)} ${fmt(s.rows).padStart(10)} rows  ${fmt(secs > 0 ? s.rows / secs : 0).padStart(8)} rows/s  ${secs.toFixed(0)} s`);
    }
    const snapshot = opts.metrics.snapshot();
    const m = snapshot['*'] ?? {};
    const calls = Object.values(snapshot).reduce((a, bucket) => a + apiCallsIn(bucket), 0);
    if (calls) {
      lines.push(`  API: ${fmt(calls)} calls · ${fmt(m[HTTP_429] ?? 0)} × 429 · ${fmt(m[RETRIES] ?? 0)} retries · limiter waited ${((m[LIMITER_WAIT_MS] ?? 0) / 1000).toFixed(1)} s`);
    }
    draw(lines.join('\n'));
  };
  const timer = setInterval(render, opts.intervalMs ?? 100);
  timer.unref();
  return {
    onEvent(e: RunEvent) {
      if (e.type === 'stream_start') streams.set(e.stream, { state: 'running', rows: 0, started: performance.now() });
      else if (e.type === 'batch') {
        const s = streams.get(e.stream);
        if (s) s.rows = e.totalRows;
      } else if (e.type === 'stream_end') {
        const s = streams.get(e.stream);
        if (s) s.state = 'done';
        const sum = e.summary;
        const mark = sum.status === 'succeeded' ? '✓' : sum.status === 'failed' ? '✗' : '■';
        draw.clear();
        out.write(`${mark} ${e.stream.padEnd(20)} ${fmt(sum.rows).padStart(10)} rows  ${sum.status} in ${sum.seconds.toFixed(1)} s${sum.error ? ` — ${sum.error}` : ''}\n`);
        render();
      }
    },
    stop() {
      clearInterval(timer);
      render();
      draw.clear();
      draw.done();
    },
  };
}
