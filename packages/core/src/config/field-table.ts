import { PATH_KEYWORD, isSecret } from '@pipe/sdk';
import type { JsonSchema } from './schema-walk.ts';

/** One row of a plugin's config reference. */
export interface FieldRow {
  key: string;
  type: string;
  required: boolean;
  default?: unknown;
  secret: boolean;
  description: string;
  examples: unknown[];
}

const asObject = (v: unknown): JsonSchema => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as JsonSchema) : {});

/**
 * Flatten an object schema into rows; nested objects become `parent.child`, objects in
 * lists `parent[].child`, entries of maps `parent.<name>.child`. Keys keep the schema's declaration order (the plugin author's).
 */
export function fieldRows(schema: JsonSchema, prefix = ''): FieldRow[] {
  const props = asObject(schema.properties);
  const required = new Set(Array.isArray(schema.required) ? schema.required.map(String) : []);
  const rows: FieldRow[] = [];
  for (const [name, raw] of Object.entries(props)) {
    const field = asObject(raw);
    const key = `${prefix}${name}`;
    const row: FieldRow = {
      key,
      type: typeText(field),
      required: required.has(name),
      secret: isSecret(field),
      description: typeof field.description === 'string' ? field.description : '',
      examples: Array.isArray(field.examples) ? field.examples : [],
    };
    if ('default' in field) row.default = field.default;
    rows.push(row);
    if (field.type === 'object' && field.properties) rows.push(...fieldRows(field, `${key}.`));
    // A map of name → settings (`queries: { lead_scores: { sql: … } }`).
    const entries = asObject(field.additionalProperties ?? Object.values(asObject(field.patternProperties))[0]);
    if (field.type === 'object' && entries.properties) rows.push(...fieldRows(entries, `${key}.<name>.`));
    const items = asObject(field.items);
    if (field.type === 'array' && items.type === 'object' && items.properties) rows.push(...fieldRows(items, `${key}[].`));
  }
  return rows;
}

/** A short, human type: `"merge" \| "append"`, `list of string`, `path`, `secret`. */
export function typeText(s: JsonSchema): string {
  if (isSecret(s)) return 'secret string';
  if (s[PATH_KEYWORD] === true) return 'path';
  if ('const' in s) return JSON.stringify(s.const);
  if (Array.isArray(s.enum)) return s.enum.map((v) => JSON.stringify(v)).join(' | ');
  for (const k of ['anyOf', 'oneOf']) {
    const branches = s[k];
    if (Array.isArray(branches)) return branches.map((b) => typeText(asObject(b))).join(' | ');
  }
  if (s.type === 'array') return `list of ${typeText(asObject(s.items))}`;
  if (s.type === 'object') return 'mapping';
  if (Array.isArray(s.type)) return s.type.join(' | ');
  return typeof s.type === 'string' ? s.type : 'any';
}
