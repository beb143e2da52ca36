import { type JsonSchema, walkSchema } from './schema-walk.ts';
import type { PathSegment } from './yaml-doc.ts';

/**
 * Values written as environment references are strings; where the schema asks for an
 * integer, number or boolean, convert them. Only those values: a literal `dir: 5` for a
 * string field stays an error, which ajv's global coerceTypes would hide.
 */
export function coerceEnvValues(schema: JsonSchema, value: unknown, at: PathSegment[], substituted: PathSegment[][]): void {
  const fromEnv = new Set(substituted.map((p) => JSON.stringify(p)));
  walkSchema(
    schema,
    value,
    at,
    (node, v, path, replace) => {
      if (typeof v !== 'string' || !fromEnv.has(JSON.stringify(path))) return;
      const converted = convert(v, node.type);
      if (converted !== undefined) replace(converted);
    },
  );
}

function convert(raw: string, type: unknown): number | boolean | undefined {
  const types = Array.isArray(type) ? type : [type];
  if (types.includes('string')) return undefined;
  const text = raw.trim();
  if (types.includes('integer') && /^[-+]?\d+$/.test(text)) return Number(text);
  if (types.includes('number') && text !== '' && Number.isFinite(Number(text))) return Number(text);
  if (types.includes('boolean') && (text === 'true' || text === 'false')) return text === 'true';
  return undefined;
}
