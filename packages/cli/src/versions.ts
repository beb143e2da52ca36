/**
 * `pipe --version`: the CLI's version and those of the packages it carries (the SDK and the
 * built-in plugins). The bundle gets them baked in at build time (scripts/bundle-cli.mjs defines
 * __PIPE_PACKAGE_VERSIONS__); from sources they are read from the workspace's package.json files.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SDK_VERSION } from '@pipe/sdk';

declare const __PIPE_PACKAGE_VERSIONS__: Record<string, string> | undefined;

/** Package folder → what it is, in the order `--version` lists them. */
export const CARRIED_PACKAGES = {
  cli: 'the command line',
  core: 'engine',
  sdk: 'plugin SDK',
  'source-hubspot': 'source: hubspot',
  'source-duckdb': 'source: duckdb',
  'sink-duckdb': 'sink: duckdb',
  'sink-parquet': 'sink: parquet',
  'sink-hubspot': 'sink: hubspot',
  'hubspot-api': 'HubSpot client of the source and sink',
  'duckdb-values': 'value layer of the DuckDB-backed plugins',
  testkit: 'source and sink: memory',
  'hubspot-sim': 'pipe sim, pipe demo',
} as const;

export function packageVersions(): Record<string, string> {
  if (typeof __PIPE_PACKAGE_VERSIONS__ !== 'undefined') return __PIPE_PACKAGE_VERSIONS__;
  const packagesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  const out: Record<string, string> = {};
  for (const dir of Object.keys(CARRIED_PACKAGES)) {
    const pkg = JSON.parse(fs.readFileSync(path.join(packagesDir, dir, 'package.json'), 'utf8')) as { name: string; version: string };
    out[pkg.name] = pkg.version;
  }
  return out;
}

export function versionText(): string {
  const versions = packageVersions();
  const lines = [`pipe ${versions['@pipe/cli']} (Node ${process.versions.node}, plugin API ${SDK_VERSION})`];
  for (const [dir, what] of Object.entries(CARRIED_PACKAGES)) {
    const name = `@pipe/${dir}`;
    lines.push(`  ${name.padEnd(22)} ${(versions[name] ?? '?').padEnd(8)} ${what}`);
  }
  return lines.join('\n');
}
