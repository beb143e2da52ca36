import fs from 'node:fs';
import path from 'node:path';
import { parseEnv } from 'node:util';

/**
 * Environment references: `${VAR}` and `${VAR:-default}` in any string value, and nothing
 * else (no templating). `$${` writes a literal `${`. `${VAR:-default}` uses the default when
 * VAR is unset or empty, as in the shell.
 */
const REFERENCE = /\$\$\{|\$\{([^}]*)\}|\$\{/g;
const VARIABLE = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** A value that is exactly one reference without a default: the only form a secret may take. */
const SECRET_REFERENCE = /^\s*\$\{[A-Za-z_][A-Za-z0-9_]*\}\s*$/;

export type Env = Record<string, string | undefined>;

export interface Substitution {
  value: string;
  /** Variables referenced without a default and not set. */
  missing: string[];
  /** Malformed references, described for a message (never includes a value). */
  malformed: string[];
}

export function substituteEnv(raw: string, env: Env): Substitution {
  const missing: string[] = [];
  const malformed: string[] = [];
  const value = raw.replace(REFERENCE, (match: string, inner: string | undefined) => {
    if (match === '$${') return '${';
    if (inner === undefined) {
      malformed.push('"${" without a closing "}"; write "$${" for a literal "${"');
      return match;
    }
    const sep = inner.indexOf(':-');
    const name = sep < 0 ? inner : inner.slice(0, sep);
    if (!VARIABLE.test(name)) {
      malformed.push(`"\${${name}}" is not a variable name (letters, digits and _; use \${NAME} or \${NAME:-default})`);
      return match;
    }
    const set = env[name];
    if (sep >= 0) return set === undefined || set === '' ? inner.slice(sep + 2) : set;
    if (set === undefined) {
      missing.push(name);
      return '';
    }
    return set;
  });
  return { value, missing, malformed };
}

/** True when the raw value is exactly `${NAME}`: how a secret must be written. */
export function isSecretReference(raw: string): boolean {
  return SECRET_REFERENCE.test(raw);
}

/** A variable name to suggest for a secret field, e.g. `source.hubspot.token` → `HUBSPOT_TOKEN`. */
export function suggestVariable(ref: string, key: string): string {
  const base = path.basename(ref).replace(/\.(m?[jt]s)$/, '');
  return `${base}_${key}`.toUpperCase().replace(/[^A-Z0-9_]/g, '_').replace(/^(?=\d)/, '_');
}

export interface EnvSources {
  /** Process environment (default process.env); wins over files. */
  env?: Env;
  /** `--env-file`: wins over the `.env` beside the pipeline. */
  envFile?: string;
}

/**
 * The variables a pipeline sees: the process environment first, then `--env-file`, then
 * a `.env` beside the pipeline file. Returns an error text when `--env-file` cannot be read.
 */
export function loadEnv(baseDir: string, sources: EnvSources): { env: Env; error?: { file: string; message: string } } {
  const beside = path.join(baseDir, '.env');
  const files = [...(fs.existsSync(beside) ? [beside] : []), ...(sources.envFile ? [sources.envFile] : [])];
  const fromFiles: Env = {};
  for (const file of files) {
    try {
      Object.assign(fromFiles, readEnvFile(file));
    } catch (e) {
      const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (e as Error).message.split('\n')[0];
      return { env: {}, error: { file, message: `cannot read the env file: ${reason}` } };
    }
  }
  const processEnv = Object.fromEntries(Object.entries(sources.env ?? process.env).filter(([, v]) => v !== undefined));
  return { env: { ...fromFiles, ...processEnv } };
}

function readEnvFile(file: string): Env {
  return parseEnv(fs.readFileSync(file, 'utf8')) as Env;
}

export interface EnvProblem {
  path: (string | number)[];
  kind: 'missing' | 'malformed';
  message: string;
}

/**
 * Replace references in every string value of `data` (keys are left alone), in place.
 * Returns the problems by path (a value with a missing variable keeps its raw text) and the
 * paths of the values that were substituted.
 */
export function substituteTree(data: unknown, env: Env): { problems: EnvProblem[]; substituted: (string | number)[][] } {
  const problems: EnvProblem[] = [];
  const substituted: (string | number)[][] = [];
  const visit = (node: unknown, path: (string | number)[]): unknown => {
    if (typeof node === 'string') {
      if (!node.includes('${')) return node;
      const { value, missing, malformed } = substituteEnv(node, env);
      for (const name of missing) {
        problems.push({ path, kind: 'missing', message: `environment variable ${name} is not set; set it in your environment or in a .env file beside the pipeline` });
      }
      for (const what of malformed) problems.push({ path, kind: 'malformed', message: `invalid environment reference: ${what}` });
      if (missing.length || malformed.length) return node;
      substituted.push(path);
      return value;
    }
    if (Array.isArray(node)) {
      node.forEach((item, i) => {
        node[i] = visit(item, [...path, i]);
      });
    } else if (typeof node === 'object' && node !== null) {
      const map = node as Record<string, unknown>;
      for (const key of Object.keys(map)) map[key] = visit(map[key], [...path, key]);
    }
    return node;
  };
  visit(data, []);
  return { problems, substituted };
}
