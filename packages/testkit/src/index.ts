/**
 * @pipe/testkit — conformance suites every plugin runs (testSource, testSink), and the
 * `memory` source and sink for engine tests and demos.
 */
export { createTestContext } from './context.ts';
export { testSink } from './sink/suite.ts';
export type { SinkFactory, SinkSuiteOptions } from './sink/types.ts';
export { canonicalRows, isJsonValue, normalizeRow, normalizeValue, primaryKeyOf, typeMismatch } from './values.ts';
export { testSource } from './source/suite.ts';
export type { SourceFactory, SourceSuiteOptions } from './source/types.ts';
export { rowProblems, schemaProblems } from './source/schema-checks.ts';
export * from './memory/index.ts';
