import fs from 'node:fs';
import { expect, it } from 'vitest';
import { SDK_VERSION } from '../src/index.ts';

it('SDK_VERSION is the published version of @pipe/sdk (plugins check its major; scaffolds depend on it)', () => {
  const pkg = JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  expect(SDK_VERSION).toBe(pkg.version);
});
