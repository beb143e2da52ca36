// Derived (calculated, rollup, score) properties change without a write: HubSpot recomputes them
// and does not move the record's last-modified time (API-FACTS-2 §8). `recompute` is how tests
// make that happen: the value changes, `hs_lastmodifieddate`/`updatedAt` and search order do not.
import type { PropertyDef } from './model.ts';
import type { Portal } from './portal.ts';

/** HubSpot's two marks of a derived property: `calculated: true`, or a `calculation_*` field type. */
export function isDerived(def: Pick<PropertyDef, 'calculated' | 'fieldType'>): boolean {
  return def.calculated === true || (def.fieldType ?? '').startsWith('calculation_');
}

/** Sets derived values of one live record as HubSpot's recalculation would: no last-modified bump. */
export function recomputeDerived(portal: Portal, typeKey: string, id: string, values: Record<string, string | null>): void {
  const s = portal.store(typeKey);
  const i = s.indexOf(id);
  if (!s.isLive(i)) throw new Error(`${s.type.name} ${id} does not exist (or is archived, merged or deleted)`);
  for (const name of Object.keys(values)) {
    const def = s.property(name);
    if (!def) throw new Error(`${s.type.name} has no property "${name}"`);
    if (!isDerived(def)) throw new Error(`${s.type.name}.${name} is not derived (calculated or calculation_*); change it with update, which moves last-modified`);
  }
  s.overlay.set(i, { ...(s.overlay.get(i) ?? {}), ...values });
  // Cached search pages hold values: the next search must see the new ones.
  s.version++;
}
