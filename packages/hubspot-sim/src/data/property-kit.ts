// Helpers to declare properties compactly and generate values in HubSpot's string formats.
import { isoFromMs } from './iso-time.ts';
import type { Gen, PropOption, PropType, PropertyDef } from './model.ts';
import type { Rng } from './random.ts';

const DAY = 86_400_000;

export function options(values: readonly string[], labels?: readonly string[]): PropOption[] {
  return values.map((value, i) => ({ label: labels?.[i] ?? titleCase(value), value, hidden: false, displayOrder: i }));
}

function titleCase(s: string): string {
  return s.replace(/[_-]+/g, ' ').toLowerCase().replace(/\b\w/g, (c) => c.toUpperCase());
}

const FIELD_TYPES: Record<PropType, string> = {
  string: 'text',
  number: 'number',
  date: 'date',
  datetime: 'date',
  enumeration: 'select',
  bool: 'booleancheckbox',
  phone_number: 'phonenumber',
  object_coordinates: 'text',
  json: 'text',
};

export function prop(
  name: string,
  type: PropType,
  gen: Gen | undefined,
  extra: Partial<PropertyDef> = {},
): PropertyDef {
  return {
    name,
    label: extra.label ?? titleCase(name.replace(/^hs_/, '')),
    type,
    fieldType: extra.fieldType ?? FIELD_TYPES[type],
    groupName: extra.groupName ?? 'objectinformation',
    description: extra.description ?? '',
    options: extra.options ?? (type === 'bool' ? options(['true', 'false'], ['Yes', 'No']) : []),
    hubspotDefined: extra.hubspotDefined ?? true,
    gen,
    ...extra,
  };
}

/** Wraps a generator so that it yields `null` with probability `p`. */
export function sometimesNull(p: number, gen: Gen): Gen {
  return (r, ctx) => (r.chance(p) ? null : gen(r, ctx));
}

export const iso = isoFromMs;

/** A datetime within `spanDays` before the simulated start. */
export function datetimeGen(spanDays: number, futureDays = 0): Gen {
  return (r, ctx) => iso(Math.floor(ctx.world.startMs - r.next() * spanDays * DAY + r.next() * futureDays * DAY));
}

export function midnight(r: Rng, startMs: number, spanDays: number): number {
  const ms = startMs - r.int(spanDays) * DAY;
  return ms - (ms % DAY);
}

/** HubSpot `date` values: mostly `YYYY-MM-DD`, sometimes epoch-ms strings of midnight UTC (both occur in the wild). */
export function dateGen(epochShare: number, spanDays = 3650): Gen {
  return (r, ctx) => {
    const ms = midnight(r, ctx.world.startMs, spanDays);
    return r.chance(epochShare) ? String(ms) : iso(ms).slice(0, 10);
  };
}

export function numberGen(min: number, max: number, decimals = 0): Gen {
  return (r) => {
    const v = min + r.next() * (max - min);
    return decimals === 0 ? String(Math.round(v)) : String(Number(v.toFixed(decimals)));
  };
}

export function pickGen(values: readonly string[]): Gen {
  return (r) => r.pick(values);
}

/** Multi-select: distinct values joined by ';' in option order, as HubSpot returns them. */
export function multiGen(values: readonly string[]): Gen {
  return (r) => {
    const chosen = values.filter(() => r.chance(0.35));
    return chosen.length === 0 ? null : chosen.join(';');
  };
}

export const boolGen: Gen = (r) => (r.chance(0.5) ? 'true' : 'false');

export const ownerGen: Gen = (r, ctx) => (r.chance(0.15) ? null : r.pick(ctx.world.ownerIds));

export function ownerProp(): PropertyDef {
  return prop('hubspot_owner_id', 'enumeration', ownerGen, {
    label: 'Owner',
    externalOptions: true,
    referencedObjectType: 'OWNER',
  });
}
