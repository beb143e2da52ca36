// @pipe/hubspot-sim: a faithful, deterministic HubSpot API simulator for tests, demos and benchmarks.
export { startSimulator, type Simulator } from './simulator.ts';
export type { SimControl, SimStats, TruthRecord } from './control.ts';
export {
  DEFAULT_TOKEN,
  type SimOptions,
  type FaultOptions,
  type BehaviourOptions,
  type Tier,
  type AbsentAnswer,
  type AccountLacks,
  type IdLayout,
  type LatencyOption,
  type Profile,
  type RateLimitHeaderStyle,
} from './options.ts';
export { generatePortal, scopeGroups } from './generate-portal.ts';
export { type PortalTruth, type StreamTruth, describePortal, portalCounts, portalTruth } from './portal-truth.ts';
export type { MarketingSettingsControl, TruthCampaign } from './marketing-settings-control.ts';
export type { MarketingSettingsOptions } from './data/marketing-settings.ts';
export type { EmailCampaignsControl, TruthEmailCampaign } from './email-campaigns-control.ts';
export type { EmailCampaignOptions, OddPages } from './data/email-campaigns.ts';
export type { DealSplitsControl, TruthDealSplit } from './deal-splits-control.ts';
export type { DealSplitsOptions } from './data/deal-splits.ts';
