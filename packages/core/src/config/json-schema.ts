import type { Plugin } from '@pipe/sdk';
import type { Registry } from '../registry.ts';
import { coreSchema } from './core-schema.ts';
import { streamOptionsSchema, streamsDescription, toJsonSchema, withStreams } from './plugin-schema.ts';
import type { JsonSchema } from './schema-walk.ts';

/** Keys that are module references (npm package or file) rather than built-in names; mirrors Registry's isModuleRef. */
const MODULE_REF_PATTERN = '^(\\.|/|@)|/|\\.m?[jt]s$';

/**
 * The JSON Schema of pipeline files for editors (yaml-language-server): the core keys, and
 * `source` / `sinks` items as one branch per registered plugin, with its descriptions,
 * defaults and examples. Deterministic: plugins sorted by name.
 */
export function buildPipelineSchema(registry: Registry): JsonSchema {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'pipe pipeline file',
    description: 'A pipe pipeline: one source, one or more sinks. Generated from the registered plugins by `pnpm schema`; do not edit.',
    ...coreSchema(componentChoice(plugins(registry, 'source'), 'source'), componentChoice(plugins(registry, 'sink'), 'sink')),
  };
}

function plugins(registry: Registry, kind: Plugin['kind']): Plugin[] {
  const byName = new Map<string, Plugin>();
  for (const p of registry.list(kind)) if (!byName.has(p.name)) byName.set(p.name, p);
  return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
}

function componentChoice(list: Plugin[], kind: Plugin['kind']): JsonSchema {
  const branches: JsonSchema[] = list.map((p) => ({
    type: 'object',
    title: p.name,
    description: p.description,
    properties: { [p.name]: editorComponentSchema(p) },
    required: [p.name],
    additionalProperties: false,
  }));
  branches.push({
    type: 'object',
    title: `${kind} plugin from a package or file`,
    description: `An npm package name (\`@acme/pipe-${kind}-x\`) or a relative path (\`./plugins/my-${kind}.ts\`); its config is checked when the pipeline loads.`,
    patternProperties: { [MODULE_REF_PATTERN]: { type: ['object', 'null'] } },
    minProperties: 1,
    maxProperties: 1,
    additionalProperties: false,
  });
  return { type: 'object', oneOf: branches };
}

/** One plugin's config for editors: `streams` accepts a list of names or a map of options. */
export function editorComponentSchema(plugin: Plugin): JsonSchema {
  const options = optionalDefaults(streamOptionsSchema(plugin)) as JsonSchema;
  const streams: JsonSchema = {
    description: streamsDescription(plugin.kind),
    anyOf: [
      { type: 'array', items: { type: 'string', minLength: 1 }, uniqueItems: true },
      { type: 'object', additionalProperties: { anyOf: [options, { type: 'null' }] } },
    ],
  };
  // `- duckdb:` with nothing after it is allowed: the loader reads it as an empty config.
  return { ...withStreams(optionalDefaults(toJsonSchema(plugin.config)) as JsonSchema, streams), type: ['object', 'null'], description: plugin.description };
}

/** The loader fills in defaults before checking `required`; tell editors the same, so `- duckdb:` is not flagged. */
function optionalDefaults(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(optionalDefaults);
  if (typeof node !== 'object' || node === null) return node;
  const out: JsonSchema = {};
  for (const [k, v] of Object.entries(node)) out[k] = optionalDefaults(v);
  const props = out.properties as Record<string, JsonSchema> | undefined;
  if (Array.isArray(out.required) && props) {
    const required = out.required.filter((k) => !(typeof props[k] === 'object' && props[k] !== null && 'default' in props[k]));
    if (required.length) out.required = required;
    else delete out.required;
  }
  return out;
}
