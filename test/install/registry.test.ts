// pipe installed like a product: every package built from this working tree is published to a
// throwaway Verdaccio registry on localhost, then a fresh folder outside the repository (own npm
// cache, own npm config) installs @pipe/cli from it and uses pipe as a data engineer would: init,
// sim + run (exact rows in DuckDB), a local TypeScript plugin, a scaffolded plugin package whose
// conformance tests pass with the published testkit, and `pipe --version`.
// Only @pipe/* come from the local registry; everything else from the machine's default registry.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../cli/run-cli.ts';

const PACKAGES = fs.readdirSync(path.join(ROOT, 'packages')).filter((p) => fs.existsSync(path.join(ROOT, 'packages', p, 'package.json')));
let tmp: string;
let registry: ChildProcess | undefined;
let sim: ChildProcess | undefined;
let project: string;
let env: NodeJS.ProcessEnv;

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], cwd: string, extraEnv: NodeJS.ProcessEnv = {}, timeoutMs = 240_000): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} ${args.join(' ')} timed out after ${timeoutMs} ms\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

const explain = (r: Result) => `exit ${r.code}\n${r.stdout.slice(-3000)}\n${r.stderr.slice(-3000)}`;
async function ok(command: string, args: string[], cwd: string, extraEnv?: NodeJS.ProcessEnv): Promise<Result> {
  const r = await run(command, args, cwd, extraEnv);
  expect(r.code, `${command} ${args.join(' ')}: ${explain(r)}`).toBe(0);
  return r;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function waitForLine(child: ChildProcess, pattern: RegExp, ms: number): Promise<RegExpMatchArray> {
  let seen = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${pattern} within ${ms} ms: ${seen}`)), ms);
    const onData = (d: Buffer) => {
      seen += d.toString();
      const m = seen.match(pattern);
      if (m) {
        clearTimeout(timer);
        resolve(m);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
  });
}

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pipe-registry-'));
  // 1. Build every package as it is published (compiled JS, declarations, the CLI bundle).
  await ok(process.execPath, [path.join(ROOT, 'scripts/build-packages.mjs')], ROOT);

  // 2. A Verdaccio registry that serves only @pipe/*, with its storage in the temp folder.
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  const config = path.join(tmp, 'verdaccio.yaml');
  fs.writeFileSync(
    config,
    [
      `storage: ${path.join(tmp, 'storage')}`,
      'auth:',
      '  htpasswd:',
      `    file: ${path.join(tmp, 'htpasswd')}`,
      'uplinks: {}',
      'packages:',
      "  '@pipe/*':",
      '    access: $all',
      '    publish: $authenticated',
      'log: { type: stdout, format: pretty, level: warn }',
      '',
    ].join('\n'),
  );
  registry = spawn(process.execPath, [path.join(ROOT, 'node_modules/verdaccio/bin/verdaccio'), '--config', config, '--listen', `127.0.0.1:${port}`], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const until = Date.now() + 60_000;
  for (;;) {
    const up = await fetch(`${url}-/ping`).then((r) => r.ok, () => false);
    if (up) break;
    if (Date.now() > until) throw new Error('Verdaccio did not start within 60 s');
    await new Promise((r) => setTimeout(r, 200));
  }
  const user = await fetch(`${url}-/user/org.couchdb.user:pipe-test`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'pipe-test', password: 'local-test-only' }),
  });
  const { token } = (await user.json()) as { token: string };

  // npm config for every step: @pipe/* from the local registry, its own cache, no update checks.
  const npmrc = path.join(tmp, 'npmrc');
  fs.writeFileSync(npmrc, `@pipe:registry=${url}\n//127.0.0.1:${port}/:_authToken=${token}\ncache=${path.join(tmp, 'npm-cache')}\nfund=false\naudit=false\nupdate-notifier=false\n`);
  env = { ...process.env, npm_config_userconfig: npmrc, CI: 'true' };
  for (const key of Object.keys(env)) if (key.startsWith('npm_') && key !== 'npm_config_userconfig') delete env[key];
  delete env.HUBSPOT_TOKEN;
  delete env.HUBSPOT_BASE_URL;

  // 3. Publish every package: pnpm pack applies publishConfig and pins workspace versions.
  const tarballs = path.join(tmp, 'tarballs');
  for (const pkg of PACKAGES) {
    const packed = await ok('pnpm', ['pack', '--pack-destination', tarballs], path.join(ROOT, 'packages', pkg));
    const file = packed.stdout.trim().split('\n').at(-1)!.trim();
    await ok('npm', ['publish', file, '--registry', url], tmp);
  }
  project = path.join(tmp, 'analytics');
  fs.mkdirSync(project);
}, 600_000);

