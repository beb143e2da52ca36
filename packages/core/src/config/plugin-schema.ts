import type { Plugin } from '@pipe/sdk';
import type { JsonSchema } from './schema-walk.ts';

/**
 * A plugin's TypeBox config as plain JSON Schema: symbols dropped (JSON round trip) and
 * unions of literals turned into `enum` — one clear error ("must be one of …") instead of
 * one per branch, and better editor completion. Throws for a schema that is not JSON.
 */
export function toJsonSchema(schema: unknown): JsonSchema {
  const plain = JSON.parse(JSON.stringify(schema ?? {})) as unknown;
  return normalize(plain) as JsonSchema;
}

function normalize(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(normalize);
  if (typeof node !== 'object' || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) out[k] = normalize(v);
  const branches = out.anyOf;
  if (Array.isArray(branches) && branches.length > 0 && branches.every((b) => typeof b === 'object' && b !== null && 'const' in b)) {
    const values = branches.map((b) => (b as { const: unknown }).const);
    const types = [...new Set(values.map((v) => (v === null ? 'null' : typeof v)))];
    delete out.anyOf;
    out.enum = values;
    if (types.length === 1 && ['string', 'number', 'boolean'].includes(types[0]!)) out.type = types[0];
  }
  return out;
}

/** Options a stream may set for this plugin; none when the plugin declares none. */
export function streamOptionsSchema(plugin: Plugin): JsonSchema {
  return plugin.streamOptions ? toJsonSchema(plugin.streamOptions) : { type: 'object', additionalProperties: false };
}

/** The plugin's config schema with the pipeline's own `streams` key added (it shadows any plugin key of that name). */
export function withStreams(config: JsonSchema, streams: JsonSchema): JsonSchema {
  const properties = typeof config.properties === 'object' && config.properties !== null ? config.properties : {};
  return { ...config, type: 'object', properties: { ...properties, streams } };
}

export function streamsDescription(kind: Plugin['kind']): string {
  return kind === 'source'
    ? 'Streams to read: a list of names, or a map of name → per-stream options. Leave out to read every stream the source offers.'
    : 'Per-stream options for this sink: a map of stream name → options (a list of names selects no options).';
}
