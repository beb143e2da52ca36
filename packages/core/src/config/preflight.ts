import fs from 'node:fs';
import { type ConfigWarning, PATH_KEYWORD, unwritablePathReason } from '@pipe/sdk';
import { issueAt } from './issues.ts';
import { NOT_A_FILE_PATH } from './paths.ts';
import { toJsonSchema } from './plugin-schema.ts';
import { walkSchema } from './schema-walk.ts';
import type { ComponentConfig, ConfigIssue, PipelineConfig, Pos } from './types.ts';
import { type PathSegment, type YamlFile, formatPath, parseYamlFile } from './yaml-doc.ts';

/*
 * Checks on a loaded pipeline that the loader leaves out: plugins' warnings about valid
 * but doubtful config, and (before a run) whether the sinks' output paths can be written.
 */

/** Warnings the plugins raise about their config (`SourcePlugin.warnings`, `SinkPlugin.warnings`), at their place in the file. */
export function configWarnings(config: PipelineConfig): ConfigIssue[] {
  const out: ConfigIssue[] = [];
  const file = parsedFile(config);
  const where = locate(config, file);
  const add = (base: PathSegment[], w: ConfigWarning) => {
    const at = [...base, ...w.path];
    out.push(issueAt(where(at), formatPath(at), w.hint ? `${w.message}; ${w.hint}` : w.message));
  };
  const { source } = config;
  if (source.plugin.kind === 'source' && source.plugin.warnings) {
    const streams = writtenStreamOptions(file?.data, source.ref);
    for (const w of source.plugin.warnings(source.config as never, { pipeline: config.name, streams })) add(['source', source.ref], w);
  }
  config.sinks.forEach((sink, i) => {
    if (sink.plugin.kind !== 'sink' || !sink.plugin.warnings) return;
    for (const w of sink.plugin.warnings(sink.config as never, { pipeline: config.name })) add(sinkPath(sink, i), w);
  });
  return out;
}

/** The options under the source's `streams:` map as the file writes them (a list of names has none). */
function writtenStreamOptions(data: unknown, ref: string): Record<string, Record<string, unknown>> {
  const streams = (data as { source?: Record<string, { streams?: unknown } | null> } | undefined)?.source?.[ref]?.streams;
  if (typeof streams !== 'object' || streams === null || Array.isArray(streams)) return {};
  const out: Record<string, Record<string, unknown>> = {};
  for (const [name, options] of Object.entries(streams)) {
    if (typeof options === 'object' && options !== null && !Array.isArray(options)) out[name] = options as Record<string, unknown>;
  }
  return out;
}

/**
 * Output paths of the sinks (their `pathField`s) that cannot be written: a parent that is a
 * file, a read-only or virtual file system (/proc), no permission. Run before any work, so a
 * run fails in milliseconds with the path named instead of deep inside a plugin (or, with
 * Node 20's recursive mkdir under /proc, never). Leaves nothing behind.
 */
export function unwritableSinkPaths(config: PipelineConfig): ConfigIssue[] {
  const out: ConfigIssue[] = [];
  let where: ((p: PathSegment[]) => Pos) | undefined;
  config.sinks.forEach((sink, i) => {
    walkSchema(toJsonSchema(sink.plugin.config), sink.config, [], (node, value, fieldPath) => {
      if (node[PATH_KEYWORD] !== true || typeof value !== 'string' || value === '' || NOT_A_FILE_PATH.test(value) || value.endsWith(':memory:')) return;
      const reason = unwritablePathReason(value);
      if (!reason) return;
      where ??= locate(config, parsedFile(config));
      const at = [...sinkPath(sink, i), ...fieldPath];
      out.push(issueAt(where(at), formatPath(at), `cannot write ${value}: ${reason}; point it at a folder this user can write, e.g. a path relative to the pipeline file`));
    });
  });
  return out;
}

/** `['sinks', i, ref]`: where the loader found the sink (see components.ts). */
function sinkPath(sink: ComponentConfig, i: number): PathSegment[] {
  return ['sinks', i, sink.ref];
}

/** The pipeline file parsed again for positions and what it writes (it is small; a loaded config keeps only the components'). */
function parsedFile(config: PipelineConfig): YamlFile | undefined {
  let text: string;
  try {
    text = fs.readFileSync(config.file, 'utf8');
  } catch {
    return undefined;
  }
  const parsed = parseYamlFile(config.file, text);
  return parsed.ok ? parsed.yaml : undefined;
}

/** Where a config path sits in the file; the file's start when it cannot be read again. */
function locate(config: PipelineConfig, file: YamlFile | undefined): (p: PathSegment[]) => Pos {
  return (p) => file?.posOf(p) ?? { file: config.file, line: 1, col: 1 };
}
