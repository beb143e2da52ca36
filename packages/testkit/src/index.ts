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
export { testSource } from './source/suite.ts';
export type { SourceFactory, SourceSuiteOptions } from './source/types.ts';
export { rowProblems, schemaProblems } from './source/schema-checks.ts';
export { memorySource, memorySourceConfig } from './memory/source.ts';
export { type MemoryCursor, type MemoryStreamSpec, DEFAULT_STREAMS, generateRows, schemaOf } from './memory/source-data.ts';
