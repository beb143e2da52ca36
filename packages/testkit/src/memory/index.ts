/**
 * `@pipe/testkit/memory`: the memory source and sink alone, without the suites (and so
 * without loading vitest), for registering them as built-in plugins.
 */
export { createMemorySink, memorySink, memorySinkConfig } from './sink.ts';
export { MemorySinkWriter, type MemorySinkOptions } from './sink-writer.ts';
export {
  createFileStorage,
  createMemoryStorage,
  emptyStoreData,
  type MemoryStorage,
  type MemoryStoreData,
  type MemoryTable,
  readMemorySinkFile,
} from './store.ts';
export { memorySource, memorySourceConfig } from './source.ts';
export { type MemoryCursor, type MemoryStreamSpec, DEFAULT_STREAMS, generateRows, schemaOf } from './source-data.ts';
