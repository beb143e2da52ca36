import fs from 'node:fs';
import path from 'node:path';
import { type Plugin, makeDirs } from '@pipe/sdk';
import { Registry } from '../registry.ts';
import { buildPipelineSchema } from './json-schema.ts';
import { pluginDoc, pluginDocName } from './plugin-docs.ts';
import { pipelineReferenceDoc } from './reference-doc.ts';

/** A file the generator owns, relative to the repository root. */
export interface GeneratedFile {
  path: string;
  content: string;
  /** The command that regenerates it, for stale messages. */
  command: 'pnpm schema' | 'pnpm docs';
}

export const SCHEMA_FILE = 'schemas/pipeline.schema.json';
export const PLUGIN_DOCS_DIR = 'docs/plugins';
export const REFERENCE_DOC = 'docs/pipeline-reference.md';

/** Everything generated from the plugin list: the editor schema, one page per plugin, the reference. Deterministic. */
export function generatedFiles(plugins: Plugin[]): GeneratedFile[] {
  const registry = new Registry(plugins);
  const files: GeneratedFile[] = [
    { path: SCHEMA_FILE, content: `${JSON.stringify(buildPipelineSchema(registry), null, 2)}\n`, command: 'pnpm schema' },
    { path: REFERENCE_DOC, content: pipelineReferenceDoc(plugins), command: 'pnpm docs' },
  ];
  for (const p of plugins) {
    files.push({ path: `${PLUGIN_DOCS_DIR}/${pluginDocName(p, plugins)}`, content: pluginDoc(p), command: 'pnpm docs' });
  }
  return files.sort((a, b) => a.path.localeCompare(b.path));
}

/** Pages in docs/plugins that no plugin generates any more (a removed or renamed plugin). */
function orphanedDocs(root: string, files: GeneratedFile[]): string[] {
  const dir = path.join(root, PLUGIN_DOCS_DIR);
  if (!fs.existsSync(dir)) return [];
  const wanted = new Set(files.map((f) => f.path));
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.md'))
    .map((name) => `${PLUGIN_DOCS_DIR}/${name}`)
    .filter((p) => !wanted.has(p))
    .sort();
}

/** Compare without writing; one message per stale, missing or orphaned file (empty = up to date). */
export function checkGenerated(root: string, files: GeneratedFile[]): string[] {
  const problems: string[] = [];
  for (const f of files) {
    const target = path.join(root, f.path);
    const current = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : undefined;
    if (current === undefined) problems.push(`${f.path} is missing: run \`${f.command}\` and commit the result`);
    else if (current !== f.content) problems.push(`${f.path} is stale: run \`${f.command}\` and commit the result`);
  }
  for (const p of orphanedDocs(root, files)) problems.push(`${p} belongs to no plugin: run \`pnpm docs\` and commit the result`);
  return problems;
}

/** Write what changed and remove orphaned plugin pages; returns the paths touched. */
export function writeGenerated(root: string, files: GeneratedFile[]): string[] {
  const touched: string[] = [];
  for (const f of files) {
    const target = path.join(root, f.path);
    if (fs.existsSync(target) && fs.readFileSync(target, 'utf8') === f.content) continue;
    makeDirs(path.dirname(target));
    fs.writeFileSync(target, f.content);
    touched.push(f.path);
  }
  for (const p of orphanedDocs(root, files)) {
    fs.rmSync(path.join(root, p));
    touched.push(p);
  }
  return touched;
}
