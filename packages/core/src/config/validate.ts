import type { Ajv, ErrorObject, ValidateFunction } from 'ajv';
import { PATH_KEYWORD, SECRET_KEYWORD, didYouMean, isSecret } from '@pipe/sdk';
import { NAME_PATTERN } from './core-schema.ts';
import { issueAt } from './issues.ts';
import type { JsonSchema } from './schema-walk.ts';
import type { ConfigIssue } from './types.ts';
import { type CachedValidator, loadValidator, storeValidator } from './validator-cache.ts';
import { type PathSegment, type YamlFile, formatPath } from './yaml-doc.ts';

let ajvInstance: Promise<{ ajv: Ajv; standaloneCode: (ajv: Ajv, validate: ValidateFunction) => string }> | undefined;
/**
 * One ajv instance for the process, loaded only when a schema is not in the validator cache
 * (validator-cache.ts). `strict: false` because third-party plugin schemas may carry keywords or
 * formats ajv does not know; those are ignored rather than fatal. No coerceTypes: it would also
 * turn a literal `dir: 5` into "5" and hide the mistake; values from ${VAR} references (always
 * strings) are converted where the schema asks, by coerceEnvValues(). validateSchema: false skips
 * compiling the JSON Schema meta-schema on every run: built-in plugin schemas are checked in CI,
 * and a plugin from a file or package is checked at its reference (metaSchemaProblem).
 * `unicode: false` measures lengths in UTF-16 units, so the code needs none of ajv's runtime.
 */
const loadAjv = () =>
  (ajvInstance ??= Promise.all([import('ajv'), import('ajv/dist/standalone/index.js')]).then(([ajvModule, standalone]) => {
    // CommonJS: `default` is module.exports under Node and in the bundle alike (named exports are not).
    const { Ajv } = ajvModule.default as unknown as { Ajv: typeof import('ajv').Ajv };
    const ajv = new Ajv({ allErrors: true, useDefaults: true, verbose: true, strict: false, logger: false, validateSchema: false, unicode: false, code: { source: true, optimize: false } });
    ajv.addKeyword({ keyword: SECRET_KEYWORD, schemaType: 'boolean' });
    ajv.addKeyword({ keyword: PATH_KEYWORD, schemaType: 'boolean' });
    return { ajv, standaloneCode: standalone.default as unknown as (ajv: Ajv, validate: ValidateFunction) => string };
  }));

/**
 * Why `schema` is not a valid JSON Schema (ajv's first complaint, at its schema path), or
 * undefined. Compiles the meta-schema on first use, so only pipelines that load a plugin from a
 * file or package pay for it.
 */
export async function metaSchemaProblem(schema: JsonSchema): Promise<string | undefined> {
  const { ajv } = await loadAjv();
  if (ajv.validateSchema(schema)) return undefined;
  const [first] = ajv.errors ?? [];
  return first ? `${first.instancePath || '/'} ${first.message}` : 'ajv rejects it';
}

/**
 * Validate `data` in place (ajv fills in defaults) and return every problem as an issue at
 * the offending node. Problems under `skip` paths were already reported another way.
 */
export async function validateAgainst(schema: JsonSchema, data: unknown, yaml: YamlFile, skip: PathSegment[][]): Promise<ConfigIssue[]> {
  let errors: ErrorObject[];
  try {
    const validate = await compiled(schema);
    errors = validate(data) ? [] : [...((validate.errors ?? []) as ErrorObject[])];
  } catch (e) {
    return [issueAt(yaml.posOf([]), '', `a plugin's config schema cannot be compiled: ${(e as Error).message.split('\n')[0]}`)];
  }
  if (errors.length === 0) return [];
  const unions = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf').map((e) => `${e.schemaPath}/`);
  const issues: ConfigIssue[] = [];
  for (const error of errors) {
    if (unions.some((prefix) => error.schemaPath.startsWith(prefix))) continue;
    const path = toPath(error.instancePath, data);
    if (skip.some((s) => s.length <= path.length && s.every((seg, i) => String(seg) === String(path[i])))) continue;
    issues.push(toIssue(error, path, yaml));
  }
  return issues;
}

/**
 * Compiling is most of a load's cost and `pipe watch` reloads the same pipeline over and over:
 * keep the last few validators, keyed by the schema's text; across runs, validator-cache.ts.
 */
const validators = new Map<string, { schema: JsonSchema; validate: CachedValidator }>();
const MAX_VALIDATORS = 32;

async function compiled(schema: JsonSchema): Promise<CachedValidator> {
  const key = JSON.stringify(schema);
  const hit = validators.get(key);
  if (hit) return hit.validate;
  let validate = loadValidator(key);
  if (!validate) {
    const { ajv, standaloneCode } = await loadAjv();
    const fresh = ajv.compile(schema);
    storeValidator(key, standaloneCode(ajv, fresh));
    validate = fresh;
  }
  validators.set(key, { schema, validate });
  if (validators.size > MAX_VALIDATORS) {
    const [oldestKey, oldest] = validators.entries().next().value!;
    validators.delete(oldestKey);
    ajvInstance?.then(({ ajv }) => ajv.removeSchema(oldest.schema));
  }
  return validate;
}

