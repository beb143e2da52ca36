/**
 * The memory plugins alone, without the vitest suites: the CLI registers these as
 * built-ins and must not load a test runner to do so.
 */
export { memorySink } from './sink.ts';
export { memorySource } from './source.ts';
