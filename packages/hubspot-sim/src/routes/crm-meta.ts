// Owners (paged), pipelines and custom object schemas (both unpaged).
import type { Portal } from '../data/portal.ts';
import type { PipelineInfo } from '../data/model.ts';
import { json, notFound, type Reply } from '../http/reply.ts';
import type { RequestContext, Router } from '../http/router.ts';
import { unknownType } from './objects.ts';
import { propertyJson } from './properties.ts';
import { boolParam, decodeCursor, encodeCursor, limitParam } from './records.ts';

function owners(portal: Portal, ctx: RequestContext): Reply {
  const limit = limitParam(ctx, 100, 500, 'clamp');
  if (typeof limit !== 'number') return limit;
  const start = decodeCursor(ctx.query.get('after'));
  if (typeof start !== 'number') return start;
  const archived = boolParam(ctx.query, 'archived');
  const email = ctx.query.get('email')?.toLowerCase();
  const all = portal.owners.filter((o) => o.archived === archived && (!email || o.email === email));
  const out: Record<string, unknown> = { results: all.slice(start, start + limit) };
  if (start + limit < all.length) {
    const after = encodeCursor(start + limit);
    out.paging = { next: { after, link: `${ctx.origin}${ctx.path}?after=${after}` } };
  }
  return json(200, out);
}

function owner(portal: Portal, ctx: RequestContext): Reply {
  const byUser = ctx.query.get('idProperty') === 'userId';
  const archived = boolParam(ctx.query, 'archived');
  const o = portal.owners.find((x) => (byUser ? String(x.userId) : x.id) === ctx.params.ownerId && x.archived === archived);
  return o ? json(200, o) : notFound();
}

const EPOCH = new Date(0).toISOString();

function pipelineJson(p: PipelineInfo, i: number) {
  const at = p.id === 'default' || p.id === '0' ? EPOCH : '2024-02-12T09:30:00.000Z';
  return {
    id: p.id,
    label: p.label,
    displayOrder: i,
    createdAt: at,
    updatedAt: at,
    archived: false,
    stages: p.stages.map((s, k) => ({ id: s.id, label: s.label, displayOrder: k, metadata: s.metadata, createdAt: at, updatedAt: at, archived: false, writePermissions: 'CRM_PERMISSIONS_ENFORCEMENT' })),
  };
}

function pipelinesOf(portal: Portal, ctx: RequestContext): PipelineInfo[] | Reply {
  const t = portal.types.resolve(ctx.params.type!);
  if (!t) return unknownType(ctx.params.type!);
  return t.name === 'deals' ? portal.world.dealPipelines : t.name === 'tickets' ? portal.world.ticketPipelines : [];
}

export function schemaJson(portal: Portal, name: string, withProps: boolean): Record<string, unknown> {
  const s = portal.stores.get(name)!;
  const t = s.type;
  const created = '2024-05-02T10:00:00.000Z';
  return {
    id: t.objectTypeId.replace('2-', ''),
    objectTypeId: t.objectTypeId,
    name: t.name,
    fullyQualifiedName: t.fullyQualifiedName,
    labels: { singular: t.singular, plural: t.plural },
    primaryDisplayProperty: t.primaryDisplayProperty,
    secondaryDisplayProperties: ['external_id'],
    requiredProperties: ['name'],
    searchableProperties: ['name', 'external_id'],
    properties: withProps ? s.props.map((p, i) => propertyJson(p, i)) : [],
    associations: portal.associations.partners(t.name).map((other, i) => ({
      id: String(portal.associations.definitions(t.name, other)[0]?.typeId ?? i),
      name: `${t.name}_to_${other}`,
      fromObjectTypeId: t.objectTypeId,
      toObjectTypeId: portal.stores.get(other)!.type.objectTypeId,
      createdAt: created,
      updatedAt: created,
    })),
    archived: false,
    createdAt: created,
    updatedAt: created,
    createdByUserId: 9000001,
    updatedByUserId: 9000001,
    allowsSensitiveProperties: false,
  };
}

export function crmMetaRoutes(router: Router, portal: Portal): void {
  const P = portal.paths;
  const ownerScopes = () => ['crm.objects.owners.read', 'automation'];
  for (const base of P.owners) {
    router.add({ method: 'GET', pattern: base, name: 'owners.list', scopes: ownerScopes, handle: (c) => owners(portal, c) });
    router.add({ method: 'GET', pattern: `${base}/:ownerId`, name: 'owners.read', scopes: ownerScopes, handle: (c) => owner(portal, c) });
  }
  const pipeScopes = (c: RequestContext) => {
    const t = portal.types.resolve(c.params.type ?? '');
    return t ? [...t.readScopes, `crm.schemas.${t.name}.read`] : [];
  };
  for (const base of P.pipelines) {
    router.add({
      method: 'GET',
      pattern: `${base}/:type`,
      name: 'pipelines.list',
      scopes: pipeScopes,
      handle: (c) => {
        const ps = pipelinesOf(portal, c);
        return Array.isArray(ps) ? json(200, { results: ps.map(pipelineJson) }) : ps;
      },
    });
    router.add({
      method: 'GET',
      pattern: `${base}/:type/:pipelineId`,
      name: 'pipelines.read',
      scopes: pipeScopes,
      handle: (c) => {
        const ps = pipelinesOf(portal, c);
        if (!Array.isArray(ps)) return ps;
        const i = ps.findIndex((p) => p.id === c.params.pipelineId);
        return i < 0 ? notFound() : json(200, pipelineJson(ps[i]!, i));
      },
    });
    router.add({
      method: 'GET',
      pattern: `${base}/:type/:pipelineId/stages`,
      name: 'pipelines.stages',
      scopes: pipeScopes,
      handle: (c) => {
        const ps = pipelinesOf(portal, c);
        if (!Array.isArray(ps)) return ps;
        const i = ps.findIndex((p) => p.id === c.params.pipelineId);
        return i < 0 ? notFound() : json(200, { results: pipelineJson(ps[i]!, i).stages });
      },
    });
  }
  const schemaScopes = () => ['crm.schemas.custom.read', 'crm.objects.custom.read'];
  const customs = () => portal.types.all.filter((t) => t.custom);
  for (const base of P.schemas) {
    // The older alias is `…/crm/v3/schemas`; which of the two a portal serves is UNCONFIRMED (schemaPaths).
    const legacy = !base.includes('/crm-object-schemas/');
    const served = () => portal.behaviour.schemaPaths === 'both' || (portal.behaviour.schemaPaths === 'legacy') === legacy;
    router.add({
      method: 'GET',
      pattern: base,
      name: 'schemas.list',
      scopes: schemaScopes,
      handle: (c) => (served() ? json(200, { results: customs().map((t) => schemaJson(portal, t.name, c.query.get('includePropertyDefinitions') !== 'false')) }) : notFound()),
    });
    router.add({
      method: 'GET',
      pattern: `${base}/:objectType`,
      name: 'schemas.read',
      scopes: schemaScopes,
      handle: (c) => {
        if (!served()) return notFound();
        const t = portal.types.resolve(c.params.objectType!);
        return t?.custom ? json(200, schemaJson(portal, t.name, true)) : notFound(`Unable to find object type ${c.params.objectType}`);
      },
    });
  }
}
