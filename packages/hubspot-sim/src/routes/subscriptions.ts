// Communication preferences (API-FACTS-2 §4): definitions (v3 bare wrapper, v4 batch-style
// envelope), one address's statuses (v3, v4) and opt-out of all (`unsubscribe-all`), and their v4
// batch reads keyed by email, which need their own scope and Marketing Hub Enterprise (403
// otherwise), `channel=EMAIL` (400 without it).
import type { Portal } from '../data/portal.ts';
import { badRequest, json, type Reply } from '../http/reply.ts';
import type { RequestContext, Router } from '../http/router.ts';
import { lacking } from './campaigns.ts';

const READ = () => ['communication_preferences.read', 'communication_preferences.read_write'];
const BATCH = () => ['communication_preferences.statuses.batch.read'];
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function subscriptionRoutes(router: Router, portal: Portal): void {
  const subs = portal.marketingSettings.subscriptions;
  const opts = portal.marketingSettings.opts;
  const now = () => new Date(portal.nowMs()).toISOString();
  const channel = (ctx: RequestContext): Reply | undefined => {
    const c = ctx.query.get('channel');
    if (c === null && !opts.requireChannel) return undefined;
    return c === 'EMAIL' ? undefined : badRequest(`channel must be EMAIL, got ${c === null ? 'nothing' : JSON.stringify(c)}`);
  };
  const P = '/communication-preferences';
  /** A v4 read of one subscriber: `channel=EMAIL` and a valid address, then `results` in a COMPLETE envelope. */
  const oneSubscriber = (ctx: RequestContext, results: (email: string) => unknown[]): Reply => {
    const bad = channel(ctx);
    if (bad) return bad;
    const email = ctx.params.subscriberIdString!;
    if (!EMAIL.test(email)) return badRequest(`${email} is not a valid email address`);
    return json(200, { status: 'COMPLETE', results: results(email), startedAt: now(), completedAt: now() });
  };
  /** A v4 batch read keyed by email: Enterprise only (403), `channel=EMAIL`, at most `subscriptionBatchMax` inputs, 207 with `errors` for refused addresses. */
  const batchOf = (ctx: RequestContext, answer: (email: string) => Record<string, unknown>): Reply => {
    const refused = lacking(portal.opts.accountLacks?.subscriptionStatusBatch, 'batch subscription status reads (Marketing Hub Enterprise)');
    if (refused) return refused;
    const bad = channel(ctx);
    if (bad) return bad;
    const inputs = ctx.body?.inputs;
    if (!Array.isArray(inputs) || inputs.some((i) => typeof i !== 'string')) return badRequest('Body must be {"inputs": ["<email address>", …]}');
    if (inputs.length > opts.subscriptionBatchMax) return badRequest(`Batch read takes at most ${opts.subscriptionBatchMax} inputs, got ${inputs.length}`);
    const valid = inputs.filter((e: string) => EMAIL.test(e));
    const invalid = inputs.filter((e: string) => !EMAIL.test(e));
    const body: Record<string, unknown> = { status: 'COMPLETE', results: valid.map(answer), startedAt: now(), completedAt: now() };
    if (invalid.length) {
      body.numErrors = invalid.length;
      body.errors = invalid.map((e: string) => ({ status: 'error', category: 'VALIDATION_ERROR', message: `${e} is not a valid email address`, context: { subscriberIdString: [e] } }));
    }
    return json(invalid.length ? 207 : 200, body);
  };
  router.add({ method: 'GET', pattern: `${P}/v3/definitions`, name: 'subscriptions.definitions.v3', scopes: READ, handle: () => json(200, { subscriptionDefinitions: subs.definitions.map((d) => ({ ...d })) }) });
  router.add({
    method: 'GET',
    pattern: `${P}/v4/definitions`,
    name: 'subscriptions.definitions.v4',
    scopes: READ,
    handle: () => json(200, { status: 'COMPLETE', results: subs.definitions.map((d) => ({ ...d })), startedAt: now(), completedAt: now() }),
  });
  router.add({
    method: 'GET',
    pattern: `${P}/v3/status/email/:email`,
    name: 'subscriptions.status.v3',
    scopes: READ,
    handle: (ctx) => {
      const email = ctx.params.email!;
      if (!EMAIL.test(email)) return badRequest(`${email} is not a valid email address`);
      const statuses = subs.statuses(email).map((s) => ({
        id: String(s.subscriptionId),
        name: s.subscriptionName,
        description: `${s.subscriptionName} emails`,
        status: s.status === 'SUBSCRIBED' ? 'SUBSCRIBED' : 'NOT_SUBSCRIBED',
        sourceOfStatus: 'SUBSCRIPTION_STATUS',
        ...(s.legalBasis ? { legalBasis: s.legalBasis } : {}),
        ...(s.legalBasisExplanation ? { legalBasisExplanation: s.legalBasisExplanation } : {}),
      }));
      return json(200, { recipient: email, subscriptionStatuses: statuses });
    },
  });
  router.add({
    method: 'GET',
    pattern: `${P}/v4/statuses/:subscriberIdString`,
    name: 'subscriptions.status.v4',
    scopes: READ,
    handle: (ctx) => oneSubscriber(ctx, (email) => subs.statuses(email)),
  });
  router.add({
    method: 'GET',
    pattern: `${P}/v4/statuses/:subscriberIdString/unsubscribe-all`,
    name: 'subscriptions.unsubscribe-all',
    scopes: READ,
    handle: (ctx) => oneSubscriber(ctx, (email) => subs.wide(email)),
  });
  router.add({
    method: 'POST',
    pattern: `${P}/v4/statuses/batch/unsubscribe-all/read`,
    name: 'subscriptions.unsubscribe-all.batch',
    scopes: BATCH,
    handle: (ctx) => batchOf(ctx, (e) => ({ subscriberIdString: e.toLowerCase(), wideStatuses: subs.wide(e) })),
  });
  router.add({
    method: 'POST',
    pattern: `${P}/v4/statuses/batch/read`,
    name: 'subscriptions.status.batch',
    scopes: BATCH,
    handle: (ctx) => batchOf(ctx, (e) => ({ subscriberIdString: e.toLowerCase(), statuses: subs.statuses(e) })),
  });
}
