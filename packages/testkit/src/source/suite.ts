import { describe } from 'vitest';
import { registerSourceCases } from './cases.ts';
import type { SourceFactory, SourceSuiteOptions } from './types.ts';

/**
 * Register the source conformance suite for one source: call it at the top level of a
 * test file. Each case opens its own connection through `factory` and closes it.
 */
export function testSource(name: string, factory: SourceFactory, options: SourceSuiteOptions = {}): void {
  describe(`source conformance: ${name}`, () => {
    registerSourceCases(factory, options);
  });
}
