#!/usr/bin/env node
// pipe ships TypeScript sources. `pnpm install` bundles them into ../dist (scripts/bundle-cli.mjs),
// which starts ~5× faster; while a source file is newer than the bundle (you are editing pipe),
// tsx compiles the sources on the fly instead, so what runs is always what is on disk.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const cliDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function freshBundle() {
  if (process.env.PIPE_NO_BUNDLE) return undefined;
  const dist = path.join(cliDir, 'dist');
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
