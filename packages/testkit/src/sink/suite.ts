import { afterEach, beforeEach, describe } from 'vitest';
import { registerCrashCases } from './cases-crash.ts';
import { registerLifecycleCases } from './cases-lifecycle.ts';
import { registerAppendCases, registerMergeCases, registerReplaceCases } from './cases-modes.ts';
import { registerStateCases } from './cases-state.ts';
import { registerSchemaEvolutionCases, registerValueCases } from './cases-values.ts';
import { SinkHarness } from './harness.ts';
import { resolveSupports, type SinkFactory, type SinkSuiteOptions } from './types.ts';

/**
 * Register the SinkWriter conformance suite for one sink: call it at the top level of a
 * test file. Each case gets a fresh temporary folder as `location`, removed afterwards.
 */
export function testSink(name: string, factory: SinkFactory, options: SinkSuiteOptions = {}): void {
  const supports = resolveSupports(options);
  describe(`sink conformance: ${name}`, () => {
    let harness: SinkHarness | undefined;
    const h = () => {
      if (!harness) throw new Error('testkit: the sink harness is used outside a test');
      return harness;
    };
    beforeEach(() => {
      harness = new SinkHarness(factory, supports);
    });
    afterEach(() => {
      harness?.cleanup();
      harness = undefined;
    });

    registerLifecycleCases(h);
    if (supports.readState && (supports.merge || supports.append)) registerStateCases(h);
    if (supports.merge) registerMergeCases(h);
    if (supports.append) registerAppendCases(h);
    if (supports.replace) registerReplaceCases(h, supports.readState);
    registerValueCases(h);
    if (supports.schemaEvolution) registerSchemaEvolutionCases(h);
    if (factory.crashModule) registerCrashCases(h, factory.crashModule, factory.crashExport ?? 'factory');
  });
}
