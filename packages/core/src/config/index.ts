/** The pipeline language: load, validate, and the generated schema and docs. */
export { loadConfig, type LoadOptions } from './load.ts';
export { formatIssue } from './issues.ts';
export { buildPipelineSchema } from './json-schema.ts';
export type { ComponentConfig, ConfigIssue, LoadResult, PipelineConfig } from './types.ts';
