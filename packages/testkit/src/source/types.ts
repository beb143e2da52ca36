import type { PluginContext, SourceConnection } from '@pipe/sdk';

/** How the source suite opens the source under test. */
export interface SourceFactory {
  /** Open a connection (start a simulator, point it at fixtures…); `teardown` runs after each case. */
  open(ctx: PluginContext): Promise<{ connection: SourceConnection; teardown?: () => Promise<void> }>;
  /** Streams to read and their options; default: every discovered stream with options {}. */
  streams?: { name: string; options?: Record<string, unknown> }[];
}

export interface SourceSuiteOptions {
  /** How many checkpoints per stream to resume from (first, last and evenly between); default 3. */
  resumePoints?: number;
  /**
   * Resuming from the last checkpoint must read fewer rows than a full read (catches a
   * source that ignores `state`); default true. Set false when the source re-reads a
   * lookback window that can cover all of the test data.
   */
  resumeSkipsRows?: boolean;
  /** How long a read may go on after its signal aborts; default 5000 ms. */
  abortWithinMs?: number;
  /** Batches a read may still yield after the abort (one in flight); default 1. */
  batchesAfterAbort?: number;
}
