import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, startCli } from './run-cli.ts';

describe('pipe watch', () => {
  it('runs, shows a validation error inline without exiting, re-runs after the fix, and stops on Ctrl-C', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pipe-watch-'));
    const file = path.join(dir, 'pipeline.yml');
    const good = fs.readFileSync(path.join(ROOT, 'test/fixtures/memory/pipeline.yml'), 'utf8').replace(/^#.*\n/, '');
    fs.writeFileSync(file, good);
    const { child, done } = startCli(['watch', file], { OUT_FILE: path.join(dir, 'out.json') });
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    const until = async (re: RegExp, count = 1) => {
      const deadline = Date.now() + 30_000;
      while ((out.match(new RegExp(re, 'g')) ?? []).length < count) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${re}:\n${out}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    await until(/watching /);
    expect(out).toMatch(/users\s+succeeded\s+300/);
    fs.writeFileSync(file, good.replace('seed: 7', 'seed: seven'));
    await until(/source\.memory\.seed: must be/);
    await until(/watching /, 2);
    fs.writeFileSync(file, good);
    await until(/watching /, 3);
    expect((out.match(/run \S+ succeeded/g) ?? []).length).toBe(2);
    child.kill('SIGINT');
    const r = await done;
    expect(r.code).toBe(130);
  });
});
