/**
 * Owners and pipelines: small reference tables, re-read whole each run (owners page by 100,
 * pipelines come unpaged). Owners include deactivated users (`archived=true`), so that old
 * records' `hubspot_owner_id` still resolves to a name.
 */
import { type Batch, type Column, MissingScopesError, type Row, type StreamRequest } from '@pipe/sdk';
import { CursorTrail, fetchPage, fetchWhole } from '@pipe/hubspot-api';
import { isUnavailable } from './availability.ts';
import type { ReadEnv } from './env.ts';
import { isoDate } from './values.ts';

export const OWNERS_COLUMNS: Column[] = [
  { name: 'id', type: 'string', nullable: false, description: 'Owner id: the value of hubspot_owner_id on records.' },
  { name: 'email', type: 'string' },
  { name: 'first_name', type: 'string' },
  { name: 'last_name', type: 'string' },
  { name: 'full_name', type: 'string', description: 'first_name and last_name joined (pipe).' },
  { name: 'user_id', type: 'integer', description: 'HubSpot user id (null for queues).' },
  { name: 'user_id_including_inactive', type: 'integer' },
  { name: 'type', type: 'string', description: 'PERSON or QUEUE.' },
  { name: 'teams', type: 'json', description: 'Teams: [{id, name, primary}].' },
  { name: 'primary_team', type: 'string', description: 'Name of the primary team (pipe).' },
  { name: 'archived', type: 'boolean', description: 'true for a deactivated user.' },
  { name: 'created_at', type: 'timestamp' },
  { name: 'updated_at', type: 'timestamp' },
];

export const PIPELINES_COLUMNS: Column[] = [
  { name: 'object_type', type: 'string', nullable: false, description: 'deals or tickets.' },
  { name: 'id', type: 'string', nullable: false, description: 'Pipeline id: the value of pipeline (deals) or hs_pipeline (tickets).' },
  { name: 'label', type: 'string' },
  { name: 'display_order', type: 'integer' },
  { name: 'archived', type: 'boolean' },
  { name: 'created_at', type: 'timestamp', description: 'Epoch 0 for the default pipeline (as HubSpot reports it).' },
  { name: 'updated_at', type: 'timestamp' },
];

export const STAGES_COLUMNS: Column[] = [
  { name: 'object_type', type: 'string', nullable: false },
  { name: 'pipeline_id', type: 'string', nullable: false },
  { name: 'id', type: 'string', nullable: false, description: 'Stage id: the value of dealstage (deals) or hs_pipeline_stage (tickets).' },
  { name: 'pipeline_label', type: 'string' },
  { name: 'label', type: 'string' },
  { name: 'display_order', type: 'integer' },
  { name: 'probability', type: 'number', description: 'Deal stages: win probability 0..1 (metadata.probability).' },
  { name: 'is_closed', type: 'boolean', description: 'Deals: metadata.isClosed; tickets: metadata.ticketState = CLOSED.' },
  { name: 'ticket_state', type: 'string', description: 'Tickets: OPEN or CLOSED.' },
  { name: 'metadata', type: 'json', description: 'All stage metadata, verbatim.' },
  { name: 'archived', type: 'boolean' },
  { name: 'created_at', type: 'timestamp' },
  { name: 'updated_at', type: 'timestamp' },
];

interface Owner {
  id: string;
  email?: string;
  firstName?: string;
  lastName?: string;
  userId?: number;
  userIdIncludingInactive?: number;
  type?: string;
  teams?: { id: string; name: string; primary?: boolean }[];
  archived?: boolean;
  createdAt?: string;
  updatedAt?: string;
}

interface Stage {
  id: string;
  label?: string;
  displayOrder?: number;
  /** Strings in HubSpot's answers; a server may send `isClosed` as a boolean, `probability` as a number. */
  metadata?: Record<string, unknown>;
  archived?: boolean;
  createdAt?: string;
  updatedAt?: string;
}
interface Pipeline extends Stage {
  stages?: Stage[];
}

const PIPELINE_OBJECTS = ['deals', 'tickets'] as const;

