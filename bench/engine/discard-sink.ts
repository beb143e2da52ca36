/**
 * A sink that takes every batch and keeps nothing, for benchmarks only: a `pipe run` into it
 * measures the HubSpot source and the engine without a warehouse
 * (`pnpm exec tsx bench/engine/memory.ts --contacts 1000000 --sink discard`). The benchmarks
 * bundle it to JavaScript first (pipe-cli.ts, discardSinkYaml), so that pipe does not register
 * tsx's loader for it.
 */
import { SDK_VERSION, Type, defineSink } from '../../packages/sdk/src/index.ts';

export default defineSink({
  name: 'discard',
  sdkVersion: SDK_VERSION,
  description: 'Takes every batch and keeps nothing (benchmarks only).',
  config: Type.Object({}),
  open() {
    return {
      batchSize: 2_048, // the DuckDB sink's default, so rows in flight match a real run
      async prepare() {
        return [];
      },
      async write() {},
      async close() {},
    };
  },
});
