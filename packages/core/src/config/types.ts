import type { PlanComponent, Pos } from '../plan/plan.ts';

/** Where a thing sits in the pipeline file (1-based line and column). Shared with the planner. */
export type { Pos };

/** One problem in a pipeline file; printed by formatIssue() as `file:line:col: path: message`. */
export interface ConfigIssue {
  file: string;
  line: number;
  col: number;
  /** Config path of the offending value, e.g. `sinks[0].duckdb.path`; `(file)` for whole-file problems. */
  path: string;
  message: string;
}

export type LoadResult = { ok: true; config: PipelineConfig } | { ok: false; issues: ConfigIssue[] };

/** A validated pipeline: env references resolved, defaults applied, plugins loaded. */
export interface PipelineConfig {
  version: 1;
  name: string;
  description?: string;
  /** Absolute path of the YAML file. */
  file: string;
  /** Its folder; relative paths in plugin config are resolved against it. */
  baseDir: string;
  source: ComponentConfig;
  sinks: ComponentConfig[];
  /** Every resolved secret value, for the redactor. Never print these. */
  secrets: string[];
}

/** One source or sink as the pipeline names it: the planner's input type, declared once there. */
export type ComponentConfig = PlanComponent;
