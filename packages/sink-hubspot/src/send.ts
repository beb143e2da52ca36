/**
 * Writing records and accounting for every one of them: each sent record ends up created,
 * updated or rejected with HubSpot's reason. A 207 names its failed records; a 400 or 409 for
 * the whole batch is split in halves until the culprits stand alone, so one bad record never
 * takes 99 good ones with it.
 */
import type { HubSpotClient } from '@pipe/hubspot-api';
import { type BatchBody, type BatchError, postBatch } from './api.ts';
import type { StreamPlan } from './plan.ts';
import { type OutgoingRecord, type Reject, keyOf } from './records.ts';

export interface SendOutcome {
  created: number;
  updated: number;
  rejects: Reject[];
  calls: number;
}

function inputsOf(plan: StreamPlan, records: OutgoingRecord[]): unknown[] {
  return records.map((r) => (plan.byRecordId ? { id: r.key, properties: r.properties } : { id: r.key, idProperty: plan.idProperty, properties: r.properties }));
}

function errorIds(e: BatchError): string[] {
  const out: string[] = [];
  for (const key of ['ids', 'id', 'objectIds', 'emails']) {
    const v = e.context?.[key];
    if (Array.isArray(v)) for (const x of v) if (typeof x === 'string' || typeof x === 'number') out.push(String(x));
  }
  return out;
}

const reason = (e: BatchError | BatchBody) => e.message ?? e.category ?? 'HubSpot gave no reason';

/** Matches a 200/207 answer to the records sent. */
function account(plan: StreamPlan, records: OutgoingRecord[], body: BatchBody): SendOutcome {
  const sent = new Map(records.map((r) => [keyOf(plan, r.key), r]));
  const done = new Set<string>();
  let created = 0;
  let updated = 0;
  let unmatched = 0;
  for (const r of body.results ?? []) {
    const raw = plan.byRecordId ? r.id : (r.properties?.[plan.idProperty] ?? undefined);
    const k = raw === undefined || raw === null ? undefined : keyOf(plan, String(raw));
    if (k !== undefined && sent.has(k)) done.add(k);
    else unmatched++;
    if (r.new === true) created++;
    else updated++;
  }
  const rejects: Reject[] = [];
  const unattributed: string[] = [];
  for (const e of body.errors ?? []) {
    const ids = errorIds(e).map((id) => keyOf(plan, id)).filter((k) => sent.has(k) && !done.has(k));
    if (ids.length === 0) unattributed.push(`${e.category ?? 'ERROR'}: ${reason(e)}`);
    for (const k of ids) {
      done.add(k);
      rejects.push({ key: sent.get(k)!.key, category: e.category ?? 'ERROR', reason: reason(e), by: 'hubspot', properties: sent.get(k)!.properties });
    }
  }
  // Records neither confirmed nor named in an error. When HubSpot echoed results we could not
  // match (no id property in them), trust the count; otherwise nothing may vanish silently.
  const left = [...sent.entries()].filter(([k]) => !done.has(k));
  if (left.length > unmatched || unattributed.length > 0) {
    const why = unattributed.length > 0 ? unattributed.join('; ') : 'HubSpot did not confirm this record in its answer';
    for (const [, r] of left.slice(unattributed.length > 0 ? 0 : unmatched)) {
      rejects.push({ key: r.key, category: unattributed.length > 0 ? 'UNATTRIBUTED_ERROR' : 'UNCONFIRMED', reason: why, by: 'hubspot', properties: r.properties });
    }
  }
  return { created, updated, rejects, calls: 1 };
}

export async function sendRecords(client: HubSpotClient, plan: StreamPlan, records: OutgoingRecord[], where: string): Promise<SendOutcome> {
  if (records.length === 0) return { created: 0, updated: 0, rejects: [], calls: 0 };
  const { status, body } = await postBatch(client, plan, inputsOf(plan, records), where);
  if (status === 400 || status === 409) {
    if (records.length === 1) {
      const r = records[0]!;
      return { created: 0, updated: 0, calls: 1, rejects: [{ key: r.key, category: body.category ?? `HTTP_${status}`, reason: reason(body), by: 'hubspot', properties: r.properties }] };
    }
    const half = Math.ceil(records.length / 2);
    const a = await sendRecords(client, plan, records.slice(0, half), where);
    const b = await sendRecords(client, plan, records.slice(half), where);
    return { created: a.created + b.created, updated: a.updated + b.updated, rejects: [...a.rejects, ...b.rejects], calls: 1 + a.calls + b.calls };
  }
  return account(plan, records, body);
}
