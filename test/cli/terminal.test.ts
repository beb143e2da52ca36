import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT, cli } from './run-cli.ts';

const slow = path.join(ROOT, 'test/fixtures/slow/pipeline.yml');

/** Runs the CLI under a pseudo-terminal (util-linux `script`) and returns what the terminal received. */
function underPty(args: string, env: Record<string, string>): Promise<string> {
  const log = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pipe-pty-')), 'tty.log');
  const { CI: _ci, ...rest } = process.env;
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qfc', `stty rows 30 cols 120; ${process.execPath} ${BIN} ${args}`, log], {
      env: { ...rest, ...env },
      stdio: 'ignore',
    });
    child.on('error', reject);
    child.on('close', () => resolve(fs.readFileSync(log, 'utf8')));
  });
}

describe('progress display', () => {
  it('shows a live per-stream view at a terminal', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pipe-live-'));
    const screen = await underPty(`run ${slow}`, { OUT_FILE: path.join(dir, 'out.json'), PAGES: '60' });
    // spinner frames redrawn in place, with a rate
    expect(screen).toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] ticks\s+[\d,]+ rows\s+[\d,]+ rows\/s/);
    expect(screen).toMatch(/✓ ticks\s+600 rows\s+succeeded/);
  });

  it('prints plain lines in CI, and JSON events with --json', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pipe-plain-'));
    const plain = await cli(['run', slow], { OUT_FILE: path.join(dir, 'a.json'), PAGES: '20' });
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stderr).not.toContain('\u001b['); // no escape codes in CI logs
    expect(plain.stderr).toContain('ticks: succeeded, 200 rows');
    const json = await cli(['run', slow, '--json'], { OUT_FILE: path.join(dir, 'b.json'), PAGES: '20' });
    expect(json.code, json.stderr).toBe(0);
    const events = json.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(events[0]).toMatchObject({ type: 'schema_change' });
    expect(events.filter((e) => e.type === 'batch')).toHaveLength(20);
    expect(events.at(-1)).toMatchObject({ type: 'summary', status: 'succeeded' });
  });

  it('writes a Markdown summary to $GITHUB_STEP_SUMMARY', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pipe-gh-'));
    const summary = path.join(dir, 'summary.md');
    const r = await cli(['run', slow, '-q'], { OUT_FILE: path.join(dir, 'a.json'), PAGES: '5', GITHUB_STEP_SUMMARY: summary });
    expect(r.code, r.stderr).toBe(0);
    const md = fs.readFileSync(summary, 'utf8');
    expect(md).toContain('### ✅ pipe run `slow_fixture`: succeeded');
    expect(md).toMatch(/\| ticks \| succeeded \| 50 \|/);
  });
});
