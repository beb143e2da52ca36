/**
 * Communication preferences (API-FACTS-2 §4): subscription definitions (one unpaged call) and each
 * contact's status per subscription. HubSpot has no "all statuses" listing and no change feed, so
 * a run lists every contact's email (100 per call) and reads their statuses and their opt-out of
 * all email (`unsubscribe-all`) with the v4 batch endpoints, 100 addresses per call: 3 calls per
 * 100 contacts. The batch endpoints need Marketing Hub Enterprise; elsewhere `per_contact: true`
 * reads one address per call (opt-in: it costs 2 calls per contact). Statuses are keyed by email
 * address, so contacts without one have none.
 */
import type { Batch, Column, Row, StreamRequest } from '@pipe/sdk';
import { CursorTrail, MalformedPageError, type PageShape, checkedPage, fetchPage } from '@pipe/hubspot-api';
import type { HubSpotStreamOptions } from './config.ts';
import type { ReadEnv } from './env.ts';
import { FittingSize } from './fitting-size.ts';
import { LIST_PAGE } from './list.ts';
import { textOf } from './typing.ts';
import { isoDate } from './values.ts';

export const PREFS = '/communication-preferences';
/** Addresses per batch read (the maximum is undocumented; 100 is what pipe sends). */
export const STATUS_BATCH = 100;

export const SUBSCRIPTION_DEFINITIONS_COLUMNS: Column[] = [
  { name: 'id', type: 'string', nullable: false, description: 'Subscription id (subscription_statuses.subscription_id).' },
  { name: 'name', type: 'string' },
  { name: 'description', type: 'string' },
  { name: 'purpose', type: 'string' },
  { name: 'communication_method', type: 'string' },
  { name: 'is_active', type: 'boolean' },
  { name: 'is_default', type: 'boolean' },
  { name: 'is_internal', type: 'boolean' },
  { name: 'business_unit_id', type: 'string' },
  { name: 'created_at', type: 'timestamp' },
  { name: 'updated_at', type: 'timestamp' },
];

export const SUBSCRIPTION_STATUSES_COLUMNS: Column[] = [
  { name: 'email', type: 'string', nullable: false, description: 'The address (subscriberIdString), lower case.' },
  { name: 'subscription_id', type: 'string', nullable: false, description: 'Joins subscription_definitions.id.' },
  { name: 'contact_id', type: 'string', description: 'The contact with this email (pipe: from the contacts list).' },
  { name: 'subscription_name', type: 'string' },
  { name: 'channel', type: 'string', description: 'EMAIL.' },
  { name: 'status', type: 'string', description: 'SUBSCRIBED (opted in), UNSUBSCRIBED (opted out) or NOT_SPECIFIED.' },
  { name: 'source', type: 'string', description: 'What set the status.' },
  { name: 'legal_basis', type: 'string', description: 'LEGITIMATE_INTEREST_PQL, CONSENT_WITH_NOTICE, NON_GDPR, …' },
  { name: 'legal_basis_explanation', type: 'string' },
  { name: 'timestamp', type: 'timestamp', description: 'When the status was set.' },
  { name: 'business_unit_id', type: 'string' },
  { name: 'opted_out_of_all', type: 'boolean', description: 'The address opted out of all email (unsubscribe-all: a PORTAL_WIDE or BUSINESS_UNIT_WIDE status), whatever its per-subscription status says.' },
  { name: 'opted_out_of_all_at', type: 'timestamp', description: 'When it opted out of all email.' },
];

interface DefinitionJson {
  id: string | number;
  name?: string;
  description?: string;
  purpose?: string;
  communicationMethod?: string;
  isActive?: boolean;
  isDefault?: boolean;
  isInternal?: boolean;
  businessUnitId?: number | string;
  createdAt?: string | number;
  updatedAt?: string | number;
}

interface StatusJson {
  subscriberIdString?: string;
  subscriptionId: number | string;
  subscriptionName?: string;
  channel?: string;
  status?: string;
  source?: string;
  timestamp?: string;
  businessUnitId?: number | string;
  legalBasis?: string;
  legalBasisExplanation?: string;
}

const str = (v: string | number | undefined | null) => (v === undefined || v === null ? null : String(v));

export async function* readSubscriptionDefinitions(env: ReadEnv, req: StreamRequest): AsyncGenerator<Batch> {
  const stream = req.schema.name;
  const page = await fetchPage<DefinitionJson>(env.client, { method: 'GET', url: `${PREFS}/v3/definitions` }, { kind: 'subscriptions', stream }, { list: 'subscriptionDefinitions' });
  const rows = page.results.map(
    (d): Row => ({
      id: String(d.id),
      name: d.name ?? null,
      description: d.description ?? null,
      purpose: d.purpose ?? null,
      communication_method: d.communicationMethod ?? null,
      is_active: d.isActive ?? null,
      is_default: d.isDefault ?? null,
      is_internal: d.isInternal ?? null,
      business_unit_id: str(d.businessUnitId),
      created_at: isoDate(d.createdAt),
      updated_at: isoDate(d.updatedAt),
    }),
  );
  if (rows.length) yield { stream, rows };
  yield { stream, rows: [], checkpoint: { v: 1, phase: 'idle' } };
}

const statusShape = { id: 'subscriptionId' } as const;

interface WideJson {
  status?: string;
  wideStatusType?: string;
  timestamp?: string;
}

/** Opted out of all email: the earliest UNSUBSCRIBED wide status (undefined = not opted out). */
function optOut(wide: WideJson[]): WideJson | undefined {
  return wide.filter((w) => w.status === 'UNSUBSCRIBED').sort((a, b) => String(a.timestamp).localeCompare(String(b.timestamp)))[0];
}

