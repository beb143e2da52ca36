/**
 * @pipe/sdk — the one door between the engine and plugins. Plugins import only this.
 */
export * from './schema.ts';
export * from './state.ts';
export * from './batch.ts';
export * from './errors.ts';
export * from './config.ts';
export * from './plugin.ts';
export * from './metrics.ts';
export * from './log.ts';
export * from './files.ts';
export * from './did-you-mean.ts';
export * from './http/request.ts';
export * from './http/retry.ts';
export * from './http/rate-limit.ts';
export * from './paths.ts';
export * from './mutex.ts';
export * from './read-ahead.ts';
// The loose-value rule every sink applies (the converters themselves: '@pipe/sdk/values').
export { ValueError, canonicalValue } from './values.ts';
