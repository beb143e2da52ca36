// Bundles the CLI (and the built-in plugins it registers) into packages/cli/dist, so `pipe`
// starts in ~0.4 s instead of compiling ~200 TypeScript files through tsx on every run
// (~2 s; see BENCHMARKS.md). Runs on `pnpm install` (the root `prepare` script).
//
// bin/pipe.js uses the bundle only while it is fresh: dist/inputs.json lists the workspace
// files that went into it, and any of them changed since the build started sends bin back to tsx.
// Native and loader packages stay external (DuckDB's .node binary, tsx for users' .ts plugins).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'packages/cli');
// PIPE_BUNDLE_DIR: another folder inside packages/cli (tests build their own copy there).
const outdir = process.env.PIPE_BUNDLE_DIR ? path.resolve(process.env.PIPE_BUNDLE_DIR) : path.join(cli, 'dist');
const started = Date.now();
const tmp = `${outdir}.tmp-${process.pid}`;
fs.rmSync(tmp, { recursive: true, force: true });

// `pipe --version` (packages/cli/src/versions.ts): the versions of the packages in the bundle.
const packageVersions = {};
for (const dir of fs.readdirSync(path.join(root, 'packages'))) {
  const file = path.join(root, 'packages', dir, 'package.json');
  if (!fs.existsSync(file)) continue;
  const pkg = JSON.parse(fs.readFileSync(file, 'utf8'));
  packageVersions[pkg.name] = pkg.version;
}

/**
 * Node's built-ins through require(), not import: importing `node:fs` as ESM builds a facade that
 * reads every export, and its `ReadStream` getter loads all of node:stream, on every start. And
 * node:child_process (commander requires it for subcommands pipe does not have, pulling in net
 * and dgram) loads on first use. `pipe validate`'s cold start is measured by bench/engine/installed.ts.
 */
const LAZY = new Set(['node:child_process', 'child_process']);
const builtinsThroughRequire = {
  name: 'builtins-through-require',
  setup(b) {
    b.onResolve({ filter: /^(node:)?[a-z_/]+$/ }, (a) => {
      if (a.namespace === 'builtin') return { path: a.path, external: true };
      if (!a.path.startsWith('node:') && !LAZY.has(a.path)) return undefined;
      return { path: a.path, namespace: 'builtin' };
    });
    b.onLoad({ filter: /.*/, namespace: 'builtin' }, (a) => ({
      contents: LAZY.has(a.path)
        ? `let m; module.exports = new Proxy({}, { get: (_, k) => (m ??= require(${JSON.stringify(a.path)}))[k] });`
        : `module.exports = require(${JSON.stringify(a.path)});`,
      loader: 'js',
    }));
  },
};

const result = await build({
  plugins: [builtinsThroughRequire],
  define: { __PIPE_PACKAGE_VERSIONS__: JSON.stringify(packageVersions) },
  entryPoints: [path.join(cli, 'src/main.ts')],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Rarely used parts (S3, watch, the simulator) stay in chunks loaded on first use.
  splitting: true,
  // Less JavaScript to parse at every start (the installed `pipe validate`, bench/engine/installed.ts);
  // names stay, so errors and --debug stacks still say which function.
  minify: true,
  keepNames: true,
  // PIPE_BUNDLE_SOURCEMAP=1 (benchmarks): .map files beside the chunks, not linked from them, so
  // bench/engine/width.ts can tell which source module a profile's minified frame came from.
  sourcemap: process.env.PIPE_BUNDLE_SOURCEMAP === '1' ? 'external' : false,
  outdir: tmp,
  absWorkingDir: root,
  metafile: true,
  logLevel: 'warning',
  external: ['@duckdb/*', 'fsevents', 'tsx', 'tsx/*'],
  // CommonJS dependencies bundled into ESM still call require() for Node's built-ins.
  banner: { js: "import { createRequire as __pipeCreateRequire } from 'node:module'; const require = __pipeCreateRequire(import.meta.url);" },
});

const inputs = Object.keys(result.metafile.inputs)
  // Files only: not dependencies, esbuild's runtime (`<…>`) or the built-ins shim (`builtin:node:fs`).
  .filter((f) => !f.includes('node_modules') && !f.startsWith('<') && !f.startsWith('builtin:'))
  .map((f) => path.relative(root, path.resolve(root, f)));
fs.writeFileSync(path.join(tmp, 'inputs.json'), `${JSON.stringify({ builtAt: started, inputs }, null, 1)}\n`);
fs.rmSync(outdir, { recursive: true, force: true });
fs.renameSync(tmp, outdir);
console.log(`bundled the pipe CLI (${inputs.length} workspace files) into ${path.relative(root, outdir)} in ${Date.now() - started} ms`);
