// @pipe/cli as users install it: the packed size, the installed size, and the cold start of the
// installed `pipe validate` (issue 26: ≤ 300 ms). Packs the CLI built from the working tree
// (scripts/build-packages.mjs --cli), installs the tarball into a fresh folder with npm (DuckDB's
// native package comes from the registry), then times fresh processes against `node -e 0`.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { median, report } from './measure.ts';
import { ROOT } from './sim-process.ts';

const RUNS = 9;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pipe-installed-'));
const sizeOf = (dir: string): number =>
  fs.readdirSync(dir, { withFileTypes: true }).reduce((n, e) => n + (e.isDirectory() ? sizeOf(path.join(dir, e.name)) : fs.statSync(path.join(dir, e.name)).size), 0);
try {
  execFileSync(process.execPath, [path.join(ROOT, 'scripts/build-packages.mjs'), '--cli'], { cwd: ROOT, stdio: 'ignore' });
  const packed = execFileSync('pnpm', ['pack', '--pack-destination', tmp], { cwd: path.join(ROOT, 'packages/cli'), encoding: 'utf8' }).trim().split('\n').at(-1)!.trim();
  const project = path.join(tmp, 'project');
  fs.mkdirSync(project);
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', '--cache', path.join(tmp, 'npm-cache'), packed], { cwd: project, stdio: 'ignore' });
  fs.mkdirSync(path.join(project, 'pipelines'));
  fs.copyFileSync(path.join(ROOT, 'pipelines/hubspot.yml'), path.join(project, 'pipelines/hubspot.yml'));
  // Its own validator cache (core's validator-cache.ts), so the first run below compiles as a new user's does.
  const env = { ...process.env, HUBSPOT_TOKEN: 'pat-na1-fake-bench-token', PIPE_CACHE_DIR: path.join(tmp, 'pipe-cache') };
  const time = (cmd: string, args: string[]) => {
    const t0 = performance.now();
    execFileSync(cmd, args, { cwd: project, env, stdio: 'ignore' });
    return performance.now() - t0;
  };
  const bin = path.join(project, 'node_modules/.bin/pipe');
  // The first run compiles the config validator and warms the page cache, as any earlier run in that shell would.
  const firstValidateMs = time(bin, ['validate', 'pipelines/hubspot.yml']);
  const validate: number[] = [];
  const node: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    validate.push(time(bin, ['validate', 'pipelines/hubspot.yml']));
    node.push(time(process.execPath, ['-e', '0']));
  }
  report({
    packedMb: fs.statSync(packed).size / 1e6,
    unpackedMb: sizeOf(path.join(project, 'node_modules/@pipe/cli')) / 1e6,
    installedMb: sizeOf(path.join(project, 'node_modules')) / 1e6,
    validateMs: median(validate),
    firstValidateMs,
    nodeMs: median(node),
  });
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
