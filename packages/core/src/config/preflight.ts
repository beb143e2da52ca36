import fs from 'node:fs';
import { PATH_KEYWORD, unwritablePathReason } from '@pipe/sdk';
import { issueAt } from './issues.ts';
import { NOT_A_FILE_PATH } from './paths.ts';
import { toJsonSchema } from './plugin-schema.ts';
import { walkSchema } from './schema-walk.ts';
import type { ComponentConfig, ConfigIssue, PipelineConfig, Pos } from './types.ts';
import { type PathSegment, formatPath, parseYamlFile } from './yaml-doc.ts';

/*
 * Checks on a loaded pipeline that the loader leaves out: plugins' warnings about valid
 * but doubtful config, and (before a run) whether the sinks' output paths can be written.
 */

/** Warnings the sink plugins raise about their config (`SinkPlugin.warnings`), at their place in the file. */
export function configWarnings(config: PipelineConfig): ConfigIssue[] {
  const out: ConfigIssue[] = [];
  const where = positions(config);
  config.sinks.forEach((sink, i) => {
    if (sink.plugin.kind !== 'sink' || !sink.plugin.warnings) return;
    for (const w of sink.plugin.warnings(sink.config as never, { pipeline: config.name })) {
      const at = [...sinkPath(sink, i), ...w.path];
      out.push(issueAt(where(at), formatPath(at), w.hint ? `${w.message}; ${w.hint}` : w.message));
    }
  });
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
      where ??= positions(config);
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

/** Positions in the pipeline file: parsed again (it is small), since a loaded config keeps only the components'. */
function positions(config: PipelineConfig): (p: PathSegment[]) => Pos {
  const fallback = (): Pos => ({ file: config.file, line: 1, col: 1 });
  let text: string;
  try {
    text = fs.readFileSync(config.file, 'utf8');
  } catch {
    return fallback;
  }
  const parsed = parseYamlFile(config.file, text);
  return parsed.ok ? (p) => parsed.yaml.posOf(p) : fallback;
}
