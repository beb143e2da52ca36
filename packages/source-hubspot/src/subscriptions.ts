/**
 * Communication preferences (API-FACTS-2 §4): subscription definitions (one unpaged call) and each
 * contact's status per subscription. HubSpot has no "all statuses" listing and no change feed, so
 * a run lists every contact's email (100 per call) and reads their statuses with the v4 batch
 * endpoint, 100 addresses per call: 2 calls per 100 contacts. The batch endpoint needs Marketing
 * Hub Enterprise; elsewhere `per_contact: true` reads one address per call (opt-in: it costs a
 * call per contact). Statuses are keyed by email address, so contacts without one have none.
 */
import type { Batch, Column, Row, StreamRequest } from '@pipe/sdk';
import { MalformedPageError, checkedPage, fetchPage } from '@pipe/hubspot-api';
import type { HubSpotStreamOptions } from './config.ts';
import type { ReadEnv } from './env.ts';
import { LIST_PAGE } from './list.ts';
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

function statusRow(email: string, contactId: string | undefined, s: StatusJson): Row {
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
  };
}

export async function* readSubscriptionStatuses(env: ReadEnv, req: StreamRequest): AsyncGenerator<Batch> {
  const stream = req.schema.name;
  const perContact = (req.options as HubSpotStreamOptions).per_contact === true;
  let after: string | undefined;
  let invalid = 0;
  do {
    const page = await fetchPage<{ id: string; properties?: { email?: string | null } }>(
      env.client,
      { method: 'GET', url: `${env.client.paths.objects}/contacts` },
      { kind: 'list', stream, params: { limit: LIST_PAGE, after, properties: 'email', archived: false } },
      { cursor: 'after', limit: LIST_PAGE, records: true },
    );
    // One contact per address (the first listed, i.e. the lowest id) when two share one.
    const contactOf = new Map<string, string>();
    for (const c of page.results) {
      const email = c.properties?.email?.trim().toLowerCase();
      if (email && !contactOf.has(email)) contactOf.set(email, String(c.id));
    }
    const rows: Row[] = [];
    const emails = [...contactOf.keys()];
    if (perContact) {
      for (const email of emails) {
        const res = await fetchPage<StatusJson>(
          env.client,
          { method: 'GET', url: `${PREFS}/v4/statuses/${encodeURIComponent(email)}` },
          // An address HubSpot does not take (400) is counted, not fatal: it is the contact's data.
          { kind: 'subscriptions', stream, params: { channel: 'EMAIL' }, accept: [400] },
          statusShape,
        );
        if (res.status === 400) invalid++;
        for (const s of res.results) rows.push(statusRow(email, contactOf.get(email), s));
      }
    } else {
      for (let i = 0; i < emails.length; i += STATUS_BATCH) {
        const inputs = emails.slice(i, i + STATUS_BATCH);
        const res = await fetchPage<{ subscriberIdString: string; statuses: StatusJson[] }>(
          env.client,
          { method: 'POST', url: `${PREFS}/v4/statuses/batch/read`, body: { inputs } },
          // 207: some addresses were refused (errors[]); the rest are answered.
          { kind: 'subscriptions', stream, params: { channel: 'EMAIL' }, accept: [207] },
          { id: 'subscriberIdString', limit: inputs.length, item: (r) => statusesProblem(r.statuses) },
        );
        if (res.status === 207) invalid += Array.isArray(res.data.errors) ? res.data.errors.length : 0;
        for (const r of res.results) {
          const email = r.subscriberIdString.toLowerCase();
          for (const s of r.statuses) rows.push(statusRow(email, contactOf.get(email), s));
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

function statusesProblem(statuses: unknown): string | undefined {
  if (!Array.isArray(statuses)) return 'whose "statuses" is not a list';
  try {
    checkedPage({ results: statuses }, 'statuses', statusShape);
  } catch (e) {
    return e instanceof MalformedPageError ? `whose statuses are malformed (${e.problem})` : 'whose statuses are malformed';
  }
  return undefined;
}
