import { exec, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { type Simulator, startSimulator } from '@pipe/hubspot-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../cli/run-cli.ts';

/**
 * Every shell block in the docs (and the package READMEs) marked `<!-- docs-test -->` runs here, line by line, as
 * written, against the HubSpot simulator (HUBSPOT_TOKEN and HUBSPOT_BASE_URL point at it). A ```sql block marked
 * `<!-- docs-test: <file> -->` runs statement by statement against that DuckDB file (relative to the repository),
 * as the blocks before it in the same document left it: queries in the docs query what the examples write.
 */
const DOCS = [
  'README.md',
  ...fs.readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`),
  ...fs.readdirSync(path.join(ROOT, 'packages')).map((p) => `packages/${p}/README.md`).filter((f) => fs.existsSync(path.join(ROOT, f))),
];

type Block = { kind: 'shell'; lines: string[] } | { kind: 'sql'; file: string; statements: string[] };

function testedBlocks(file: string): Block[] {
  const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
  const blocks: Block[] = [];
  for (const m of text.matchAll(/<!-- docs-test(?:: (\S+))? -->\s*\n```(bash|sh|sql)\n([\s\S]*?)```/g)) {
    const [, db, lang, body] = m as unknown as [string, string | undefined, string, string];
    if (lang === 'sql') {
      if (!db) throw new Error(`${file}: a docs-test sql block names its DuckDB file: <!-- docs-test: out/x.duckdb -->`);
      blocks.push({ kind: 'sql', file: db, statements: sqlStatements(body) });
    } else {
      blocks.push({ kind: 'shell', lines: body.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#')) });
    }
  }
  return blocks;
}

function sqlStatements(sql: string): string[] {
  const code = sql
    .split('\n')
    .filter((l) => !l.trim().startsWith('--'))
    .join('\n');
  return code.split(';').map((s) => s.trim()).filter(Boolean);
}

/** The DuckDB CLI, when this machine has it; otherwise `duckdb …` lines run through @duckdb/node-api. */
const DUCKDB_CLI = (() => {
  try {
    execFileSync('duckdb', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** `duckdb [file] [-c SQL]… [SQL]` as the DuckDB CLI runs it (SQL and `.read <file>`), through the node client. */
async function duckdbLine(line: string): Promise<void> {
  const args = shellWords(line).slice(1);
  let file: string | undefined;
  const commands: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-c') commands.push(args[++i] ?? '');
    else if (a.startsWith('-')) throw new Error(`docs test: the duckdb option ${a} is not emulated; use -c`);
    else if (file === undefined) file = a; // as the CLI: the first plain argument is the database file
    else commands.push(a);
  }
  const sql = commands.flatMap((c) => {
    const read = /^\.read\s+(\S+)$/.exec(c.trim());
    if (read) return sqlStatements(fs.readFileSync(path.resolve(ROOT, read[1]!), 'utf8'));
    if (c.trim().startsWith('.')) throw new Error(`docs test: the dot command ${c} is not emulated`);
    return sqlStatements(c);
  });
  await query(file ?? ':memory:', sql);
}

async function query(file: string, statements: string[]): Promise<void> {
  const db = await DuckDBInstance.create(file === ':memory:' ? file : path.resolve(ROOT, file), file === ':memory:' ? {} : { access_mode: 'READ_ONLY' });
  const conn = await db.connect();
  try {
    for (const sql of statements) {
      try {
        await conn.runAndReadAll(sql);
      } catch (e) {
        throw new Error(`DuckDB (${file}) refused:\n${sql}\n${(e as Error).message}`);
      }
    }
  } finally {
    conn.closeSync();
    db.closeSync();
  }
}

/** Splits a command line as sh does for plain words and '…' / "…" quotes (no variables, no escapes in '…'). */
function shellWords(line: string): string[] {
  const words: string[] = [];
  for (const m of line.matchAll(/"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g)) words.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : (m[2] ?? m[3]!));
  return words;
}

const run = promisify(exec);
let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 3, rateLimits: false, counts: { contacts: 300, companies: 60, deals: 90, tickets: 40 } });
});
afterAll(async () => {
  await sim?.close();
  fs.rmSync(path.join(ROOT, 'pipelines/warehouse.duckdb'), { force: true });
  fs.rmSync(path.join(ROOT, 'pipelines/.pipe'), { recursive: true, force: true });
});

describe('commands in the docs run as written', () => {
  const cases = DOCS.flatMap((file) => testedBlocks(file).map((block, i) => ({ file, i, block })));
  it('finds tested blocks', () => expect(cases.length).toBeGreaterThan(0));
  it('tests the query in getting-started as written', () =>
    expect(cases.some((c) => c.file === 'docs/getting-started.md' && c.block.kind === 'shell' && c.block.lines.some((l) => l.startsWith('duckdb ')))).toBe(true));
  for (const { file, i, block } of cases) {
    // Asynchronous on purpose: the simulator lives in this process, so a blocking exec would deadlock.
    it(`${file} block ${i + 1}`, { timeout: 180_000 }, async () => {
      if (block.kind === 'sql') return query(block.file, block.statements);
      fs.rmSync('/tmp/pipe-getting-started', { recursive: true, force: true });
      for (const line of block.lines) {
        if (line.startsWith('duckdb ') && !DUCKDB_CLI) {
          await duckdbLine(line);
          continue;
        }
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
