/**
 * @pipe/testkit — conformance suites every plugin runs (testSource, testSink), and the
 * `memory` source and sink for engine tests and demos.
 */
export { createTestContext } from './context.ts';
export { testSink } from './sink/suite.ts';
export type { SinkFactory, SinkSuiteOptions } from './sink/types.ts';
export { canonicalRows, isJsonValue, normalizeRow, normalizeValue, primaryKeyOf, typeMismatch } from './values.ts';
export { createMemorySink, memorySink, memorySinkConfig } from './memory/sink.ts';
export { MemorySinkWriter, type MemorySinkOptions } from './memory/sink-writer.ts';
export {
  createFileStorage,
  createMemoryStorage,
  emptyStoreData,
  type MemoryStorage,
  type MemoryStoreData,
  type MemoryTable,
  readMemorySinkFile,
} from './memory/store.ts';
