import { isSecret } from '@pipe/sdk';
import type { FoundComponent } from './components.ts';
import { type Env, isSecretReference, suggestVariable } from './env.ts';
import { issueAt } from './issues.ts';
import { type JsonSchema, walkSchema } from './schema-walk.ts';
import type { ConfigIssue } from './types.ts';
import { type PathSegment, type YamlFile, formatPath } from './yaml-doc.ts';

/**
 * Secret fields must be written as `${NAME}` in the file. A literal (or a reference with a
 * default, which is a literal too) is an issue; so is a variable that is set but empty.
 * Messages never repeat a value.
 */
export function checkSecrets(c: FoundComponent, schema: JsonSchema, raw: unknown, yaml: YamlFile, env: Env): { issue: ConfigIssue; path: PathSegment[] }[] {
  const issues = new Map<string, { issue: ConfigIssue; path: PathSegment[] }>();
  walkSchema(schema, raw, c.path, (node, value, path) => {
    if (!isSecret(node) || typeof value !== 'string') return;
    const at = formatPath(path);
    if (isSecretReference(value)) {
      const name = value.trim().slice(2, -1);
      const message = `environment variable ${name} is set but empty; a secret needs a value`;
      if (env[name] === '') issues.set(at, { issue: issueAt(yaml.posOf(path), at, message), path });
      return;
    }
    const variable = suggestVariable(c.ref, String(path[path.length - 1]));
    const message = value.includes('${')
      ? `a secret must be exactly one environment reference such as \${${variable}}, with no default and no other text`
      : `a secret must not be written in the pipeline file; use an environment reference such as \${${variable}} and set it in your environment or .env`;
    issues.set(at, { issue: issueAt(yaml.posOf(path), at, message), path });
  });
  return [...issues.values()];
}

/** Every resolved secret value under a component, for the redactor. */
export function collectSecrets(schema: JsonSchema, value: unknown): string[] {
  const found = new Set<string>();
  walkSchema(schema, value, [], (node, v) => {
    if (isSecret(node) && typeof v === 'string' && v !== '') found.add(v);
  });
  return [...found];
}
