import type { Simulator } from '@pipe/hubspot-sim';

let serial = 0;

/** Creates `n` records and updates, archives, merges (and for contacts GDPR-deletes) existing ones. */
export function mutate(sim: Simulator, type: string, n: number): void {
  const ids = sim.control.truth(type).map((r) => r.id);
  for (let i = 0; i < n; i++) {
    serial++;
    sim.control.create(type, type === 'contacts' ? { email: `new${serial}@example.com`, firstname: `New ${serial}` } : { dealname: `New deal ${serial}` });
  }
  sim.control.update(type, ids[0]!, type === 'contacts' ? { firstname: `Changed ${serial}` } : { dealname: `Changed ${serial}` });
  sim.control.archive(type, ids[1]!);
  sim.control.merge(type, ids[2]!, ids[3]!);
  if (type === 'contacts') sim.control.gdprDelete(type, ids[4]!);
}
