// Shared shapes of the simulated CRM: object types, property definitions, generator context.
import type { Rng } from './random.ts';

export type PropType = 'string' | 'number' | 'date' | 'datetime' | 'enumeration' | 'bool' | 'phone_number';

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
  /** Gap between consecutive record ids of one type (1: dense; HubSpot's ids are sparse). */
  idStride: number;
}

export type Props = Record<string, string | null>;
