import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Registry } from '../src/index.ts';

const plugin = (name: string) => `export default { kind: 'source', name: '${name}', sdkVersion: '1.0.0', description: '', config: { type: 'object' }, open() {} };\n`;

describe('Registry.resolve', () => {
  it('loads ./p.js relative to each pipeline folder, not the first one it saw', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pipe-reg-'));
    for (const d of ['a', 'b']) {
      fs.mkdirSync(path.join(root, d));
      fs.writeFileSync(path.join(root, d, 'p.mjs'), plugin(`plugin_${d}`));
    }
    const registry = new Registry();
    expect((await registry.resolve('source', './p.mjs', path.join(root, 'a')))?.name).toBe('plugin_a');
    expect((await registry.resolve('source', './p.mjs', path.join(root, 'b')))?.name).toBe('plugin_b');
    expect(registry.names('source')).toEqual([]);
  });

  it('resolves a package name from the pipeline folder, and names no engine path when it is missing', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pipe-reg-'));
    const pkg = path.join(root, 'node_modules', 'pipe-source-local');
    fs.mkdirSync(pkg, { recursive: true });
    fs.writeFileSync(path.join(pkg, 'package.json'), JSON.stringify({ name: 'pipe-source-local', type: 'module', exports: './index.js' }));
    fs.writeFileSync(path.join(pkg, 'index.js'), plugin('local_pkg'));
    const registry = new Registry();
    expect((await registry.resolve('source', 'pipe-source-local', root))?.name).toBe('local_pkg');
    // a bare word that is neither built in nor installed: unknown (the caller suggests names)
    expect(await registry.resolve('source', 'pipe-source-absent', root)).toBeUndefined();
    const err = await registry.resolve('source', '@acme/pipe-source-absent', root).catch((e: Error) => e);
    expect(String(err)).toMatch(/cannot load source plugin "@acme\/pipe-source-absent"/);
    expect(String(err)).not.toMatch(/registry\.ts/);
  });
});
