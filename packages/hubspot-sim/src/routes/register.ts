// Mounts every API family at each of its paths (see http/paths.ts).
import type { Portal } from '../data/portal.ts';
import type { RateLimiter } from '../http/limits.ts';
import type { Router } from '../http/router.ts';
import { objectRoutes } from './objects.ts';
import { propertyRoutes } from './properties.ts';

export function registerApiRoutes(router: Router, portal: Portal, _limits: RateLimiter): void {
  const p = portal.paths;
  for (const base of p.objects) objectRoutes(router, portal, base);
  for (const base of p.properties) propertyRoutes(router, portal, base);
}
