import { defineSink, pathField, SDK_VERSION, type SinkPlugin, type TSchema, Type } from '@pipe/sdk';
import { MemorySinkWriter } from './sink-writer.ts';
import { createFileStorage, createMemoryStorage, type MemoryStorage } from './store.ts';

export const memorySinkConfig = Type.Object(
  {
    path: Type.Optional(
      pathField({
        description:
          'JSON file that keeps rows, state and runs between writers and processes (written atomically on every commit). Without it, each writer starts empty.',
        examples: ['out/memory.json'],
      }),
    ),
    batch_size: Type.Optional(Type.Integer({ minimum: 1, default: 100, description: 'Rows per write the engine should send.' })),
    fail_on_batch: Type.Optional(
      Type.Integer({
        minimum: 1,
        description: "Fail this writer's Nth write (1-based) before it changes anything: for testing the engine's failure handling.",
      }),
    ),
  },
  { additionalProperties: false },
);

const description =
  'Keeps rows in memory, keyed by primary key for merge, with state committed alongside (readState). For tests and demos.';

/**
 * A memory sink bound to `storage` when given (engine tests share one `createMemoryStorage()`
 * across runs and inspect it afterwards); otherwise `path` or a fresh store per writer.
 */
export function createMemorySink(storage?: MemoryStorage): SinkPlugin<typeof memorySinkConfig, TSchema> {
  return defineSink({
    name: 'memory',
    description,
    sdkVersion: SDK_VERSION,
    config: memorySinkConfig,
    open(config) {
      const store = storage ?? (config.path ? createFileStorage(config.path) : createMemoryStorage());
      return new MemorySinkWriter(store, { batchSize: config.batch_size ?? 100, failOnBatch: config.fail_on_batch });
    },
  });
}

/** The `memory` sink plugin: `sinks: [{ memory: { path: out/memory.json } }]`. */
export const memorySink = createMemorySink();
