// Campaigns, communication preferences and settings users/teams/roles. Registered before the
// CRM routes: `/crm/v3/properties/campaign` must win over the generic `…/properties/:type`.
import type { Portal } from '../data/portal.ts';
import type { Router } from '../http/router.ts';
import { campaignRoutes } from './campaigns.ts';
import { settingsUserRoutes } from './settings-users.ts';
import { subscriptionRoutes } from './subscriptions.ts';

export function marketingSettingsRoutes(router: Router, portal: Portal): void {
  campaignRoutes(router, portal);
  settingsUserRoutes(router, portal);
  subscriptionRoutes(router, portal);
}