function toIssue(e: ErrorObject, path: PathSegment[], yaml: YamlFile): ConfigIssue {
  const params = e.params as Record<string, any>;
  const parent = (e.parentSchema ?? {}) as JsonSchema;
  switch (e.keyword) {
    case 'required':
      return issueAt(yaml.posOf(path), formatPath(path), `missing required key "${params.missingProperty}"`);
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const keyPath = [...path, key];
      const known = Object.keys((parent.properties as object | undefined) ?? {}).sort();
      const hint = didYouMean(key, known) || (known.length ? `; allowed keys: ${known.join(', ')}` : '');
      return issueAt(yaml.keyPosOf(keyPath), formatPath(keyPath), `unknown key "${key}"${hint}`);
    }
    default:
      return issueAt(yaml.posOf(path), formatPath(path), describe(e, path, parent));
  }
}

function describe(e: ErrorObject, path: PathSegment[], parent: JsonSchema): string {
  const params = e.params as Record<string, any>;
  switch (e.keyword) {
    case 'type':
      if (path.length === 1 && path[0] === 'sinks' && typeof e.data === 'object' && e.data !== null) {
        return 'must be a list: write each sink as an item starting with "-", e.g. `- duckdb: { path: warehouse.duckdb }`';
      }
      return `must be ${String(params.type).split(',').map(typeName).join(' or ')}`;
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ');
      const hint = typeof e.data === 'string' && !isSecret(parent) ? didYouMean(e.data, (params.allowedValues as unknown[]).map(String)) : '';
      return `must be one of ${allowed}${hint}`;
    }
    case 'const':
      return path.length === 1 && path[0] === 'version'
        ? 'must be 1 (the only pipeline file version)'
        : `must be ${JSON.stringify(params.allowedValue)}`;
    case 'pattern':
      return params.pattern === NAME_PATTERN && path.length === 1 && path[0] === 'name'
        ? `must contain only lower-case letters (a-z), digits and _, and start with a letter or _: it names state, schemas and folders${nameHint(e.data)}`
        : `must match the pattern ${params.pattern}${exampleOf(e)}`;
    case 'anyOf':
    case 'oneOf': {
      const forms = ((e.schema as JsonSchema[] | undefined) ?? []).map(formName).filter(Boolean);
      if (e.keyword === 'oneOf' && params.passingSchemas) return 'matches more than one of the allowed forms; make it unambiguous';
      return forms.length ? `must be ${[...new Set(forms)].join(' or ')}` : 'does not match any of the allowed forms';
    }
    case 'minItems':
      return path.length === 1 && path[0] === 'sinks' ? 'needs at least one sink' : `needs at least ${params.limit} item${params.limit === 1 ? '' : 's'}`;
    default:
      return e.message ?? `fails the ${e.keyword} check`;
  }
}

/** `Hubspot-CRM` → `; did you mean "hubspot_crm"?` */
function nameHint(value: unknown): string {
  if (typeof value !== 'string') return '';
  const fixed = value.toLowerCase().replace(/[^a-z0-9_]+/g, '_').replace(/^(?=\d)/, '_');
  return new RegExp(NAME_PATTERN).test(fixed) && fixed !== value ? `; did you mean "${fixed}"?` : '';
}

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  boolean: 'true or false',
  object: 'a mapping',
  array: 'a list',
  null: 'empty',
};
const typeName = (t: string) => TYPE_NAMES[t] ?? t;

function formName(s: JsonSchema): string {
  if ('const' in s) return JSON.stringify(s.const);
  if (Array.isArray(s.enum)) return `one of ${s.enum.map((v) => JSON.stringify(v)).join(', ')}`;
  if (typeof s.type === 'string') return typeName(s.type);
  if (Array.isArray(s.type)) return s.type.map((t) => typeName(String(t))).join(' or ');
  return '';
}

/** ajv's JSON pointer as path segments, with list indexes as numbers. */
function toPath(pointer: string, data: unknown): PathSegment[] {
  if (!pointer) return [];
  const path: PathSegment[] = [];
  let node = data;
  for (const raw of pointer.slice(1).split('/')) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) {
      path.push(Number(seg));
      node = node[Number(seg)];
    } else {
      path.push(seg);
      node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[seg] : undefined;
    }
  }
  return path;
}

/** `, e.g. <first example>` of the failing field's schema, when it has one (a pattern alone is hard to read). */
function exampleOf(e: ErrorObject): string {
  const examples = (e.parentSchema as JsonSchema | undefined)?.examples;
  return Array.isArray(examples) && examples.length > 0 ? `, e.g. ${JSON.stringify(examples[0])}` : '';
}
