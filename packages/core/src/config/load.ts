import fs from 'node:fs';
import path from 'node:path';
import type { Registry } from '../registry.ts';
import { type Components, type FoundComponent, findComponents } from './components.ts';
import { coerceEnvValues } from './coerce.ts';
import { componentSchema, validationSchema } from './compose.ts';
import { type Env, loadEnv, substituteTree } from './env.ts';
import { issueAt, sortIssues } from './issues.ts';
import { resolvePaths } from './paths.ts';
import { checkSecrets, collectSecrets } from './secrets.ts';
import { normalizeStreams } from './streams.ts';
import type { ComponentConfig, ConfigIssue, LoadResult, PipelineConfig, Pos } from './types.ts';
import { validateAgainst } from './validate.ts';
import { type PathSegment, type YamlFile, formatPath, parseYamlFile } from './yaml-doc.ts';

export interface LoadOptions {
  registry: Registry;
  /** Process environment; default `process.env`. Wins over env files. */
  env?: Env;
  /** `--env-file`; wins over the `.env` beside the pipeline. */
  envFile?: string;
  /**
   * Check the file without its environment (CI's `pipe validate` has no tokens): unset
   * variables are not problems and their values keep the `${NAME}` text. Never run such a config.
   */
  ignoreMissingEnv?: boolean;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Load, resolve and validate a pipeline file. Never throws for bad input: every problem in
 * the file comes back at once, each at its position.
 */
export async function loadConfig(file: string, opts: LoadOptions): Promise<LoadResult> {
  try {
    return await load(file, opts);
  } catch (e) {
    // A safety net, not a code path: bad input is reported above. Pathological input (say,
    // nesting deep enough to exhaust the stack) must still not become a stack trace.
    const reason = String((e as Error)?.message ?? e).split('\n')[0];
    const where: Pos = { file: path.resolve(file), line: 1, col: 1 };
    return { ok: false, issues: [issueAt(where, '', `cannot load this file: ${reason} (if the file looks right, this is a bug in pipe: please report it)`)] };
  }
}

async function load(file: string, opts: LoadOptions): Promise<LoadResult> {
  const abs = path.resolve(file);
  const baseDir = path.dirname(abs);
  const fail = (issues: ConfigIssue[]): LoadResult => ({ ok: false, issues: sortIssues(issues) });
  const start: Pos = { file: abs, line: 1, col: 1 };

  let text: string;
  try {
    text = fs.readFileSync(abs, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a folder, not a pipeline file' : `cannot read the file (${code ?? 'error'})`;
    return fail([issueAt(start, '', why)]);
  }
  const parsed = parseYamlFile(abs, text);
  if (!parsed.ok) return fail(parsed.issues);
  const yaml = parsed.yaml;
  if (!isPlainObject(yaml.data)) {
    const what = yaml.data === null || yaml.data === undefined ? 'the file is empty' : 'the file is not a YAML mapping';
    return fail([issueAt(yaml.posOf([]), '', `${what}; a pipeline has the keys version, name, source and sinks`)]);
  }

  const components = await findComponents(yaml, opts.registry, baseDir);
  const issues: ConfigIssue[] = [...components.issues];
  const found = foundComponents(components);
  const loaded = loadEnv(baseDir, { env: opts.env, envFile: opts.envFile });
  if (loaded.error) issues.push(issueAt({ file: loaded.error.file, line: 1, col: 1 }, '', loaded.error.message));
  // A secret problem is reported once; schema checks on its value would only add noise.
  const skip: PathSegment[][] = [];
  for (const c of found) {
    for (const problem of checkSecrets(c, componentSchema(c), valueAt(yaml.data, c.path), yaml, loaded.env)) {
      issues.push(problem.issue);
      skip.push(problem.path);
    }
  }
  const data = yaml.data;
  const substitution = substituteTree(data, loaded.env);
  for (const p of substitution.problems) {
    if (!(p.kind === 'missing' && opts.ignoreMissingEnv)) issues.push(issueAt(yaml.posOf(p.path), formatPath(p.path), p.message));
    skip.push(p.path);
  }

  const streamPositions = new Map<FoundComponent, Record<string, Pos>>();
  for (const c of found) {
    const parent = valueAt(data, c.path.slice(0, -1)) as Record<string, unknown>;
    if (parent[c.ref] === null) parent[c.ref] = {};
    const config = parent[c.ref];
    if (!isPlainObject(config)) continue;
    const streams = normalizeStreams(config, c.path, yaml);
    issues.push(...streams.issues);
    if (streams.reported) skip.push([...c.path, 'streams']);
    streamPositions.set(c, streams.positions);
  }

  for (const c of found) coerceEnvValues(componentSchema(c), valueAt(data, c.path), c.path, substitution.substituted);

  issues.push(...(await validateAgainst(validationSchema(components), data, yaml, skip)));
  if (issues.length > 0) return fail(issues);

  const build = (c: FoundComponent): ComponentConfig => componentConfig(c, data, yaml, baseDir, streamPositions.get(c) ?? {});
  const source = build(components.source as FoundComponent);
  const sinks = components.sinks.map((s) => build(s as FoundComponent));
  const secrets = [...new Set(found.flatMap((c) => collectSecrets(componentSchema(c), valueAt(data, c.path))))];
  const config: PipelineConfig = { version: 1, name: String(data.name), file: abs, baseDir, source, sinks, secrets };
  if (typeof data.description === 'string') config.description = data.description;
  return { ok: true, config };
}

function foundComponents(c: Components): FoundComponent[] {
  return [c.source, ...c.sinks].filter((s): s is FoundComponent => typeof s === 'object');
}

function componentConfig(c: FoundComponent, data: unknown, yaml: YamlFile, baseDir: string, streams: Record<string, Pos>): ComponentConfig {
  const { streams: selected, ...config } = valueAt(data, c.path) as Record<string, unknown>;
  resolvePaths(c.configSchema, config, baseDir);
  for (const options of Object.values((selected ?? {}) as Record<string, unknown>)) resolvePaths(c.optionsSchema, options, baseDir);
  const out: ComponentConfig = {
    ref: c.ref,
    plugin: c.plugin,
    config,
    at: formatPath(c.path),
    positions: { self: yaml.keyPosOf(c.path), streams },
  };
  if (selected !== undefined) out.streams = selected as Record<string, Record<string, unknown>>;
  return out;
}

function valueAt(data: unknown, path: PathSegment[]): unknown {
  let node = data;
  for (const seg of path) node = isPlainObject(node) || Array.isArray(node) ? (node as Record<string, unknown>)[seg as string] : undefined;
  return node;
}
