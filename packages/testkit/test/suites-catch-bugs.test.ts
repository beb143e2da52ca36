import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { BROKEN_SINKS } from './broken/broken-sinks.ts';
import { BROKEN_SOURCES } from './broken/broken-sources.ts';

/**
 * The suites must be able to fail: run them (in a child vitest) against plugins with one
 * classic bug each, and check each bug is caught by the case meant to catch it.
 */

const here = path.dirname(fileURLToPath(import.meta.url));
const vitestBin = path.join(here, '..', 'node_modules', 'vitest', 'vitest.mjs');

interface Assertion {
  ancestorTitles: string[];
  title: string;
  status: string;
}

let results: Assertion[] = [];

beforeAll(async () => {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pipe-testkit-broken-')), 'report.json');
  const args = [vitestBin, 'run', '--config', path.join(here, 'broken', 'vitest.config.ts'), '--reporter=json', `--outputFile=${out}`];
  // Exit code 1 is expected: the broken plugins fail.
  const stderr = await new Promise<string>((resolve) =>
    execFile(process.execPath, args, { cwd: path.join(here, '..'), maxBuffer: 16 * 1024 * 1024 }, (_e, _out, err) => resolve(String(err))),
  );
  if (!fs.existsSync(out)) throw new Error(`the child vitest run wrote no report; its stderr ends with:\n${stderr.slice(-2000)}`);
  const report = JSON.parse(fs.readFileSync(out, 'utf8')) as { testResults: { assertionResults: Assertion[] }[] };
  results = report.testResults.flatMap((f) => f.assertionResults);
  fs.rmSync(path.dirname(out), { recursive: true, force: true });
});

function statusOf(suite: string, casePart: string): string[] {
  return results.filter((a) => a.ancestorTitles.at(-1) === suite && a.title.includes(casePart)).map((a) => a.status);
}

describe('the conformance suites catch broken plugins', () => {
  for (const b of BROKEN_SINKS) {
    it(`sink that ${b.name}: fails "${b.expectedFailure}"`, () => {
      expect(statusOf(`sink conformance: ${b.name}`, b.expectedFailure)).toEqual(['failed']);
    });
  }
  for (const b of BROKEN_SOURCES) {
    it(`source that ${b.name}: fails "${b.expectedFailure}"`, () => {
      expect(statusOf(`source conformance: ${b.name}`, b.expectedFailure)).toEqual(['failed']);
    });
  }
});
