import type { PathSegment } from './yaml-doc.ts';

/** A JSON Schema node, as plain data. */
export type JsonSchema = Record<string, unknown>;

export type SchemaVisitor = (schema: JsonSchema, value: unknown, path: PathSegment[], replace: (v: unknown) => void) => void;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Visit every (schema node, value) pair where `value` sits under `schema`, following
 * properties, additionalProperties, items and every anyOf/oneOf/allOf branch. Used to find
 * secret and path fields in a plugin's config without knowing its shape.
 */
export function walkSchema(schema: unknown, value: unknown, path: PathSegment[], visit: SchemaVisitor, replace: (v: unknown) => void = () => {}): void {
  if (!isObject(schema)) return;
  visit(schema, value, path, replace);
  if (isObject(value)) {
    const props = isObject(schema.properties) ? schema.properties : {};
    const patterns = isObject(schema.patternProperties) ? Object.entries(schema.patternProperties) : [];
    for (const key of Object.keys(value)) {
      // properties, else the first matching patternProperties (TypeBox's Record), else additionalProperties.
      const byPattern = patterns.find(([pattern]) => safeTest(pattern, key))?.[1];
      const sub = Object.hasOwn(props, key) ? props[key] : (byPattern ?? schema.additionalProperties);
      walkSchema(sub, value[key], [...path, key], visit, (v) => {
        value[key] = v;
      });
    }
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      const sub = Array.isArray(schema.items) ? schema.items[i] : schema.items;
      walkSchema(sub, item, [...path, i], visit, (v) => {
        value[i] = v;
      });
    });
  }
  for (const keyword of ['anyOf', 'oneOf', 'allOf']) {
    const branches = schema[keyword];
    if (Array.isArray(branches)) for (const b of branches) walkSchema(b, value, path, visit, replace);
  }
}

function safeTest(pattern: string, key: string): boolean {
  try {
    return new RegExp(pattern, 'u').test(key);
  } catch {
    return false;
  }
}
