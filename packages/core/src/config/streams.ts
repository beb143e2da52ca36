import { issueAt } from './issues.ts';
import type { ConfigIssue, Pos } from './types.ts';
import { type PathSegment, type YamlFile, formatPath } from './yaml-doc.ts';

export interface NormalizedStreams {
  /** Stream name → where it is written in the file. */
  positions: Record<string, Pos>;
  issues: ConfigIssue[];
  /** True when `streams` had a shape of its own that was reported (skip schema errors beneath it). */
  reported: boolean;
}

/**
 * Bring a component's `streams:` into one shape before validation: a list of names becomes
 * `{ name: {} }` and `name:` with no value becomes `{}`, so stream options get their
 * defaults. Remembers where each name is written, for problems found later (plan time).
 */
export function normalizeStreams(component: Record<string, unknown>, path: PathSegment[], yaml: YamlFile): NormalizedStreams {
  const streamsPath = [...path, 'streams'];
  const raw = component.streams;
  const positions: Record<string, Pos> = {};
  const issues: ConfigIssue[] = [];
  if (raw === undefined) return { positions, issues, reported: false };
  if (Array.isArray(raw)) {
    const map: Record<string, Record<string, unknown>> = {};
    raw.forEach((item, i) => {
      const at = [...streamsPath, i];
      // `[2024]` is a name too; YAML just read it as a number.
      const name = typeof item === 'number' ? String(item) : item;
      if (typeof name !== 'string' || name === '') {
        issues.push(issueAt(yaml.posOf(at), formatPath(at), 'must be a stream name (a non-empty string)'));
      } else if (Object.hasOwn(map, name)) {
        issues.push(issueAt(yaml.posOf(at), formatPath(at), `stream "${name}" is listed twice`));
      } else {
        map[name] = {};
        positions[name] = yaml.posOf(at);
      }
    });
    component.streams = map;
    return { positions, issues, reported: issues.length > 0 };
  }
  if (typeof raw === 'object' && raw !== null) {
    const map = raw as Record<string, unknown>;
    for (const name of Object.keys(map)) {
      if (map[name] === null) map[name] = {};
      positions[name] = yaml.keyPosOf([...streamsPath, name]);
    }
    return { positions, issues, reported: false };
  }
  issues.push(
    issueAt(yaml.posOf(streamsPath), formatPath(streamsPath), 'must be a list of stream names ([contacts, deals]) or a map of stream name → options'),
  );
  return { positions, issues, reported: true };
}
