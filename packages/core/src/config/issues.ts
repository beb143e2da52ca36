import type { ConfigIssue, Pos } from './types.ts';

/** `file:line:col: path: message` — the one format every config problem is printed in. */
export function formatIssue(i: ConfigIssue): string {
  return `${i.file}:${i.line}:${i.col}: ${i.path}: ${i.message}`;
}

/** Path label for problems that concern the whole file rather than one value. */
export const WHOLE_FILE = '(file)';

export function issueAt(pos: Pos, path: string, message: string): ConfigIssue {
  return { file: pos.file, line: pos.line, col: pos.col, path: path || WHOLE_FILE, message };
}

/** Stable order for reporting: by position, then path, then message; exact duplicates dropped. */
export function sortIssues(issues: ConfigIssue[]): ConfigIssue[] {
  const seen = new Set<string>();
  return [...issues]
    .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col || a.path.localeCompare(b.path) || a.message.localeCompare(b.message))
    .filter((i) => {
      const k = formatIssue(i);
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
}
