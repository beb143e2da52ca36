// Portal-level refusals, decided after auth, scopes and rate limits like any HubSpot answer: an
// object type this portal lacks (on every endpoint that names it) and API families the account lacks.
import type { Portal } from '../data/portal.ts';
import type { ObjectTypeDef } from '../data/model.ts';
import { PORTAL_ID } from '../data/object-types.ts';
import type { AbsentAnswer, AccountLacks } from '../options.ts';
import { type Reply, hubspotError } from '../http/reply.ts';
import type { RequestContext } from '../http/router.ts';
import { unknownType } from './objects.ts';

/** Route parameters that name an object type. */
const TYPE_PARAMS = ['type', 'from', 'to', 'toType'] as const;

const FAMILY: Record<string, { key: keyof AccountLacks; what: string }> = {
  'marketing.emails.list': { key: 'marketingEmails', what: 'marketing emails (Marketing Hub)' },
  'marketing.emails.read': { key: 'marketingEmails', what: 'marketing emails (Marketing Hub)' },
  'email.events': { key: 'emailEvents', what: 'email events (Marketing Hub)' },
  'analytics.report': { key: 'analytics', what: 'analytics reports (Marketing Hub Professional)' },
  'events.list': { key: 'events', what: 'web analytics events (Enterprise)' },
  'email.campaigns.list': { key: 'emailCampaigns', what: 'legacy email campaigns (Marketing Hub)' },
  'email.campaigns.recent': { key: 'emailCampaigns', what: 'legacy email campaigns (Marketing Hub)' },
  'email.campaigns.read': { key: 'emailCampaigns', what: 'legacy email campaigns (Marketing Hub)' },
};

/** The answer for an object type this portal lacks. 400 is HubSpot's unknown-type answer; the 403
 * and 404 bodies are UNCONFIRMED (API-FACTS-2 §6: "403 or 400" on non-activated objects). */
export function absentTypeReply(t: ObjectTypeDef, answer: AbsentAnswer, key: string): Reply {
  switch (answer) {
    case 400:
      return unknownType(key);
    case 403:
      return hubspotError(403, 'FORBIDDEN', `The portal ${PORTAL_ID} does not have access to object type ${t.objectTypeId} (${t.name}): it is not enabled or not part of this account's subscription.`);
    case 404:
      return hubspotError(404, 'OBJECT_NOT_FOUND', `Object type ${key} was not found in portal ${PORTAL_ID}.`);
  }
}

export function portalRefusal(portal: Portal): (ctx: RequestContext, routeName: string) => Reply | undefined {
  const lacks = portal.opts.accountLacks ?? {};
  return (ctx, routeName) => {
    if (portal.absent.size > 0) {
      for (const p of TYPE_PARAMS) {
        const key = ctx.params[p];
        const hit = key === undefined ? undefined : portal.absent.get(key.toLowerCase());
        if (hit) return absentTypeReply(hit.type, hit.answer, key!);
      }
    }
    const family = FAMILY[routeName];
    const status = family && lacks[family.key];
    if (!status) return undefined;
    return status === 403
      ? hubspotError(403, 'FORBIDDEN', `The portal ${PORTAL_ID} does not have access to ${family.what}: it is not part of this account's subscription.`)
      : hubspotError(404, 'OBJECT_NOT_FOUND', `resource not found`);
  };
}
