/** The pipeline language: load and validate pipeline files; the generated editor schema and docs. */
export { loadConfig, type LoadOptions } from './load.ts';
export { formatIssue } from './issues.ts';
export type { ComponentConfig, ConfigIssue, LoadResult, PipelineConfig } from './types.ts';
export { buildPipelineSchema, editorComponentSchema } from './json-schema.ts';
export { pluginDoc, pluginDocName } from './plugin-docs.ts';
export { pipelineReferenceDoc } from './reference-doc.ts';
export { type GeneratedFile, checkGenerated, generatedFiles, writeGenerated } from './generate.ts';
export { configWarnings, unwritableSinkPaths } from './preflight.ts';
