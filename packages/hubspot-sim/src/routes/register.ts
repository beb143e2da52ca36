// Mounts every API family at each of its paths (see http/paths.ts).
import type { Portal } from '../data/portal.ts';
import type { RateLimiter } from '../http/limits.ts';
import type { Router } from '../http/router.ts';
import { analyticsRoutes } from './analytics.ts';
import { associationRoutes } from './association-routes.ts';
import { batchRoutes } from './batch.ts';
import { crmMetaRoutes } from './crm-meta.ts';
import { dealSplitRoutes } from './deal-splits.ts';
import { listsFormsRoutes } from './lists-forms.ts';
import { eventRoutes } from './events.ts';
import { emailCampaignRoutes } from './email-campaigns.ts';
import { marketingRoutes } from './marketing.ts';
import { objectLibraryRoutes } from './object-library.ts';
import { marketingSettingsRoutes } from './marketing-settings.ts';
import { objectRoutes } from './objects.ts';
import { propertyRoutes } from './properties.ts';
import { searchRoutes } from './search.ts';

export function registerApiRoutes(router: Router, portal: Portal, limits: RateLimiter, dailyLimit: number): void {
  const p = portal.paths;
  marketingSettingsRoutes(router, portal);
  // Before the objects routes: `deals/splits/batch/read` is no object id.
  dealSplitRoutes(router, portal);
  // Literal sub-paths (search, batch, merge, gdpr-delete) first, so `:id` does not swallow them.
  associationRoutes(router, portal);
  for (const base of p.objects) {
    searchRoutes(router, portal, base);
    batchRoutes(router, portal, base);
    objectRoutes(router, portal, base);
  }
  for (const base of p.properties) propertyRoutes(router, portal, base);
  crmMetaRoutes(router, portal);
  marketingRoutes(router, portal);
  analyticsRoutes(router, portal, limits, dailyLimit);
  objectLibraryRoutes(router, portal);
  listsFormsRoutes(router, portal);
  eventRoutes(router, portal);
  emailCampaignRoutes(router, portal);
}
