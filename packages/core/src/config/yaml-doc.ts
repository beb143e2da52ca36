import { type Document, LineCounter, type Node, isMap, isNode, isScalar, isSeq, parseDocument, visit } from 'yaml';
import { issueAt } from './issues.ts';
import type { ConfigIssue, Pos } from './types.ts';

export type PathSegment = string | number;

/** A parsed pipeline file that can say where any config path sits. */
export interface YamlFile {
  file: string;
  doc: Document.Parsed;
  /** Plain data, as the YAML says it (no env substitution yet). */
  data: unknown;
  /** Position of the value at `path`, or of its nearest existing ancestor. */
  posOf(path: PathSegment[]): Pos;
  /** Position of the key that names `path` (for "unknown key" problems); falls back to posOf. */
  keyPosOf(path: PathSegment[]): Pos;
}

/** Parse YAML keeping positions. Syntax errors and duplicate keys come back as issues. */
export function parseYamlFile(file: string, text: string): { ok: true; yaml: YamlFile } | { ok: false; issues: ConfigIssue[] } {
  const lines = new LineCounter();
  // `merge`: `<<: *defaults` is plain YAML that people use to share settings between sinks.
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true, merge: true });
  const at = (offset: number): Pos => {
    const { line, col } = lines.linePos(Math.max(0, offset));
    return { file, line: Math.max(1, line), col: Math.max(1, col) };
  };
  if (doc.errors.length > 0) {
    // Every duplicate key, but only the first syntax error: the rest are usually its echoes.
    const duplicates = doc.errors.filter((e) => e.code === 'DUPLICATE_KEY');
    const syntax = doc.errors.find((e) => e.code !== 'DUPLICATE_KEY');
    const issues = [...duplicates, ...(syntax ? [syntax] : [])].map((e) =>
      issueAt(at(e.pos[0]), formatPath(pathAtOffset(doc, e.pos[0])), syntaxMessage(e.code, e.message, text, e.pos[0])),
    );
    return { ok: false, issues };
  }
  keysAsWritten(doc);
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 1000 });
  } catch (e) {
    // Unresolved aliases and alias bombs surface here, not as parse errors.
    return { ok: false, issues: [issueAt(at(0), '', `YAML error: ${(e as Error).message.split('\n')[0]}`)] };
  }
  const posOfNode = (found: Located): Pos => {
    const node = found.node ?? found.key;
    return node?.range ? at(node.range[0]) : at(0);
  };
  return {
    ok: true,
    yaml: {
      file,
      doc,
      data,
      posOf: (path) => posOfNode(locate(doc, path)),
      keyPosOf: (path) => {
        const found = locate(doc, path);
        return found.depth === path.length && found.key?.range ? at(found.key.range[0]) : posOfNode(found);
      },
    },
  };
}

function syntaxMessage(code: string, message: string, text: string, offset: number): string {
  if (code === 'DUPLICATE_KEY') return 'duplicate key: each key may appear only once in a mapping';
  const lineStart = text.lastIndexOf('\n', Math.max(0, offset - 1)) + 1;
  const lineEnd = text.indexOf('\n', offset);
  const line = text.slice(lineStart, lineEnd < 0 ? undefined : lineEnd);
  // `{ token: ${TOKEN} }` is the classic: braces are YAML syntax inside flow mappings.
  const hint = /[{[][^\n]*\$\{/.test(line) ? '; inside { } or [ ], quote environment references: "${NAME}"' : '';
  // yaml quotes the offending source text ("Unexpected scalar token in YAML stream: "pat-…"");
  // it may be a pasted token, and the position already points at it.
  const reason = message.split('\n')[0]!.replace(/: ".*"$/, '');
  return `YAML syntax error: ${reason}${hint}`;
}

interface Located {
  node: Node | null;
  key: Node | null;
  /** How many path segments were found. */
  depth: number;
}

/** Walk the document along `path`, stopping at the last segment that exists. */
function locate(doc: Document.Parsed, path: PathSegment[]): Located {
  let node: Node | null = isNode(doc.contents) ? doc.contents : null;
  let key: Node | null = null;
  for (let depth = 0; depth < path.length; depth++) {
    const seg = path[depth]!;
    if (isMap(node)) {
      const pair = node.items.find((p) => keyText(p.key) === String(seg));
      if (!pair) return { node, key, depth };
      key = isNode(pair.key) ? pair.key : null;
      // `deals:` with no value: point at the key.
      node = isNode(pair.value) ? pair.value : null;
      if (!node) return { node: null, key, depth: depth + 1 };
    } else if (isSeq(node) && Number.isInteger(Number(seg))) {
      const item = node.items[Number(seg)];
      if (!isNode(item)) return { node, key, depth };
      node = item;
      key = null;
    } else {
      return { node, key, depth };
    }
  }
  return { node, key, depth: path.length };
}

/**
 * Keys are names (plugins, streams, fields): keep them as written. Otherwise YAML turns
 * `null:` into a null key, `on:` stays but `1e3:` becomes "1000".
 */
function keysAsWritten(doc: Document.Parsed): void {
  visit(doc, {
    Pair(_, pair) {
      if (isScalar(pair.key) && typeof pair.key.value !== 'string') pair.key.value = pair.key.source ?? String(pair.key.value);
    },
  });
}

function keyText(key: unknown): string {
  if (isScalar(key)) return String(key.value);
  return String(key);
}

/** The path of the deepest node whose source range holds `offset` (for syntax errors). */
function pathAtOffset(doc: Document.Parsed, offset: number): PathSegment[] {
  const path: PathSegment[] = [];
  let node: unknown = doc.contents;
  const holds = (n: unknown) => isNode(n) && n.range !== undefined && n.range !== null && n.range[0] <= offset && offset < n.range[2];
  for (;;) {
    if (isMap(node)) {
      const pair = node.items.find((p) => holds(p.value) || holds(p.key));
      if (!pair || !holds(pair.value)) return path;
      path.push(keyText(pair.key));
      node = pair.value;
    } else if (isSeq(node)) {
      const index = node.items.findIndex(holds);
      if (index < 0) return path;
      path.push(index);
      node = node.items[index];
    } else {
      return path;
    }
  }
}

const MAX_PATH_SEGMENTS = 16;

/** `sinks[0].duckdb.path`; keys that are not plain words are quoted: `source["./x.ts"]`. */
export function formatPath(path: PathSegment[]): string {
  let out = '';
  // Pathological nesting should not print a kilobyte of `[0]`.
  for (const seg of path.length > MAX_PATH_SEGMENTS ? path.slice(0, MAX_PATH_SEGMENTS) : path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(seg)) out += out ? `.${seg}` : seg;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return path.length > MAX_PATH_SEGMENTS ? `${out}…` : out;
}
