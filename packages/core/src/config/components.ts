import { type Plugin, didYouMean, isPipeError } from '@pipe/sdk';
import type { Registry } from '../registry.ts';
import { issueAt } from './issues.ts';
import { streamOptionsSchema, toJsonSchema } from './plugin-schema.ts';
import type { JsonSchema } from './schema-walk.ts';
import type { ConfigIssue } from './types.ts';
import { metaSchemaProblem } from './validate.ts';
import { type PathSegment, type YamlFile, formatPath } from './yaml-doc.ts';

type Kind = Plugin['kind'];

/** A `source:` or `sinks[i]:` entry whose plugin loaded. */
export interface FoundComponent {
  kind: Kind;
  ref: string;
  /** Path of the plugin's config: ['source', 'hubspot'] or ['sinks', 0, 'duckdb']. */
  path: PathSegment[];
  plugin: Plugin;
  configSchema: JsonSchema;
  optionsSchema: JsonSchema;
}

/** What became of one entry: found, already reported (shape or plugin problem), or absent / left to the schema. */
export type ComponentSlot = FoundComponent | 'reported' | 'unchecked';

export interface Components {
  source: ComponentSlot;
  sinks: ComponentSlot[];
  issues: ConfigIssue[];
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Find the plugin each entry names and load it through the registry; every failure is an issue at the reference. */
export async function findComponents(yaml: YamlFile, registry: Registry, baseDir: string): Promise<Components> {
  const data = isPlainObject(yaml.data) ? yaml.data : {};
  const issues: ConfigIssue[] = [];
  const slot = async (kind: Kind, value: unknown, at: PathSegment[]): Promise<ComponentSlot> => {
    if (!isPlainObject(value)) {
      if (kind === 'source' && value === undefined) return 'unchecked';
      issues.push(issueAt(yaml.posOf(at), formatPath(at), `must be a mapping with one key, the ${kind} plugin, e.g. ${example(kind)}`));
      return 'reported';
    }
    const keys = Object.keys(value);
    if (keys.length !== 1) {
      const what = keys.length === 0 ? 'names no plugin' : `has ${keys.length} keys (${keys.join(', ')})`;
      issues.push(issueAt(yaml.posOf(at), formatPath(at), `${what}: it must have exactly one key, the ${kind} plugin, e.g. ${example(kind)}`));
      return 'reported';
    }
    const ref = keys[0]!;
    const path = [...at, ref];
    const problem = (message: string) => {
      issues.push(issueAt(yaml.keyPosOf(path), formatPath(path), message));
      return 'reported' as const;
    };
    let plugin: Plugin | undefined;
    try {
      plugin = await registry.resolve(kind, ref, baseDir);
    } catch (e) {
      if (isPipeError(e)) return problem(e.hint ? `${e.message} (${e.hint})` : e.message);
      return problem(`cannot load ${kind} plugin "${ref}": ${String((e as Error)?.message ?? e).split('\n')[0]}`);
    }
    if (!plugin) return problem(unknownPlugin(registry, kind, ref));
    let found: FoundComponent;
    try {
      found = { kind, ref, path, plugin, configSchema: toJsonSchema(plugin.config), optionsSchema: streamOptionsSchema(plugin) };
    } catch (e) {
      return problem(`${kind} plugin "${ref}" has a config schema that is not JSON Schema: ${(e as Error).message}`);
    }
    // Built-in schemas are checked in pipe's CI; a plugin from a file or package is checked here.
    if (registry.get(kind as 'source', ref) !== plugin) {
      const invalid = (await metaSchemaProblem(found.configSchema)) ?? (await metaSchemaProblem(found.optionsSchema));
      if (invalid) return problem(`${kind} plugin "${ref}" has a config schema that is not valid JSON Schema (${invalid}); fix the plugin's \`config\` or \`streamOptions\``);
    }
    return found;
  };
  const source = await slot('source', data.source, ['source']);
  const sinks: ComponentSlot[] = [];
  if (Array.isArray(data.sinks)) {
    for (const [i, item] of data.sinks.entries()) sinks.push(await slot('sink', item, ['sinks', i]));
  }
  return { source, sinks, issues };
}

function example(kind: Kind): string {
  return kind === 'source' ? '`source: { hubspot: { token: ${HUBSPOT_TOKEN} } }`' : '`- duckdb: { path: warehouse.duckdb }`';
}

function unknownPlugin(registry: Registry, kind: Kind, ref: string): string {
  const other: Kind = kind === 'source' ? 'sink' : 'source';
  if (registry.get(other as 'source', ref)) return `"${ref}" is a ${other} plugin, but it is used as a ${kind}`;
  const names = registry.names(kind);
  const hint = didYouMean(ref, names);
  if (hint) return `unknown ${kind} plugin "${ref}"${hint}`;
  const known = names.length ? `built-in ${kind}s are ${[...names].sort().join(', ')}; ` : '';
  return `unknown ${kind} plugin "${ref}": ${known}other plugins are named by npm package or by a relative path such as ./plugins/my-${kind}.ts`;
}
