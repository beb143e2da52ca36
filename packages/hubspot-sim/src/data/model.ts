// Shared shapes of the simulated CRM: object types, property definitions, generator context.
import type { IdLayout } from '../options.ts';
import type { Rng } from './random.ts';

export type PropType = 'string' | 'number' | 'date' | 'datetime' | 'enumeration' | 'bool' | 'phone_number'
  /** Seen in responses but not accepted on create (API-FACTS §4; UNCONFIRMED): only `unusualProperties` uses them. */
  | 'object_coordinates'
  | 'json';

export interface PropOption {
  label: string;
  value: string;
  hidden: boolean;
  displayOrder: number;
}

export interface GenContext {
  index: number;
  id: string;
  world: WorldInfo;
  /** A generator salted by `salt`, so two properties can share one decision (pipeline + stage).
   * It is one reused instance per record: valid until the next rng() call. */
  rng(salt: string): Rng;
}

/** Produces an untouched record's value; `null` means "no value". */
export type Gen = (r: Rng, ctx: GenContext) => string | null;

export interface PropertyDef {
  name: string;
  label: string;
  type: PropType;
  fieldType: string;
  groupName: string;
  description: string;
  options: PropOption[];
  hasUniqueValue?: boolean;
  hubspotDefined?: boolean;
  externalOptions?: boolean;
  referencedObjectType?: string;
  calculated?: boolean;
  /** Equation of a calculation_equation property (null for rollups and scores). */
  calculationFormula?: string;
  /** System-maintained values (ids, timestamps): writes to them are rejected. */
  readOnlyValue?: boolean;
  gen?: Gen;
}

export interface ObjectTypeDef {
  name: string;
  objectTypeId: string;
  singular: string;
  plural: string;
  lastModifiedProp: 'lastmodifieddate' | 'hs_lastmodifieddate';
  createdProp: 'createdate' | 'hs_createdate';
  /** Returned when a request names no properties. */
  defaultProps: string[];
  readScopes: string[];
  writeScopes: string[];
  custom: boolean;
  fullyQualifiedName?: string;
  primaryDisplayProperty: string;
  /** Small integer that salts this type's randomness and spaces its ids. */
  ordinal: number;
  /** Further path spellings HubSpot accepts for this type (`goals` for goal_targets). */
  aliases?: string[];
}

export interface PipelineStageInfo {
  id: string;
  label: string;
  metadata: Record<string, string>;
}
export interface PipelineInfo {
  id: string;
  label: string;
  stages: PipelineStageInfo[];
}

/** What generators may look at besides their own record. */
export interface WorldInfo {
  seed: number;
  startMs: number;
  ownerIds: string[];
  dealPipelines: PipelineInfo[];
  ticketPipelines: PipelineInfo[];
  /** How ids are laid out within a type (dense, sparse, clustered). */
  idLayout: IdLayout;
  /** Added to every id (ids above 2^31). */
  idOffset: number;
  /** Distance between two object types' first ids (10^8 unless a layout needs more room). */
  idSpacing: number;
}

export type Props = Record<string, string | null>;
