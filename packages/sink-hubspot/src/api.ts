/**
 * The sink's HubSpot calls, through the source's `HubSpotClient`: one per-token rate budget
 * for reads and writes, the same retry policy, and HubSpot's errors made readable. Only the
 * missing-scope error is reworded, to name the write this sink was attempting.
 */
import { MissingScopesError } from '@pipe/sdk';
import { type HubSpotClient, fetchWhole } from '@pipe/hubspot-api';
import type { PropertyDef, StreamPlan } from './plan.ts';

export interface BatchError {
  status?: string;
  category?: string;
  message?: string;
  context?: Record<string, unknown>;
}

export interface BatchResult {
  id?: string;
  new?: boolean;
  properties?: Record<string, string | null>;
}

export interface BatchBody {
  results?: BatchResult[];
  errors?: BatchError[];
  numErrors?: number;
  message?: string;
  category?: string;
}

/** What a call needs to say when HubSpot refuses it for a missing scope. */
export interface ScopeContext {
  where: string;
  object: string;
  access: 'read' | 'write';
}

/** Rethrow HubSpot's missing-scope error so it names this sink, the object and the access. */
export async function withScopeMessage<T>(ctx: ScopeContext, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    if (!(e instanceof MissingScopesError)) throw e;
    const need = e.scopes.length > 0 ? e.scopes.join(' or ') : `the ${ctx.access} scope for ${ctx.object}`;
    throw new MissingScopesError(`${ctx.where}: the HubSpot token may not ${ctx.access} ${ctx.object}: it needs ${need}.`, {
      scopes: e.scopes,
      hint: `Add ${e.scopes.length > 1 ? 'one of these scopes' : 'this scope'} to the token (Settings → Integrations → Service Keys / Private Apps) and run again. Nothing was written.`,
      cause: e,
    });
  }
}

export async function fetchProperties(client: HubSpotClient, object: string, where: string): Promise<PropertyDef[]> {
  // Every page, should a server page the definitions (fetchWhole); items without a name are left out.
  const page = await withScopeMessage({ where, object, access: 'read' }, () =>
    fetchWhole<PropertyDef>(client, { method: 'GET', url: `${client.paths.properties}/${object}` }, { kind: 'properties', stream: object }, { id: false }),
  );
  return page.results.filter((d) => typeof d.name === 'string');
}

/** The batch endpoint a stream writes through: upsert on a unique property, update by record id. */
export function writeUrl(client: HubSpotClient, plan: StreamPlan): string {
  return `${client.paths.objects}/${plan.object}/batch/${plan.byRecordId ? 'update' : 'upsert'}`;
}

/**
 * Asks HubSpot whether the token may write the object, with a batch of no inputs (writes
 * nothing). Any answer but 403 means yes: the scope check comes before input validation.
 */
export async function probeWriteScope(client: HubSpotClient, plan: StreamPlan, where: string): Promise<void> {
  await withScopeMessage({ where, object: plan.object, access: 'write' }, () =>
    client.post(writeUrl(client, plan), { inputs: [] }, { kind: 'batch_write_probe', stream: plan.stream, accept: [400, 404, 409, 422] }),
  );
}

/** HubSpot's answer to one batch write: 200/201, 207 with per-record errors, or 400/409 for the whole batch. */
export async function postBatch(client: HubSpotClient, plan: StreamPlan, inputs: unknown[], where: string): Promise<{ status: number; body: BatchBody }> {
  const res = await withScopeMessage({ where, object: plan.object, access: 'write' }, () =>
    client.post<BatchBody>(writeUrl(client, plan), { inputs }, { kind: plan.byRecordId ? 'batch_update' : 'batch_upsert', stream: plan.stream, accept: [207, 400, 409] }),
  );
  const data: unknown = res.data;
  const body: BatchBody = data && typeof data === 'object' ? (data as BatchBody) : { message: typeof data === 'string' ? data.slice(0, 300) : undefined };
  return { status: res.status, body };
}

/** Current values of records by key, for the dry-run diff (missing ones are simply absent). */
export async function readCurrent(client: HubSpotClient, plan: StreamPlan, keys: string[], properties: string[], where: string): Promise<BatchResult[]> {
  const body: Record<string, unknown> = { inputs: keys.map((id) => ({ id })), properties: [...properties, plan.idProperty] };
  if (!plan.byRecordId) body.idProperty = plan.idProperty;
  const res = await withScopeMessage({ where, object: plan.object, access: 'read' }, () =>
    client.post<BatchBody>(`${client.paths.objects}/${plan.object}/batch/read`, body, { kind: 'batch_read', stream: plan.stream, accept: [207] }),
  );
  return res.data?.results ?? [];
}
