import fs from 'node:fs';
import path from 'node:path';
import { makeDirs } from '@pipe/sdk';
import { CliExit, EXIT } from '../exit.ts';
import { isInstalled } from '../install.ts';
import { PLUGIN_NAME, type PluginNames, pluginNames } from '../templates/names.ts';
import { examplePipeline, packageJson, readme, vitestConfig } from '../templates/project.ts';
import { sinkPlugin, sinkTest } from '../templates/sink.ts';
import { sourcePlugin, sourceTest } from '../templates/source.ts';

export interface NewOptions {
  /** Parent folder; default `plugins`. */
  dir?: string;
  /** One plugin file (+ test and pipeline beside it) instead of a package folder. */
  file?: boolean;
}

/**
 * `pipe new source|sink <name>`: a plugin that already works, its conformance test, a
 * pipeline that runs it, and (as a package) a README. Never overwrites a file.
 */
export async function newCommand(kind: string, name: string, opts: NewOptions = {}): Promise<number> {
  if (kind !== 'source' && kind !== 'sink') {
    throw new CliExit(EXIT.usage, `"${kind}" is not a plugin kind: use pipe new source <name> or pipe new sink <name>`);
  }
  if (!PLUGIN_NAME.test(name)) {
    throw new CliExit(EXIT.usage, `plugin name "${name}" is not valid: use lower-case letters, digits and _, starting with a letter (e.g. demo_api)`);
  }
  const n = pluginNames(kind, name);
  const parent = path.resolve(opts.dir ?? 'plugins');
  const files = (opts.file ? singleFile(n, parent) : packageFiles(n, path.join(parent, name))).filter((f) => !(f.shared && fs.existsSync(f.path)));
  const taken = files.filter((f) => fs.existsSync(f.path)).map((f) => rel(f.path));
  if (taken.length) throw new CliExit(EXIT.usage, `${taken.join(', ')} already exist${taken.length === 1 ? 's' : ''}; pick another name or --dir (pipe new never overwrites)`);
  for (const f of files) {
    makeDirs(path.dirname(f.path));
    fs.writeFileSync(f.path, f.text);
    process.stdout.write(`wrote ${rel(f.path)}\n`);
  }
  const test = files.find((f) => f.role === 'test')!.path;
  const pipeline = files.find((f) => f.role === 'pipeline')!.path;
  const vitest = opts.file ? `--root ${rel(path.dirname(test))} ${n.name}.test` : `--root ${rel(path.join(parent, name))}`;
  if (isInstalled()) {
    // A user's project: the package installs @pipe/sdk and @pipe/testkit from the registry.
    const tests = opts.file ? `npx vitest run ${vitest}   # needs vitest and @pipe/testkit in this project` : `cd ${rel(path.join(parent, name))} && npm install && npm test`;
    process.stdout.write(`\nnext:\n  ${tests}   # the conformance suite\n  npx pipe run ${rel(pipeline)}\n  then replace the TODOs\n`);
    return EXIT.ok;
  }
  process.stdout.write(
    `\nnext:\n  pnpm exec vitest run ${vitest}   # the conformance suite\n  pnpm pipe run ${rel(pipeline)}\n` +
      '  then replace the TODOs; docs/writing-plugins.md explains each contract\n',
  );
  return EXIT.ok;
}

interface PlannedFile {
  path: string;
  text: string;
  role: 'plugin' | 'test' | 'pipeline' | 'other';
  /** Shared by several plugins in one folder: written only when missing. */
  shared?: boolean;
}

function packageFiles(n: PluginNames, root: string): PlannedFile[] {
  const plugin = path.join(root, 'src', 'index.ts');
  const test = path.join(root, 'test', `${n.name}.test.ts`);
  const pipeline = path.join(root, 'pipeline.yml');
  return [
    { path: path.join(root, 'package.json'), text: packageJson(n), role: 'other' },
    { path: plugin, text: n.kind === 'source' ? sourcePlugin(n) : sinkPlugin(n), role: 'plugin' },
    { path: test, text: n.kind === 'source' ? sourceTest(n, '../src/index.ts') : sinkTest(n, '../src/index.ts'), role: 'test' },
    { path: pipeline, text: examplePipeline(n, './src/index.ts'), role: 'pipeline' },
    { path: path.join(root, 'vitest.config.ts'), text: vitestConfig('test/**/*.test.ts'), role: 'other' },
    {
      path: path.join(root, 'README.md'),
      text: readme(n, { plugin: 'src/index.ts', test: `test/${n.name}.test.ts`, pipeline: rel(pipeline), testRoot: rel(root) }),
      role: 'other',
    },
  ];
}

function singleFile(n: PluginNames, dir: string): PlannedFile[] {
  const test = path.join(dir, `${n.name}.test.ts`);
  return [
    { path: path.join(dir, `${n.name}.ts`), text: n.kind === 'source' ? sourcePlugin(n) : sinkPlugin(n), role: 'plugin' },
    { path: test, text: n.kind === 'source' ? sourceTest(n, `./${n.name}.ts`) : sinkTest(n, `./${n.name}.ts`), role: 'test' },
    { path: path.join(dir, `${n.name}.pipeline.yml`), text: examplePipeline(n, `./${n.name}.ts`), role: 'pipeline' },
    { path: path.join(dir, 'vitest.config.ts'), text: vitestConfig('*.test.ts'), role: 'other', shared: true },
  ];
}

const rel = (p: string) => path.relative(process.cwd(), p) || '.';
