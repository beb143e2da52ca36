#!/usr/bin/env -S node --max-old-space-size=1024 --max-semi-space-size=2
// V8 sizes its heap for the heap limit it starts with: under Node's default (~4 GB here) it lets
// garbage grow to several times the live heap over a long run. A 1 GB limit (a smaller growing
// factor) and 2 MB young-generation semi-spaces keep the JS heap near what is live, for some
// records/s without rate limits (bench/engine/memory.ts measures both; BENCHMARKS.md, "Scale").
// The flags apply when this file is executed (`pnpm pipe …`, an installed `pipe`), not to
// `node bin/pipe.js`; `node --max-old-space-size=4096 bin/pipe.js …` gives the heap more room.
// Installed from a registry, @pipe/cli is the bundle in ../dist and nothing else. In pipe's own
// repository `pnpm install` bundles the TypeScript sources into ../dist (scripts/bundle-cli.mjs),
// which starts several times faster (BENCHMARKS.md, "CLI start-up"); while a source file is newer
// than the bundle (you are editing pipe), tsx compiles the sources on the fly instead, so what
// runs is always what is on disk.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

// require, not import: the ESM facade of node:fs reads every export, and its ReadStream getter
// loads all of node:stream at every start (bench/engine/installed.ts).
const fs = createRequire(import.meta.url)('node:fs');

const cliDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// DuckDB allocates through its own jemalloc, which keeps freed pages for ~1 s before it gives
// them back. Each row-group commit frees tens of MB of compression buffers at once, so RSS swung
// above what DuckDB held; giving pages back at once lowers peak RSS for some records/s without
// rate limits (bench/engine/memory.ts --env DUCKDB_JE_MALLOC_CONF=… compares). jemalloc reads
// the variable when libduckdb loads, which is after this line; a value already set wins.
process.env.DUCKDB_JE_MALLOC_CONF ??= 'dirty_decay_ms:0,muzzy_decay_ms:0';

function freshBundle() {
  const dist = path.join(cliDir, 'dist');
  if (!fs.existsSync(path.join(cliDir, 'src'))) return path.join(dist, 'main.js'); // an installed package
  if (process.env.PIPE_NO_BUNDLE) return undefined;
  let stamp;
  try {
    stamp = JSON.parse(fs.readFileSync(path.join(dist, 'inputs.json'), 'utf8'));
  } catch {
    return undefined;
  }
  const root = path.resolve(cliDir, '../..');
  for (const file of stamp.inputs) {
    try {
      if (fs.statSync(path.join(root, file)).mtimeMs > stamp.builtAt) return undefined;
    } catch {
      return undefined; // a source went away: the bundle may hold stale code
    }
  }
  return path.join(dist, 'main.js');
}

const bundle = freshBundle();
if (bundle) {
  await import(pathToFileURL(bundle).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/main.ts');
}
