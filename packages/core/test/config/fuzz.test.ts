import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { formatIssue, loadConfig } from '../../src/config/index.ts';
import { FAKE_TOKEN, VALID, registry, tempDir } from './fixtures.ts';

const BLOCK = `version: 1
name: fuzz
source:
  crm:
    token: \${CRM_TOKEN}
    base_url: \${BASE_URL:-https://api.example.test}
    page_size: 50
    mode: fast
    streams:
      contacts: { properties: [email, firstname], sync: full }
      deals:
sinks:
  - files:
      dir: out
      compression: gzip
      streams: { deals: { write: replace } }
  - null: {}
`;

/** Structured mutations of a parsed pipeline: delete, rename, or replace a value somewhere. */
type Op = { kind: 'delete' | 'rename' | 'replace'; pick: number; key: string; value: unknown };

const opArb: fc.Arbitrary<Op> = fc.record({
  kind: fc.constantFrom('delete', 'rename', 'replace'),
  pick: fc.nat(),
  key: fc.oneof(fc.string(), fc.constantFrom('token', 'streams', 'dir', 'mode', 'source', 'sinks', 'null', 'crm', 'files', '${CRM_TOKEN}')),
  value: fc.oneof(
    fc.jsonValue({ maxDepth: 2 }),
    fc.constantFrom('${CRM_TOKEN}', '${UNSET_VAR}', '${bad-name}', '$${x}', '${', 'pat-na1-fake-test-token', [], {}, null),
    fc.string({ unit: 'binary' }),
  ),
});

/** Every (container, key) in the tree, so an op can pick one at random. */
function slots(node: unknown, out: [Record<string, unknown> | unknown[], string | number][] = []) {
  if (Array.isArray(node)) {
    for (const [i, v] of node.entries()) {
      out.push([node, i]);
      slots(v, out);
    }
  } else if (typeof node === 'object' && node !== null) {
    for (const [k, v] of Object.entries(node)) {
      out.push([node as Record<string, unknown>, k]);
      slots(v, out);
    }
  }
  return out;
}

function mutate(data: unknown, ops: Op[]): unknown {
  for (const op of ops) {
    const all = slots(data);
    if (all.length === 0) return op.value;
    const [container, key] = all[op.pick % all.length]!;
    if (Array.isArray(container)) {
      if (op.kind === 'delete') container.splice(Number(key), 1);
      else container[Number(key)] = op.value;
    } else if (op.kind === 'delete') delete container[key];
    else if (op.kind === 'rename') {
      const v = container[key];
      delete container[key];
      container[op.key] = v;
    } else container[key] = op.value;
  }
  return data;
}

/** Text mutations that break YAML: insert junk (any unicode), cut a slice, shift indentation. */
const textEditArb = fc.record({
  at: fc.nat(),
  cut: fc.nat({ max: 12 }),
  insert: fc.oneof(fc.string({ unit: 'binary', maxLength: 8 }), fc.constantFrom(':', '- ', '\t', '{', ']', '"', '&a', '*a', '!!binary', '\n  ', '${', '#')),
});

describe('loadConfig under fuzzing', () => {
  const dir = tempDir();
  const file = path.join(dir, 'fuzz.yml');
  const env = { CRM_TOKEN: FAKE_TOKEN };

  async function check(text: string) {
    fs.writeFileSync(file, text);
    const res = await loadConfig(file, { registry: registry(), env });
    if (res.ok) {
      expect(res.config.secrets.every((s) => typeof s === 'string')).toBe(true);
      return;
    }
    expect(res.issues.length).toBeGreaterThan(0);
    // Lines as the parser counts them: a lone \r (old Mac) is not a line break to yaml's LineCounter.
    const lines = text.split('\n');
    for (const i of res.issues) {
      // Positions point into the file (the column may sit just past a line's end).
      if (i.file === file) {
        expect(i.line, formatIssue(i)).toBeLessThanOrEqual(lines.length);
        expect(i.col, formatIssue(i)).toBeLessThanOrEqual((lines[i.line - 1]?.length ?? 0) + 1);
      }
      expect(Number.isInteger(i.line) && i.line >= 1, formatIssue(i)).toBe(true);
      expect(Number.isInteger(i.col) && i.col >= 1, formatIssue(i)).toBe(true);
      expect(i.path.length, formatIssue(i)).toBeGreaterThan(0);
      expect(i.message.length).toBeGreaterThan(0);
      expect(formatIssue(i)).not.toContain(FAKE_TOKEN);
      expect(i.message).not.toMatch(/\n\s+at /); // no stack traces
    }
  }

  it('the base pipelines are valid', async () => {
    for (const text of [BLOCK, VALID]) {
      fs.writeFileSync(file, text);
      const res = await loadConfig(file, { registry: registry(), env });
      expect(res.ok ? [] : res.issues.map(formatIssue)).toEqual([]);
    }
  });

  it('never throws on structural mutations, and every issue has a position and a path', async () => {
    const base = (await import('yaml')).parse(BLOCK);
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 4 }), fc.boolean(), async (ops, flow) => {
        const data = mutate(structuredClone(base), ops);
        await check(stringify(data, flow ? { collectionStyle: 'flow' } : {}));
      }),
      { numRuns: 120 },
    );
  });

  it('never throws on broken text, and every issue has a position and a path', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(BLOCK, VALID), fc.array(textEditArb, { minLength: 1, maxLength: 3 }), async (base, edits) => {
        let text = base;
        for (const e of edits) {
          const at = e.at % (text.length + 1);
          text = text.slice(0, at) + e.insert + text.slice(at + e.cut);
        }
        await check(text);
      }),
      { numRuns: 120 },
    );
  });

  it('survives pathological nesting and size', async () => {
    await check(`${'['.repeat(2000)}${']'.repeat(2000)}`);
    await check(`version: 1\nname: deep\nsource:\n  crm:\n    token: \${CRM_TOKEN}\n    streams: ${'['.repeat(500)}a${']'.repeat(500)}\nsinks: [{ null: }]\n`);
    await check(`a: &a [${'x, '.repeat(50)}]\nb: &b [${'*a, '.repeat(50)}]\nc: [${'*b, '.repeat(50)}]\n`);
  });

  it('never throws on arbitrary bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 200 }), async (text) => check(text)),
      { numRuns: 50 },
    );
  });
});
