import { createMetrics, type PluginContext, silentLogger } from '@pipe/sdk';

/**
 * A PluginContext for tests: silent logger, fresh metrics, and a signal that never
 * aborts unless you pass one. `baseDir` defaults to the process's working directory.
 */
export function createTestContext(overrides: Partial<PluginContext> = {}): PluginContext {
  return {
    logger: silentLogger,
    signal: new AbortController().signal,
    baseDir: process.cwd(),
    pipeline: 'testkit',
    metrics: createMetrics(),
    ...overrides,
  };
}
