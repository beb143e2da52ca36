import type { JsonSchema } from './schema-walk.ts';

/** Pipeline names name DuckDB schemas, state files and Parquet folders: keep them to safe identifiers. */
export const NAME_PATTERN = '^[a-z_][a-z0-9_]*$';

export const CORE_DESCRIPTIONS = {
  version: 'Pipeline file format version. Always `1`.',
  name: 'Pipeline name: lower-case letters, digits and `_`, starting with a letter or `_`. It names the state, DuckDB schemas and output folders, so changing it starts from scratch.',
  description: 'Free text for people; pipe ignores it.',
  source: 'Where rows come from: exactly one key, the source plugin reference (a built-in name, an npm package name, or a relative path such as `./plugins/my-source.ts`), holding its config.',
  sinks: 'Where rows go: one or more sinks (every stream is written to each). Each item has exactly one key, the sink plugin reference, holding its config.',
} as const;

/** The top level of a pipeline file, with `source` and `sinks` item schemas supplied by the caller. */
export function coreSchema(source: JsonSchema, sinkItems: JsonSchema | JsonSchema[]): JsonSchema {
  return {
    type: 'object',
    properties: {
      version: { const: 1, description: CORE_DESCRIPTIONS.version, examples: [1] },
      name: { type: 'string', pattern: NAME_PATTERN, maxLength: 63, description: CORE_DESCRIPTIONS.name, examples: ['hubspot_crm'] },
      description: { type: 'string', description: CORE_DESCRIPTIONS.description },
      source: { ...source, description: CORE_DESCRIPTIONS.source },
      sinks: { type: 'array', minItems: 1, items: sinkItems, description: CORE_DESCRIPTIONS.sinks },
    },
    required: ['version', 'name', 'source', 'sinks'],
    additionalProperties: false,
  };
}
