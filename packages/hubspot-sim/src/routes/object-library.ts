// The object library (API-FACTS-2 §6): which activatable object types (courses, listings,
// services, appointments) this account has switched on. `GET …/enablement` answers all of them,
// `GET …/enablement/{objectTypeId}` one.
import { FURTHER_OBJECTS } from '../data/further-objects.ts';
import type { Portal } from '../data/portal.ts';
import { json, notFound } from '../http/reply.ts';
import type { Router } from '../http/router.ts';

export function objectLibraryRoutes(router: Router, portal: Portal): void {
  const activatable = FURTHER_OBJECTS.filter((f) => f.activated);
  const enabled = (id: string) => activatable.some((f) => f.id === id && portal.stores.has(f.name));
  const base = '/crm/v3/object-library/enablement';
  router.add({
    method: 'GET',
    pattern: base,
    name: 'objectLibrary.enablement',
    scopes: () => [],
    handle: () => json(200, { enablementByObjectTypeId: Object.fromEntries(activatable.map((f) => [f.id, enabled(f.id)])) }),
  });
  router.add({
    method: 'GET',
    pattern: `${base}/:objectTypeId`,
    name: 'objectLibrary.enablementOne',
    scopes: () => [],
    handle: (c) => (activatable.some((f) => f.id === c.params.objectTypeId) ? json(200, { enablement: enabled(c.params.objectTypeId!) }) : notFound(`Object type ${c.params.objectTypeId} is not in the object library.`)),
  });
}
