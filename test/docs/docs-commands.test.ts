import { exec } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import path from 'node:path';
import { type Simulator, startSimulator } from '@pipe/hubspot-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../cli/run-cli.ts';

/**
 * Every shell block in the docs (and the package READMEs) marked `<!-- docs-test -->` runs here, line by line, as
 * written, against the HubSpot simulator (HUBSPOT_TOKEN and HUBSPOT_BASE_URL point at it).
 */
const DOCS = [
  'README.md',
  ...fs.readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`),
  ...fs.readdirSync(path.join(ROOT, 'packages')).map((p) => `packages/${p}/README.md`).filter((f) => fs.existsSync(path.join(ROOT, f))),
];

function testedBlocks(file: string): string[][] {
  const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
  const blocks: string[][] = [];
  for (const m of text.matchAll(/<!-- docs-test -->\s*\n```(?:bash|sh)\n([\s\S]*?)```/g)) {
    blocks.push(m[1]!.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#')));
  }
  return blocks;
}

const run = promisify(exec);
let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 3, rateLimits: false, counts: { contacts: 300, companies: 60, deals: 90, tickets: 40 } });
});
afterAll(async () => {
  await sim?.close();
  fs.rmSync(path.join(ROOT, 'pipelines/hubspot.duckdb'), { force: true });
  fs.rmSync(path.join(ROOT, 'pipelines/.pipe'), { recursive: true, force: true });
});

describe('commands in the docs run as written', () => {
  const cases = DOCS.flatMap((file) => testedBlocks(file).map((lines, i) => ({ file, i, lines })));
  it('finds tested blocks', () => expect(cases.length).toBeGreaterThan(0));
  for (const { file, i, lines } of cases) {
    // Asynchronous on purpose: the simulator lives in this process, so a blocking exec would deadlock.
    it(`${file} block ${i + 1}`, { timeout: 180_000 }, async () => {
      fs.rmSync('/tmp/pipe-getting-started', { recursive: true, force: true });
      for (const line of lines) {
        try {
          await run(line, { cwd: ROOT, env: { ...process.env, CI: 'true', HUBSPOT_TOKEN: sim.token, HUBSPOT_BASE_URL: sim.url }, timeout: 90_000 });
        } catch (e) {
          const err = e as { code: number; stderr: string; stdout: string };
          throw new Error(`\`${line}\` exited ${err.code}:\n${err.stdout}\n${err.stderr}`);
        }
      }
    });
  }
});
