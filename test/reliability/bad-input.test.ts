// Bad input, fuzzed with fast-check: broken pipeline files and bad CLI arguments. Every case must
// end in a clear message and exit 2 — never a stack trace, never a request, never a written file.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '@pipe/core';
import fc from 'fast-check';
import { afterAll, expect, it } from 'vitest';
import { makeRegistry } from '../../packages/cli/src/pipeline.ts';
import { cli } from '../cli/run-cli.ts';
import { scale, timeout } from './support/scale.ts';
import { TOKEN } from './support/token.ts';

const VALID = `version: 1
name: fuzzed
source:
  hubspot:
    token: \${HUBSPOT_TOKEN}
    retry_base_ms: 20
    streams:
      contacts: { detect_deletes: true }
      deals: {}
sinks:
  - duckdb: { path: warehouse.duckdb }
  - parquet: { dir: dataset }
`;

const word = fc.stringMatching(/^[a-z][a-z_]{0,11}$/);
const junk = fc.string({ maxLength: 30 });
/** One change that makes the valid pipeline invalid (found by the config loader). */
const brokenConfig = fc.oneof(
  word.map((w) => VALID.replace('retry_base_ms: 20', `retry_base_ms: zz${w}`)), // wrong type
  fc.integer({ min: -1000, max: 0 }).map((n) => VALID.replace('retry_base_ms: 20', `retry_base_ms: ${n}`)), // out of range
  word.map((w) => VALID.replace('version: 1', `version: 1\nzz${w}: true`)), // unknown top-level key
  word.map((w) => VALID.replace('retry_base_ms: 20', `retry_base_ms: 20\n    zz${w}: 1`)), // unknown option
  word.map((w) => VALID.replace('- duckdb:', `- zz${w}:`)), // unknown sink
  fc.constantFrom('version: 1\n', 'name: fuzzed\n', 'sinks:\n').map((line) => VALID.replace(line, '')), // missing required
  fc.constantFrom('version: 1\n', 'name: fuzzed\n', 'sinks:\n', 'source:\n').map((line) => VALID.replace(line, '')),
  junk.map((j) => VALID.replace('name: fuzzed', `name: "Bad Name ${j.replaceAll('"', '')}"`)), // invalid pipeline name
  junk.map((j) => `[${j.replaceAll(']', '')}\n${VALID}`), // unclosed flow sequence
  fc.integer({ min: 1, max: VALID.indexOf('sinks:') - 1 }).map((n) => VALID.slice(0, n)), // truncated before the sinks
  fc.constant(VALID.replace('${HUBSPOT_TOKEN}', '${PIPE_FUZZ_UNSET_VARIABLE}')), // unset variable
  fc.constant(VALID.replace('${HUBSPOT_TOKEN}', TOKEN)), // a literal token instead of a reference
  fc.constant('\t' + VALID), // tab indentation
);

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});
const scratch = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'pipe-fuzz-'));
  dirs.push(d);
  return d;
};

it(
  'loadConfig: every broken pipeline file is refused with positioned messages, never an internal error',
  async () => {
    const dir = scratch();
    const registry = makeRegistry();
    await fc.assert(
      fc.asyncProperty(brokenConfig, async (text) => {
        const file = path.join(dir, 'pipeline.yml');
        fs.writeFileSync(file, text);
        const res = await loadConfig(file, { registry, env: { HUBSPOT_TOKEN: TOKEN } });
        expect(res.ok).toBe(false);
        if (res.ok) return;
        expect(res.issues.length).toBeGreaterThan(0);
        for (const issue of res.issues) {
          expect(issue.message.length).toBeGreaterThan(5);
          expect(issue.message).not.toMatch(/bug in pipe|is not a function|Cannot read prop|undefined/);
          expect(issue.message).not.toContain(TOKEN);
        }
      }),
      { numRuns: scale.configFuzzRuns, seed: 4242 },
    );
  },
  timeout(60_000, 300_000),
);

/** Runs the CLI and checks the contract for bad input: exit 2, a message, no stack, nothing written. */
async function expectRefused(args: string[], dir: string) {
  const r = await cli(args, { HUBSPOT_TOKEN: TOKEN, HUBSPOT_BASE_URL: 'http://127.0.0.1:9' }, dir);
  const out = r.stdout + r.stderr;
  expect(r.code, `${args.join(' ')}\n${out}`).toBe(2);
  expect(r.stderr.trim().length, out).toBeGreaterThan(10);
  expect(out).not.toMatch(/\n\s+at \S/);
  expect(out).not.toContain(TOKEN);
  expect(fs.existsSync(path.join(dir, 'warehouse.duckdb')), 'a partial write').toBe(false);
  expect(fs.existsSync(path.join(dir, 'dataset')), 'a partial write').toBe(false);
}

it(
  'pipe run: broken pipeline files exit 2 with a message and write nothing',
  async () => {
    const samples = fc.sample(brokenConfig, { numRuns: scale.cliFuzzRuns, seed: 77 });
    for (const text of samples) {
      const dir = scratch();
      fs.writeFileSync(path.join(dir, 'pipeline.yml'), text);
      await expectRefused(['run', 'pipeline.yml'], dir);
    }
  },
  timeout(90_000, 600_000),
);

const badArgs = fc.oneof(
  word.map((w) => ['run', `--zz${w}`, 'pipeline.yml']),
  fc.constantFrom('abc', '-1', '0', '1.5', '').map((v) => ['run', '--concurrency', v, 'pipeline.yml']),
  fc.constantFrom('abc', '-5', '').map((v) => ['run', '--max-calls', v, 'pipeline.yml']),
  word.map((w) => ['run', `missing-${w}.yml`]),
  fc.constant<string[]>(['run']),
  word.map((w) => [`zz${w}`, 'pipeline.yml']),
);

it(
  'pipe: bad arguments exit 2 with a message and write nothing',
  async () => {
    const samples = fc.sample(badArgs, { numRuns: scale.cliFuzzRuns, seed: 78 });
    for (const args of samples) {
      const dir = scratch();
      fs.writeFileSync(path.join(dir, 'pipeline.yml'), VALID);
      await expectRefused(args, dir);
    }
  },
  timeout(90_000, 600_000),
);
