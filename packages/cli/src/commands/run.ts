import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import {
  type PipelineConfig,
  type RunEvent,
  type RunSummary,
  type Session,
  acquireRunLock,
  rejectedRecords,
  createPlan,
  formatIssue,
  openSession,
  renderPlan,
  renderSummary,
  runPlan,
  unwritableSinkPaths,
} from '@pipe/core';
import { AbortedError, type Metrics, createMetrics, isPipeError, unwritablePathReason } from '@pipe/sdk';
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
  if (!opts.dryRun) refuseUnwritableOutputs(config, stateDirOf(config.baseDir));
  const controller = new AbortController();
  const interrupt = opts.signal ? { detach: forward(opts.signal, controller), code: () => EXIT.interrupted } : onInterrupt(controller, logger);
  let release: () => void = () => {};
  let session: Session | undefined;
  try {
    if (!opts.dryRun) release = acquireRunLock(stateDirOf(config.baseDir), config.name);
    session = await openSession(config, { logger, metrics, signal: controller.signal, sinks: !opts.dryRun, discoverWhileOpening: true });
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
      return summary.stoppedBy ? EXIT.failed : interrupt.code();
    }
    return EXIT.ok;
  } catch (e) {
    // Stopped by a signal while opening or discovering: the signal's exit code, not a failure.
    if (controller.signal.aborted && isPipeError(e) && e.code === 'ABORTED') return interrupt.code();
    throw e;
  } finally {
    await session?.close();
    release();
    interrupt.detach();
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

/** How long a run may take to stop after the first signal before it is ended anyway. */
export const STOP_GRACE_MS = 5_000;

/**
 * First Ctrl-C or SIGTERM: finish the batch in flight, commit, exit 130 (143 for SIGTERM).
 * A second signal, or a run still going after STOP_GRACE_MS (a source or sink that does not
 * answer), leaves at once: `process.exit` removes the locks (see acquirePidLock) and what is
 * not committed is read again by the next run.
 */
function onInterrupt(controller: AbortController, logger: { warn(m: string): void }) {
  let received: NodeJS.Signals | undefined;
  const code = () => (received === 'SIGTERM' ? EXIT.terminated : EXIT.interrupted);
  const handler = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(signal === 'SIGTERM' ? EXIT.terminated : EXIT.interrupted);
    received = signal;
    logger.warn(`${signal === 'SIGTERM' ? 'terminated' : 'interrupted'}: committing what is durable (press Ctrl-C again to quit at once)`);
    controller.abort(new AbortedError());
    setTimeout(() => {
      logger.warn(`still running ${STOP_GRACE_MS / 1000} s after ${signal}: quitting now; the next run resumes from the last commit`);
      process.exit(code());
    }, STOP_GRACE_MS).unref();
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    code,
    detach: () => {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}

/**
 * Exit 2 before any work when an output path of a sink, or pipe's own state folder, cannot be
 * written (a parent that is a file, /proc, a read-only file system): the path named at its
 * place in the pipeline file, with what to do.
 */
function refuseUnwritableOutputs(config: PipelineConfig, stateDir: string): void {
  const lines = unwritableSinkPaths(config).map((i) => formatIssue({ ...i, file: path.relative(process.cwd(), i.file) || i.file }));
  const stateProblem = unwritablePathReason(stateDir);
  if (stateProblem) lines.push(`cannot write pipe's state folder ${stateDir} (beside the pipeline file): ${stateProblem}; run pipe where the pipeline's folder is writable`);
  if (lines.length) throw new CliExit(EXIT.usage, lines.join('\n'));
}

function forward(signal: AbortSignal, controller: AbortController) {
  const h = () => controller.abort(signal.reason);
  signal.addEventListener('abort', h, { once: true });
  return () => signal.removeEventListener('abort', h);
}
