/** Where the running CLI lives: an installed @pipe/cli (the bundle), or pipe's repository (sources or bundle). */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder of @pipe/cli: from the sources (src/…) or from the bundle (dist/…). */
export function cliDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  return dir;
}

/** True for a CLI installed from a registry (it ships the bundle, not the TypeScript sources). */
export function isInstalled(): boolean {
  return !fs.existsSync(path.join(cliDir(), 'src'));
}
