import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import { type RunEvent, type RunSummary, acquireRunLock, rejectedRecords, createPlan, formatIssue, openSession, renderPlan, renderSummary, runPlan } from '@pipe/core';
import { AbortedError, type Metrics, createMetrics } from '@pipe/sdk';
import { CliExit, EXIT } from '../exit.ts';
import { type GlobalOptions, loadPipeline, makeLogger } from '../pipeline.ts';
import { liveView } from '../render/live.ts';
import { summaryMarkdown } from '../render/markdown.ts';
import { progressPrinter } from '../render/progress.ts';

export interface RunCommandOptions extends GlobalOptions {
  streams?: string;
  fullRefresh?: boolean;
  checkDeletes?: boolean;
  dryRun?: boolean;
  failFast?: boolean;
  summaryJson?: string;
  concurrency?: number;
  maxCalls?: number;
  /** Set by `pipe watch` so a run does not install its own Ctrl-C handler. */
  signal?: AbortSignal;
}

/** `pipe run`: config → plan → run, then the summary. Returns the exit code. */
export async function runCommand(file: string, opts: RunCommandOptions): Promise<number> {
  const config = await loadPipeline(file, opts);
  const logger = makeLogger(opts);
  const metrics = createMetrics();
  const controller = new AbortController();
  const detach = opts.signal ? forward(opts.signal, controller) : onInterrupt(controller, logger);
  const release = opts.dryRun ? () => undefined : acquireRunLock(stateDirOf(config.baseDir), config.name);
  const session = await openSession(config, { logger, metrics, signal: controller.signal, sinks: !opts.dryRun });
  try {
    const catalog = await session.discover();
    const res = createPlan(config, catalog, opts.dryRun ? [undefined] : session.states(), {
      only: opts.streams?.split(',').map((s) => s.trim()).filter(Boolean),
      fullRefresh: opts.fullRefresh,
      checkDeletes: opts.checkDeletes,
    });
    if (!res.plan) throw new CliExit(EXIT.usage, res.issues.map(formatIssue).join('\n'));
    if (!opts.quiet && !opts.json) process.stderr.write(`${renderPlan(res.plan)}\n\n`);
    const view = pickView(opts, metrics);
    const summary: RunSummary = await runPlan(res.plan, {
      runId: newRunId(),
      source: session.source,
      sinks: opts.dryRun ? [] : session.sinks,
      signal: controller.signal,
      logger,
      metrics,
      failFast: opts.failFast,
      concurrency: opts.concurrency,
      maxCalls: opts.maxCalls,
      onEvent: view.onEvent,
    }).finally(() => view.stop());
    if (opts.summaryJson) fs.writeFileSync(opts.summaryJson, `${JSON.stringify(summary, null, 2)}\n`);
    if (process.env.GITHUB_STEP_SUMMARY && !opts.dryRun) fs.appendFileSync(process.env.GITHUB_STEP_SUMMARY, summaryMarkdown(summary));
    process.stdout.write(opts.json ? `${JSON.stringify({ type: 'summary', ...summary })}\n` : `\n${renderSummary(summary)}\n`);
    if (opts.dryRun && !opts.json) process.stdout.write('dry run: nothing was written and no state was committed\n');
    if (summary.status === 'failed') return EXIT.failed;
    const rejected = rejectedRecords(summary);
    if (rejected > 0) {
      process.stderr.write(`${rejected} record(s) were rejected by a destination; see its rejects output\n`);
      return EXIT.failed;
    }
    if (summary.status === 'interrupted') {
      // --max-calls is a budget the user set: a clean stop, resumed by the next run.
      if (summary.stoppedBy?.reason.startsWith('--max-calls')) return EXIT.ok;
      return summary.stoppedBy ? EXIT.failed : EXIT.interrupted;
    }
    return EXIT.ok;
  } finally {
    await session.close();
    release();
    detach();
  }
}

/**
 * How progress is shown: JSON lines (--json), nothing (--quiet), a live view at a
 * terminal, or plain periodic lines when not a TTY or when CI is set.
 */
function pickView(opts: RunCommandOptions, metrics: Metrics): { onEvent?: (e: RunEvent) => void; stop(): void } {
  if (opts.json) return { onEvent: (e) => process.stdout.write(`${JSON.stringify(e)}\n`), stop() {} };
  if (opts.quiet) return { stop() {} };
  if (process.stderr.isTTY && !process.env.CI) return liveView({ metrics });
  return { onEvent: progressPrinter(), stop() {} };
}

export function stateDirOf(baseDir: string): string {
  return `${baseDir}/.pipe`;
}

/** Run ids sort by time and stay unique: 20261129T064512Z-3f2a. */
function newRunId(): string {
  const t = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${t}-${randomUUID().slice(0, 4)}`;
}

/** First Ctrl-C: finish the batch in flight, commit, exit 130. Second: leave at once. */
function onInterrupt(controller: AbortController, logger: { warn(m: string): void }) {
  const handler = () => {
    if (controller.signal.aborted) process.exit(EXIT.interrupted);
    logger.warn('interrupted: committing what is durable (press Ctrl-C again to quit at once)');
    controller.abort(new AbortedError());
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}

function forward(signal: AbortSignal, controller: AbortController) {
  const h = () => controller.abort(signal.reason);
  signal.addEventListener('abort', h, { once: true });
  return () => signal.removeEventListener('abort', h);
}
