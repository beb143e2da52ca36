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
    return [...this.plugins.values()].filter((p) => p.kind === kind).map((p) => p.name);
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
    const known = this.plugins.get(key(kind, ref));
    if (known) return known;
    if (!isModuleRef(ref)) return undefined;
    const target = ref.startsWith('.') || path.isAbsolute(ref) ? pathToFileURL(path.resolve(baseDir, ref)).href : ref;
    let mod: Record<string, unknown>;
    try {
      mod = (await import(target)) as Record<string, unknown>;
    } catch (e) {
      throw new PluginError(`cannot load ${kind} plugin "${ref}": ${(e as Error).message.split('\n')[0]}`, {
        hint: ref.startsWith('.') ? `check that the file exists relative to the pipeline file (${baseDir})` : `install it: pnpm add ${ref}`,
      });
    }
    const plugin = (mod.default ?? mod.plugin) as Plugin | undefined;
    checkPlugin(plugin, `${kind} plugin "${ref}"`);
    if (plugin!.kind !== kind) {
      throw new PluginError(`"${ref}" is a ${plugin!.kind} plugin, but it is used as a ${kind}`);
    }
    this.plugins.set(key(kind, ref), plugin!);
    return plugin;
  }
}

const key = (kind: Kind, name: string) => `${kind}:${name}`;

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
