/**
 * @pipe/core — the engine: config → plan → run, with state.
 */
export * from './registry.ts';
export * from './plan/plan.ts';
export * from './plan/render.ts';
export * from './run/run.ts';
export * from './run/batches.ts';
export * from './run/summary.ts';
export * from './run/session.ts';
export * from './state/file-store.ts';
export * from './state/migrate.ts';
export * from './config/index.ts';