export async function* readOwners(env: ReadEnv, req: StreamRequest): AsyncGenerator<Batch> {
  const stream = req.schema.name;
  for (const archived of [false, true]) {
    let after: string | undefined;
    const trail = new CursorTrail();
    do {
      const page = await fetchPage<Owner>(
        env.client,
        { method: 'GET', url: env.client.paths.owners },
        { kind: 'owners', stream, params: { limit: 100, after, archived } },
        { cursor: 'after', limit: 100, trail },
      );
      const rows = page.results.map((o) => ownerRow(o, archived));
      if (rows.length) yield { stream, rows };
      after = page.next;
    } while (after);
  }
  yield { stream, rows: [], checkpoint: { v: 1, phase: 'idle' } };
}

function ownerRow(o: Owner, archived: boolean): Row {
  const name = [o.firstName, o.lastName].filter((s) => s).join(' ');
  return {
    id: String(o.id),
    email: o.email ?? null,
    first_name: o.firstName ?? null,
    last_name: o.lastName ?? null,
    full_name: name || null,
    user_id: o.userId ?? null,
    user_id_including_inactive: o.userIdIncludingInactive ?? null,
    type: o.type ?? null,
    teams: o.teams ?? [],
    primary_team: o.teams?.find((t) => t.primary)?.name ?? null,
    archived: o.archived ?? archived,
    created_at: isoDate(o.createdAt),
    updated_at: isoDate(o.updatedAt),
  };
}

/** Pipelines of one object type (deals or tickets), unpaged (fetchWhole: unless a server pages them). */
async function pipelinesOf(env: ReadEnv, stream: string, objectType: string): Promise<Pipeline[]> {
  const page = await fetchWhole<Pipeline>(
    env.client,
    { method: 'GET', url: `${env.client.paths.pipelines}/${objectType}` },
    { kind: 'pipelines', stream },
    { item: (p) => (p.stages !== undefined && !Array.isArray(p.stages) ? 'whose "stages" is not a list' : undefined) },
  );
  return page.results;
}

export async function* readPipelines(env: ReadEnv, req: StreamRequest, stages: boolean): AsyncGenerator<Batch> {
  const stream = req.schema.name;
  let unavailable: Error | undefined;
  for (const objectType of PIPELINE_OBJECTS) {
    let pipelines: Pipeline[];
    try {
      pipelines = await pipelinesOf(env, stream, objectType);
    } catch (e) {
      // A token for deals only, or a portal without tickets, still gets the pipelines it has;
      // only when neither object type answers does the stream itself count as unavailable.
      if (!isUnavailable(e) || unavailable) throw e;
      unavailable = e;
      const why = e instanceof MissingScopesError ? `the token lacks ${e.scopes.join(' or ') || 'their scope'}` : `HubSpot refused them (${e.message})`;
      env.ctx.logger.warn(`${stream}: skipping ${objectType} pipelines: ${why}`);
      continue;
    }
    const rows = stages ? pipelines.flatMap((p) => (p.stages ?? []).map((s) => stageRow(objectType, p, s))) : pipelines.map((p) => pipelineRow(objectType, p));
    if (rows.length) yield { stream, rows };
  }
  yield { stream, rows: [], checkpoint: { v: 1, phase: 'idle' } };
}

function pipelineRow(objectType: string, p: Pipeline): Row {
  return {
    object_type: objectType,
    id: String(p.id),
    label: p.label ?? null,
    display_order: p.displayOrder ?? null,
    archived: p.archived ?? false,
    created_at: isoDate(p.createdAt),
    updated_at: isoDate(p.updatedAt),
  };
}

function stageRow(objectType: string, p: Pipeline, s: Stage): Row {
  const md = s.metadata ?? {};
  const probability = md.probability !== undefined && md.probability !== null && md.probability !== '' ? Number(md.probability) : Number.NaN;
  const ticketState = typeof md.ticketState === 'string' ? md.ticketState : null;
  const closed = md.isClosed !== undefined && md.isClosed !== null ? String(md.isClosed).toLowerCase() === 'true' : ticketState ? ticketState === 'CLOSED' : null;
  return {
    object_type: objectType,
    pipeline_id: String(p.id),
    id: String(s.id),
    pipeline_label: p.label ?? null,
    label: s.label ?? null,
    display_order: s.displayOrder ?? null,
    probability: Number.isFinite(probability) ? probability : null,
    is_closed: closed,
    ticket_state: ticketState,
    metadata: md,
    archived: s.archived ?? false,
    created_at: isoDate(s.createdAt),
    updated_at: isoDate(s.updatedAt),
  };
}
