// Builds every workspace package the way it is published: compiled JavaScript and type
// declarations in packages/<name>/dist (tsc, one program for the whole workspace), the CLI as
// one bundle with its built-in plugins (scripts/bundle-cli.mjs), and the LICENSE in each package.
// The workspace itself runs the TypeScript sources (tsx); `publishConfig` in each package.json
// points the published `exports` at dist. Used by `pnpm release` and the registry test
// (test/install/registry.test.ts).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const started = Date.now();
const license = fs.readFileSync(path.join(root, 'LICENSE'));

/** The CLI: one bundle (built-in plugins included), the pipeline schema for editors, the demo pipeline. */
function buildCli() {
  execFileSync(process.execPath, [path.join(root, 'scripts/bundle-cli.mjs')], { cwd: root, stdio: 'inherit' });
  const cli = path.join(root, 'packages/cli');
  fs.mkdirSync(path.join(cli, 'schemas'), { recursive: true });
  fs.copyFileSync(path.join(root, 'schemas/pipeline.schema.json'), path.join(cli, 'schemas/pipeline.schema.json'));
  fs.mkdirSync(path.join(cli, 'pipelines'), { recursive: true });
  fs.copyFileSync(path.join(root, 'pipelines/demo.yml'), path.join(cli, 'pipelines/demo.yml'));
  fs.writeFileSync(path.join(cli, 'LICENSE'), license);
}

// --cli: only @pipe/cli, which carries everything it runs (bench/engine/installed.ts packs it alone).
if (process.argv.includes('--cli')) {
  buildCli();
  console.log(`built @pipe/cli in ${Date.now() - started} ms`);
  process.exit(0);
}

const out = path.join(root, '.build');
fs.rmSync(out, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], { cwd: root, stdio: 'inherit' });

// tsc rewrites `./x.ts` to `./x.js` in JavaScript but keeps it in declarations.
const RELATIVE_TS = /((?:from|import)\s*\(?\s*['"])(\.{1,2}\/[^'"]+)\.ts(['"])/g;
function copyTree(from, to) {
  fs.mkdirSync(to, { recursive: true });
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const src = path.join(from, entry.name);
    const dst = path.join(to, entry.name);
    if (entry.isDirectory()) copyTree(src, dst);
    else if (entry.name.endsWith('.d.ts')) fs.writeFileSync(dst, fs.readFileSync(src, 'utf8').replace(RELATIVE_TS, '$1$2.js$3'));
    else fs.copyFileSync(src, dst);
  }
}

const packages = fs.readdirSync(path.join(root, 'packages')).filter((p) => fs.existsSync(path.join(root, 'packages', p, 'package.json')));
for (const name of packages) {
  const dir = path.join(root, 'packages', name);
  fs.writeFileSync(path.join(dir, 'LICENSE'), license);
  if (name === 'cli') continue;
  fs.rmSync(path.join(dir, 'dist'), { recursive: true, force: true });
  copyTree(path.join(out, name, 'src'), path.join(dir, 'dist'));
}
// The simulator's command line, as `npx @pipe/hubspot-sim`.
const simBin = path.join(root, 'packages/hubspot-sim/dist/bin.js');
fs.writeFileSync(simBin, `#!/usr/bin/env node\n${fs.readFileSync(simBin, 'utf8')}`);
fs.chmodSync(simBin, 0o755);

buildCli();
fs.rmSync(out, { recursive: true, force: true });
console.log(`built ${packages.length} packages in ${Date.now() - started} ms`);
