import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Plugin, PluginError, SDK_VERSION, type SinkPlugin, type SourcePlugin } from '@pipe/sdk';

type Kind = Plugin['kind'];

/**
 * The plugins a run can use: the built-ins the CLI registers, plus those a pipeline
 * names by npm package or relative path. An instance, never a global, so tests build
 * their own.
 */
export class Registry {
  private readonly plugins = new Map<string, Plugin>();

  constructor(plugins: Plugin[] = []) {
    for (const p of plugins) this.register(p);
  }

  register(plugin: Plugin): this {
    checkPlugin(plugin, `built-in plugin "${plugin?.name}"`);
    this.plugins.set(key(plugin.kind, plugin.name), plugin);
    return this;
  }

  get(kind: 'source', name: string): SourcePlugin | undefined;
  get(kind: 'sink', name: string): SinkPlugin | undefined;
  get(kind: Kind, name: string): Plugin | undefined {
    return this.plugins.get(key(kind, name));
  }

  /** Names of registered plugins of one kind (for "did you mean"). */
  names(kind: Kind): string[] {
    // Registered names only; plugins loaded from files or packages are cached under their URL.
    return [...this.plugins.entries()].filter(([k, p]) => p.kind === kind && !k.includes('://')).map(([, p]) => p.name);
  }

  list(kind?: Kind): Plugin[] {
    return [...this.plugins.values()].filter((p) => !kind || p.kind === kind);
  }

  /**
   * A plugin by reference: a registered name (`hubspot`), a relative path to a `.ts`/`.js`
   * file (`./plugins/my-source.ts`, resolved against `baseDir`), or an npm package name.
   * Returns undefined for an unknown plain name; throws PluginError for a reference that
   * loads but is not a valid plugin.
   */
  async resolve(kind: Kind, ref: string, baseDir: string): Promise<Plugin | undefined> {
    if (!isModuleRef(ref)) {
      const builtin = this.plugins.get(key(kind, ref));
      // A bare word is a built-in name, unless a package of that name is installed for the pipeline.
      if (builtin || !resolvesFrom(baseDir, ref)) return builtin;
    }
    // Cached by what the reference resolves to: `./p.ts` in two folders is two plugins.
    const target = resolveFrom(baseDir, ref);
    const known = this.plugins.get(key(kind, target));
    if (known) return known;
    let mod: Record<string, unknown>;
    await typeScriptLoader(baseDir, target);
    try {
      mod = (await import(target)) as Record<string, unknown>;
    } catch (e) {
      // Node names the importing file (the engine's registry); that path means nothing to the user.
      const reason = (e as Error).message.split('\n')[0]!.replace(/ imported from \S+/, '');
      throw new PluginError(`cannot load ${kind} plugin "${ref}": ${reason}`, {
        hint: ref.startsWith('.') ? `check that the file exists relative to the pipeline file (${baseDir})` : `install it: pnpm add ${ref}`,
      });
    }
    let exported = (mod.default ?? mod.plugin) as Record<string, unknown> | undefined;
    // A CommonJS module (a .ts file in a project without "type": "module") arrives as its exports object.
    if (exported && !('kind' in exported) && (exported.default ?? exported.plugin)) exported = (exported.default ?? exported.plugin) as Record<string, unknown>;
    const plugin = exported as Plugin | undefined;
    checkPlugin(plugin, `${kind} plugin "${ref}"`);
    if (plugin!.kind !== kind) {
      throw new PluginError(`"${ref}" is a ${plugin!.kind} plugin, but it is used as a ${kind}`);
    }
    this.plugins.set(key(kind, target), plugin!);
    return plugin;
  }
}

const key = (kind: Kind, name: string) => `${kind}:${name}`;

let loaderReady: Promise<void> | undefined;

/**
 * Plugins may be TypeScript (`./plugins/my-source.ts`, or a package whose entry is .ts, like
 * pipe's own sources). From sources pipe already runs under tsx; the bundled or installed CLI
 * registers tsx on the first TypeScript plugin, so only pipelines that use one pay for it. tsx
 * comes from the pipeline's project (its node_modules) first, then from pipe's own install;
 * the installed CLI does not carry it, so a project with .ts plugins declares it.
 */