function statusRow(email: string, contactId: string | undefined, s: StatusJson, out: WideJson | undefined): Row {
  return {
    email,
    subscription_id: String(s.subscriptionId),
    contact_id: contactId ?? null,
    subscription_name: s.subscriptionName ?? null,
    channel: s.channel ?? null,
    status: s.status ?? null,
    source: s.source ?? null,
    legal_basis: s.legalBasis ?? null,
    legal_basis_explanation: s.legalBasisExplanation ?? null,
    timestamp: isoDate(s.timestamp),
    business_unit_id: str(s.businessUnitId),
    opted_out_of_all: out !== undefined,
    opted_out_of_all_at: isoDate(out?.timestamp),
  };
}

export async function* readSubscriptionStatuses(env: ReadEnv, req: StreamRequest): AsyncGenerator<Batch> {
  const stream = req.schema.name;
  const perContact = (req.options as HubSpotStreamOptions).per_contact === true;
  let after: string | undefined;
  let invalid = 0;
  // Inputs per batch read: 100 by the docs; the most a server takes is UNCONFIRMED (API-FACTS-2 §10).
  const batchSize = new FittingSize(`${stream}: addresses per batch read`, STATUS_BATCH, 10, env.ctx.logger);
  const trail = new CursorTrail();
  do {
    const page = await fetchPage<{ id: string; properties?: { email?: string | null } }>(
      env.client,
      { method: 'GET', url: `${env.client.paths.objects}/contacts` },
      { kind: 'list', stream, params: { limit: LIST_PAGE, after, properties: 'email', archived: false } },
      { cursor: 'after', limit: LIST_PAGE, records: true, trail },
    );
    // One contact per address (the first listed, i.e. the lowest id) when two share one.
    const contactOf = new Map<string, string>();
    for (const c of page.results) {
      const raw = c.properties?.email;
      const email = raw === null || raw === undefined ? undefined : textOf(raw).trim().toLowerCase();
      if (email && !contactOf.has(email)) contactOf.set(email, String(c.id));
    }
    const rows: Row[] = [];
    const emails = [...contactOf.keys()];
    if (perContact) {
      for (const email of emails) {
        const one = `${PREFS}/v4/statuses/${encodeURIComponent(email)}`;
        // An address HubSpot does not take (400) is counted, not fatal: it is the contact's data.
        const res = await fetchPage<StatusJson>(env.client, { method: 'GET', url: one }, { kind: 'subscriptions', stream, params: { channel: 'EMAIL' }, accept: [400] }, statusShape);
        if (res.status === 400) {
          invalid++;
          continue;
        }
        const wide = await fetchPage<WideJson>(env.client, { method: 'GET', url: `${one}/unsubscribe-all` }, { kind: 'subscriptions', stream, params: { channel: 'EMAIL' } }, { id: false });
        const out = optOut(wide.results);
        for (const s of res.results) rows.push(statusRow(email, contactOf.get(email), s, out));
      }
    } else {
      for (let i = 0; i < emails.length; ) {
        const { res, wide, inputs } = await batchSize.read(async (n) => {
          const inputs = emails.slice(i, i + n);
          // 207: some addresses were refused (errors[]); the rest are answered.
          const opts = { kind: 'subscriptions', stream, params: { channel: 'EMAIL' }, accept: [207] };
          const res = await fetchPage<{ subscriberIdString: string; statuses: StatusJson[] }>(
            env.client,
            { method: 'POST', url: `${PREFS}/v4/statuses/batch/read`, body: { inputs } },
            opts,
            { id: 'subscriberIdString', limit: inputs.length, item: (r) => listProblem(r.statuses, 'statuses', statusShape) },
          );
          const wide = await fetchPage<{ subscriberIdString: string; wideStatuses: WideJson[] }>(
            env.client,
            { method: 'POST', url: `${PREFS}/v4/statuses/batch/unsubscribe-all/read`, body: { inputs } },
            opts,
            { id: 'subscriberIdString', limit: inputs.length, item: (r) => listProblem(r.wideStatuses, 'wideStatuses', { id: false }) },
          );
          return { res, wide, inputs };
        });
        i += inputs.length;
        if (res.status === 207) invalid += Array.isArray(res.data.errors) ? res.data.errors.length : 0;
        const outOf = new Map(wide.results.map((w) => [String(w.subscriberIdString).toLowerCase(), optOut(w.wideStatuses)]));
        for (const r of res.results) {
          const email = String(r.subscriberIdString).toLowerCase();
          for (const s of r.statuses) rows.push(statusRow(email, contactOf.get(email), s, outOf.get(email)));
        }
      }
    }
    if (rows.length) yield { stream, rows };
    after = page.next;
  } while (after);
  if (invalid) {
    env.ctx.logger.warn(`${stream}: HubSpot refused ${invalid} contact email address(es) as invalid; they have no status rows`);
    env.ctx.metrics.add(stream, 'invalid_addresses', invalid);
  }
  yield { stream, rows: [], checkpoint: { v: 1, phase: 'idle' } };
}

function listProblem(list: unknown, key: string, shape: PageShape): string | undefined {
  if (!Array.isArray(list)) return `whose "${key}" is not a list`;
  try {
    checkedPage({ results: list }, key, shape);
  } catch (e) {
    return e instanceof MalformedPageError ? `whose ${key} are malformed (${e.problem})` : `whose ${key} are malformed`;
  }
  return undefined;
}
