import { PATH_KEYWORD, type Plugin, SECRET_KEYWORD, isSecret } from '@pipe/sdk';
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
  const config = forEditors(optionalDefaults(toJsonSchema(plugin.config))) as JsonSchema;
  // `- duckdb:` with nothing after it is allowed: the loader reads it as an empty config.
  return { ...withStreams(config, streams), type: ['object', 'null'], description: plugin.description };
}

const ENV_REFERENCE = '^\\$\\{[A-Za-z_][A-Za-z0-9_]*(:-[^}]*)?\\}$';
const SECRET_REFERENCE = '^\\s*\\$\\{[A-Za-z_][A-Za-z0-9_]*\\}\\s*$';
const ANNOTATIONS = ['title', 'description', 'default', 'examples', SECRET_KEYWORD, PATH_KEYWORD];

/**
 * Match what the loader accepts: number and boolean fields may hold `${NAME}` (converted on
 * load), and secret fields must be a lone `${NAME}`, so editors flag a pasted token at once.
 */
function forEditors(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(forEditors);
  if (typeof node !== 'object' || node === null) return node;
  const out: JsonSchema = {};
  for (const [k, v] of Object.entries(node)) out[k] = forEditors(v);
  if (isSecret(out)) return { ...out, pattern: SECRET_REFERENCE };
  if (['integer', 'number', 'boolean'].includes(out.type as string) && !('enum' in out)) {
    const outer: JsonSchema = {};
    const inner: JsonSchema = {};
    for (const [k, v] of Object.entries(out)) (ANNOTATIONS.includes(k) ? outer : inner)[k] = v;
    return { ...outer, anyOf: [inner, { type: 'string', pattern: ENV_REFERENCE }] };
  }
  return out;
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
