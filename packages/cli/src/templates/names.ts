/** The names one scaffolded plugin uses, derived once from `pipe new <kind> <name>`. */
export interface PluginNames {
  kind: 'source' | 'sink';
  /** As typed: lower case, digits, `_` (`demo_api`); the plugin's `name`. */
  name: string;
  /** The exported constant (`demoApiSource`). */
  identifier: string;
}

export const PLUGIN_NAME = /^[a-z][a-z0-9_]*$/;

export function pluginNames(kind: 'source' | 'sink', name: string): PluginNames {
  const camel = name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
  return { kind, name, identifier: `${camel}${kind === 'source' ? 'Source' : 'Sink'}` };
}
