// `POST …/deals/splits/batch/read` (API-FACTS-2 §6): the splits of up to `batchMax` deals by deal
// id. Served at every objects mount, at the spec's spelling `/crm/objects/v3/…` and at the dated
// release's `/deal-splits/{version}/batch/read`. An account without Sales Hub Enterprise answers as
// `accountLacks.dealSplits` says: 403 MISSING_SCOPES (the scope cannot be granted there), 403
// FORBIDDEN or 404 (which HubSpot sends: UNCONFIRMED).
import { splitJson } from '../data/deal-splits.ts';
import type { Portal } from '../data/portal.ts';
import { PORTAL_ID } from '../data/object-types.ts';
import { badRequest, hubspotError, json, notFound, type Reply } from '../http/reply.ts';
import type { RequestContext, Router } from '../http/router.ts';
import { absentTypeReply } from './refusals.ts';

export const DEAL_SPLIT_SCOPES = ['crm.dealsplits.read_write'];

function lacksReply(answer: 'missing_scopes' | 403 | 404): Reply {
  if (answer === 404) return notFound();
  if (answer === 403) return hubspotError(403, 'FORBIDDEN', `The portal ${PORTAL_ID} does not have access to deal splits: they need Sales Hub Enterprise with deal splits turned on.`);
  return hubspotError(
    403,
    'MISSING_SCOPES',
    "This app hasn't been granted all required scopes to make this call. Read more about required scopes here: https://developers.hubspot.com/scopes.",
    { errors: [{ message: 'One or more of the following scopes are required.', context: { requiredGranularScopes: DEAL_SPLIT_SCOPES } }], links: { scopes: 'https://developers.hubspot.com/scopes' } },
  );
}

function batchRead(portal: Portal, ctx: RequestContext): Reply {
  const lacks = portal.opts.accountLacks?.dealSplits;
  if (lacks) return lacksReply(lacks);
  const absent = portal.absent.get('deals');
  if (absent) return absentTypeReply(absent.type, absent.answer, 'deals');
  const inputs = ctx.body?.inputs;
  if (!Array.isArray(inputs)) return badRequest('Request body must contain "inputs": an array.');
  const { batchMax, withoutSplits } = portal.dealSplits.opts;
  if (inputs.length > batchMax) return badRequest(`Batch input limit exceeded: ${inputs.length} inputs; the limit is ${batchMax}.`);
  const deals = portal.stores.get('deals')!;
  const started = new Date().toISOString();
  const results: unknown[] = [];
  const missing: string[] = [];
  for (const input of inputs as { id?: unknown }[]) {
    const id = String(input?.id ?? '');
    const i = deals.indexOf(id);
    if (!deals.isLive(i)) {
      missing.push(id);
      continue;
    }
    const splits = portal.dealSplits.of(id, i, deals.created[i]!, deals.value(i, 'hubspot_owner_id'));
    if (splits.length === 0 && withoutSplits === 'omit') continue;
    results.push({ id, splits: splits.map(splitJson) });
  }
  const body: Record<string, unknown> = { status: 'COMPLETE', results, startedAt: started, completedAt: new Date().toISOString() };
  if (missing.length === 0) return json(200, body);
  const error = { status: 'error', category: 'OBJECT_NOT_FOUND', message: 'Could not get some DEAL objects, they may be deleted or not exist. Check that ids are valid.', context: { ids: missing } };
  return json(207, { ...body, numErrors: 1, errors: [error] });
}

export function dealSplitRoutes(router: Router, portal: Portal): void {
  const bases = [...portal.paths.objects.map((b) => `${b}/deals/splits`), '/crm/objects/v3/deals/splits', '/deal-splits/:version'];
  for (const base of new Set(bases)) {
    router.add({ method: 'POST', pattern: `${base}/batch/read`, name: 'deal_splits.read', scopes: () => DEAL_SPLIT_SCOPES, handle: (ctx) => batchRead(portal, ctx) });
  }
}
