// @pipe/hubspot-sim: a faithful, deterministic HubSpot API simulator for tests, demos and benchmarks.
export { startSimulator, type Simulator } from './simulator.ts';
export type { SimControl, SimStats, TruthRecord } from './control.ts';
export { DEFAULT_TOKEN, type SimOptions, type FaultOptions, type BehaviourOptions, type Tier } from './options.ts';