function typeScriptLoader(baseDir: string, target: string): Promise<void> {
  if (import.meta.url.endsWith('.ts') || !/\.[mc]?ts$/.test(target)) return Promise.resolve();
  loaderReady ??= loadTsx(baseDir);
  return loaderReady;
}

type Register = { register: () => unknown };

/**
 * Registers tsx's ESM and CommonJS hooks: a .ts file in a project without `"type": "module"` is
 * CommonJS to Node, and only the CommonJS hook compiles it as such.
 */
async function loadTsx(baseDir: string): Promise<void> {
  let esm: Register;
  let cjs: Register;
  try {
    const require = createRequire(path.join(baseDir, 'pipeline.js'));
    // The ESM entry of tsx/esm/api from tsx's own exports map (require.resolve gives the CommonJS one).
    const manifest = require.resolve('tsx/package.json');
    const target = (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { exports: Record<string, { import: string | { default: string } }> }).exports['./esm/api']!.import;
    esm = await import(pathToFileURL(path.join(path.dirname(manifest), typeof target === 'string' ? target : target.default)).href);
    cjs = require('tsx/cjs/api') as Register;
  } catch {
    try {
      esm = await import('tsx/esm/api');
      cjs = createRequire(import.meta.url)('tsx/cjs/api') as Register;
    } catch {
      loaderReady = undefined;
      throw new PluginError('TypeScript plugins need tsx, and it is not installed in this project', {
        hint: 'add it to the project that holds the pipeline: npm install --save-dev tsx (or pnpm add -D tsx), or compile the plugin to .js',
      });
    }
  }
  cjs.register();
  esm.register();
}

/**
 * A file reference resolves against the pipeline's folder; a package name resolves the way
 * Node would from that folder (its node_modules, then parents), not from pipe's own install.
 */
function resolvesFrom(baseDir: string, ref: string): boolean {
  try {
    createRequire(path.join(baseDir, 'pipeline.js')).resolve(ref);
    return true;
  } catch {
    return false;
  }
}

function resolveFrom(baseDir: string, ref: string): string {
  if (ref.startsWith('.') || path.isAbsolute(ref)) return pathToFileURL(path.resolve(baseDir, ref)).href;
  try {
    return pathToFileURL(createRequire(path.join(baseDir, 'pipeline.js')).resolve(ref)).href;
  } catch {
    return ref; // let import() report it (or find it among pipe's own dependencies)
  }
}

/** Module references look like paths or package names; built-in names are bare words. */
export function isModuleRef(ref: string): boolean {
  return ref.startsWith('.') || ref.startsWith('/') || ref.startsWith('@') || /\.(m?[jt]s)$/.test(ref) || ref.includes('/');
}

function checkPlugin(plugin: unknown, what: string): asserts plugin is Plugin {
  const p = plugin as Partial<Plugin> | undefined;
  const missing: string[] = [];
  if (!p || typeof p !== 'object') {
    throw new PluginError(`${what} does not export a plugin`, {
      hint: 'export default defineSource({...}) or defineSink({...}) from @pipe/sdk',
    });
  }
  if (p.kind !== 'source' && p.kind !== 'sink') missing.push('kind ("source" or "sink"; use defineSource/defineSink)');
  if (typeof p.name !== 'string' || !p.name) missing.push('name');
  if (typeof p.sdkVersion !== 'string') missing.push('sdkVersion');
  if (!p.config || typeof p.config !== 'object') missing.push('config (a TypeBox schema)');
  if (typeof p.open !== 'function') missing.push('open()');
  if (missing.length) throw new PluginError(`${what} is missing: ${missing.join(', ')}`);
  const major = (v: string) => v.split('.')[0];
  if (major(p.sdkVersion!) !== major(SDK_VERSION)) {
    throw new PluginError(`${what} targets SDK ${p.sdkVersion}, but this pipe provides SDK ${SDK_VERSION}`, {
      hint: `upgrade the plugin to @pipe/sdk ${major(SDK_VERSION)}.x`,
    });
  }
}