afterAll(async () => {
  sim?.kill('SIGTERM');
  registry?.kill('SIGTERM');
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true, maxRetries: 5, retryDelay: 500 });
});

describe('pipe from a registry, in a project outside the repository', () => {
  it('installs @pipe/cli, prints its versions, and the package carries no tests or TypeScript sources', async () => {
    await ok('npm', ['install', '--save-dev', '@pipe/cli'], project);
    const installed = path.join(project, 'node_modules/@pipe/cli');
    const files = listFiles(installed);
    expect(files.filter((f) => /\.test\.|(^|\/)test\/|\.ts$/.test(f) && !f.endsWith('.d.ts'))).toEqual([]);
    expect(fs.existsSync(path.join(project, 'node_modules/vitest')), 'vitest is not a runtime dependency').toBe(false);
    expect(fs.existsSync(path.join(project, 'node_modules/tsx')), 'tsx is not installed with the CLI').toBe(false);
    const version = await ok('npx', ['--no-install', 'pipe', '--version'], project);
    const cliVersion = JSON.parse(fs.readFileSync(path.join(ROOT, 'packages/cli/package.json'), 'utf8')).version;
    const sdkVersion = JSON.parse(fs.readFileSync(path.join(ROOT, 'packages/sdk/package.json'), 'utf8')).version;
    expect(version.stdout).toContain(`pipe ${cliVersion}`);
    expect(version.stdout).toMatch(new RegExp(`@pipe/sdk\\s+${sdkVersion.replace(/\./g, '\\.')}`));
    expect(version.stdout).toMatch(/@pipe\/source-hubspot\s+\d+\.\d+\.\d+/);
  }, 300_000);

  it('pipe init, pipe sim and pipe run: exact rows in DuckDB', async () => {
    await ok('npx', ['--no-install', 'pipe', 'init', '.', '--name', 'crm'], project);
    const pipeline = path.join(project, 'pipelines/crm.yml');
    const text = fs.readFileSync(pipeline, 'utf8');
    expect(text).toContain('$schema=../node_modules/@pipe/cli/schemas/pipeline.schema.json');
    expect(fs.existsSync(path.join(project, 'node_modules/@pipe/cli/schemas/pipeline.schema.json'))).toBe(true);
    expect(fs.readFileSync(path.join(project, '.gitignore'), 'utf8')).toContain('.env');

    // The installed bin itself (not npx), so that killing it stops the simulator.
    sim = spawn(path.join(project, 'node_modules/.bin/pipe'), ['sim', '--port', '0', '--contacts', '300', '--companies', '40', '--deals', '70', '--no-rate-limits'], {
      cwd: project,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const [, url, token] = await waitForLine(sim, /URL:\s+(\S+)\s+token:\s+(\S+)/, 60_000);
    const runEnv = { HUBSPOT_BASE_URL: url!, HUBSPOT_TOKEN: token! };
    await ok('npx', ['--no-install', 'pipe', 'validate', 'pipelines/crm.yml'], project, runEnv);
    const ran = await ok('npx', ['--no-install', 'pipe', 'run', 'pipelines/crm.yml'], project, runEnv);
    expect(ran.stdout + ran.stderr).not.toContain(token!);

    const truth = async (type: string) =>
      ((await (await fetch(`${url}/_sim/truth/${type}`)).json()) as { results: { id: string }[] }).results.map((r) => String(r.id)).sort();
    // Wherever init put the warehouse: its file and schema (the pipeline's name unless set).
    const sink = fs.readFileSync(pipeline, 'utf8');
    const file = /path:\s*(\S+\.duckdb)/.exec(sink)![1]!;
    const schema = /schema:\s*(\w+)/.exec(sink)?.[1] ?? 'crm';
    const warehouse = path.resolve(path.dirname(pipeline), file);
    const qualified = `"${path.basename(file, '.duckdb')}"."${schema}"`;
    for (const [table, type] of [
      ['contacts', 'contacts'],
      ['companies', 'companies'],
      ['deals', 'deals'],
    ] as const) {
      const ids = await queryIds(warehouse, `SELECT CAST(id AS VARCHAR) AS id FROM ${qualified}.${table} ORDER BY 1`);
      expect(ids, table).toEqual(await truth(type));
    }
  }, 300_000);

  it('loads a local TypeScript plugin once the project declares tsx, and says how to add it before', async () => {
    await ok('npm', ['install', '--save-dev', '@pipe/sdk'], project);
    fs.mkdirSync(path.join(project, 'plugins'), { recursive: true });
    fs.writeFileSync(
      path.join(project, 'plugins/numbers.ts'),
      `import { type Row, SDK_VERSION, Type, defineSource } from '@pipe/sdk';

export default defineSource({
  name: 'numbers',
  sdkVersion: SDK_VERSION,
  description: 'counts to n',
  config: Type.Object({ n: Type.Integer({ default: 5 }) }),
  open(config) {
    return {
      async discover() {
        return [{ name: 'numbers', primaryKey: ['id'], syncModes: ['full' as const], columns: [{ name: 'id', type: 'integer' as const, nullable: false }] }];
      },
      async *read() {
        const rows: Row[] = Array.from({ length: config.n }, (_, i) => ({ id: i + 1 }));
        yield { stream: 'numbers', rows };
      },
    };
  },
});
`,
    );
    fs.writeFileSync(path.join(project, 'pipelines/numbers.yml'), 'version: 1\nname: numbers\nsource:\n  ../plugins/numbers.ts: { n: 7 }\nsinks:\n  - duckdb: { path: numbers.duckdb, schema: local }\n');
    const before = await run('npx', ['--no-install', 'pipe', 'run', 'pipelines/numbers.yml'], project);
    expect(before.code, explain(before)).toBe(2);
    expect(before.stderr).toMatch(/need tsx.*npm install --save-dev tsx/s);

    await ok('npm', ['install', '--save-dev', 'tsx'], project);
    await ok('npx', ['--no-install', 'pipe', 'run', 'pipelines/numbers.yml'], project);
    expect(await queryIds(path.join(project, 'pipelines/numbers.duckdb'), 'SELECT CAST(id AS VARCHAR) FROM local.numbers ORDER BY id')).toEqual(['1', '2', '3', '4', '5', '6', '7']);
  }, 300_000);

  it('pipe new source scaffolds a standalone plugin package whose conformance tests pass with the published testkit', async () => {
    await ok('npx', ['--no-install', 'pipe', 'new', 'source', 'shop_api'], project);
    const pkg = path.join(project, 'plugins/shop_api');
    const manifest = JSON.parse(fs.readFileSync(path.join(pkg, 'package.json'), 'utf8'));
    expect(manifest.devDependencies['@pipe/testkit']).toMatch(/^\^\d/);
    await ok('npm', ['install'], pkg);
    const tested = await ok('npm', ['test'], pkg);
    expect(tested.stdout).toMatch(/Tests\s+.*passed/);
    expect(tested.stdout).not.toMatch(/failed/);
  }, 300_000);
});

function listFiles(dir: string, prefix = ''): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]));
}

/** Reads through the project's own DuckDB (installed with @pipe/cli), as a user's script would. */
async function queryIds(file: string, sql: string): Promise<string[]> {
  const script = `import { DuckDBInstance } from '@duckdb/node-api';
const db = await DuckDBInstance.create(${JSON.stringify(file)}, { access_mode: 'READ_ONLY' });
const conn = await db.connect();
const rows = (await conn.runAndReadAll(${JSON.stringify(sql)})).getRows();
console.log(JSON.stringify(rows.map((r) => String(r[0]))));
conn.closeSync();`;
  const r = await ok(process.execPath, ['--input-type=module', '-e', script], project);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as string[];
}
