import { packageVersions } from '../versions.ts';
import type { PluginNames } from './names.ts';

/**
 * package.json of a scaffolded plugin package: a standalone package that installs the SDK and the
 * testkit of this pipe's versions from the registry (inside pipe's repository they resolve from
 * the root node_modules instead).
 */
export function packageJson(n: PluginNames): string {
  const versions = packageVersions();
  const sdk = `^${versions['@pipe/sdk']}`;
  const pkg = {
    name: `pipe-${n.kind}-${n.name.replace(/_/g, '-')}`,
    version: '0.1.0',
    type: 'module',
    private: true,
    description: `pipe ${n.kind} plugin "${n.name}"`,
    exports: { '.': './src/index.ts' },
    scripts: { test: 'vitest run' },
    peerDependencies: { '@pipe/sdk': sdk },
    devDependencies: { '@pipe/sdk': sdk, '@pipe/testkit': `^${versions['@pipe/testkit']}`, tsx: '^4.19.0', vitest: '^4.1.0' },
  };
  return `${JSON.stringify(pkg, null, 2)}\n`;
}

/** A pipeline that runs the new plugin against a built-in partner (memory source or memory sink). */
export function examplePipeline(n: PluginNames, pluginRef: string): string {
  const source = n.kind === 'source' ? `  ${pluginRef}:\n    rows: 25\n` : '  memory:\n    seed: 1\n';
  const sink = n.kind === 'sink' ? `  - ${pluginRef}:\n      path: .pipe/${n.name}.json\n` : `  - memory:\n      path: .pipe/${n.name}-rows.json\n`;
  return `# Runs the ${n.name} ${n.kind} with a built-in memory ${n.kind === 'source' ? 'sink' : 'source'}:  pipe run <this file>
version: 1
name: ${n.name}_example
source:
${source}sinks:
${sink}`;
}

export interface ReadmePaths {
  plugin: string;
  test: string;
  pipeline: string;
  /** Folder to pass to `vitest run --root`. */
  testRoot: string;
}

export function readme(n: PluginNames, p: ReadmePaths): string {
  return `# ${n.name} (pipe ${n.kind})

Scaffolded by \`pipe new ${n.kind} ${n.name}\`. It already works and passes pipe's conformance suite.

| File | What it is |
|---|---|
| \`${p.plugin}\` | the plugin: config schema (one declaration) and the ${n.kind === 'source' ? '`discover`/`read`' : '`prepare`/`write`/`readState`'} implementation |
| \`${p.test}\` | \`${n.kind === 'source' ? 'testSource' : 'testSink'}\` from \`@pipe/testkit\`: the suite pipe's own plugins pass |
| \`${p.pipeline}\` | a pipeline that runs it with a memory ${n.kind === 'source' ? 'sink' : 'source'} |

\`\`\`sh
pnpm exec vitest run --root ${p.testRoot}   # the conformance suite
pnpm pipe validate ${p.pipeline}
pnpm pipe run ${p.pipeline}
\`\`\`

Next: replace the TODOs with your API or storage, keep the test green, and read
docs/writing-plugins.md (contracts, errors, secrets, HTTP helpers, recorded fixtures).
Import only \`@pipe/sdk\` (and \`@pipe/testkit\` in tests): never the engine.
`;
}

/** Lets `vitest run --root <folder>` find the tests without the repo's own vitest config. */
export function vitestConfig(include: string): string {
  return `import { defineConfig } from 'vitest/config';

export default defineConfig({ test: { include: ['${include}'] } });
`;
}
