// Properties API: every property of a type in one response (no paging), consistent with record values.
import type { Portal } from '../data/portal.ts';
import type { PropType, PropertyDef } from '../data/model.ts';
import { hubspotError, json, notFound, type Reply } from '../http/reply.ts';
import type { RequestContext, Router } from '../http/router.ts';
import { options, prop } from '../data/property-kit.ts';
import { unknownType } from './objects.ts';

const CREATED = '2019-08-06T02:43:01.930Z';

export function propertyJson(p: PropertyDef, displayOrder: number): Record<string, unknown> {
  const out: Record<string, unknown> = {
    updatedAt: CREATED,
    createdAt: CREATED,
    name: p.name,
    label: p.label,
    type: p.type,
    fieldType: p.fieldType,
    description: p.description,
    groupName: p.groupName,
    options: p.options,
    displayOrder,
    calculated: p.calculated ?? false,
    externalOptions: p.externalOptions ?? false,
    hasUniqueValue: p.hasUniqueValue ?? false,
    hidden: false,
    hubspotDefined: p.hubspotDefined ?? false,
    modificationMetadata: { archivable: !p.hubspotDefined, readOnlyDefinition: !!p.hubspotDefined, readOnlyValue: !!p.readOnlyValue },
    formField: !p.readOnlyValue,
    dataSensitivity: 'non_sensitive',
  };
  if (p.referencedObjectType) out.referencedObjectType = p.referencedObjectType;
  if (p.calculationFormula !== undefined) out.calculationFormula = p.calculationFormula;
  return out;
}

const scopes = (portal: Portal) => (ctx: RequestContext) => {
  const t = portal.types.resolve(ctx.params.type ?? '');
  if (!t) return [];
  return [...t.readScopes, `crm.schemas.${t.custom ? 'custom' : t.name}.read`];
};

const TYPES: PropType[] = ['string', 'number', 'date', 'datetime', 'enumeration', 'bool', 'phone_number'];

/** Adds a portal property (also used by the control plane); returns an error message or undefined. */
export function addProperty(portal: Portal, typeKey: string, def: { name?: unknown; type?: unknown; fieldType?: unknown; label?: unknown; options?: unknown }): string | undefined {
  const s = portal.store(typeKey);
  if (typeof def.name !== 'string' || !/^[a-z][a-z0-9_]*$/.test(def.name)) return `property name must match ^[a-z][a-z0-9_]*$, got ${JSON.stringify(def.name)}`;
  if (!TYPES.includes(def.type as PropType)) return `property type must be one of ${TYPES.join(', ')}, got ${JSON.stringify(def.type)}`;
  if (s.property(def.name)) return `Property ${def.name} already exists`;
  const opts = Array.isArray(def.options) ? (def.options as { label: string; value: string }[]) : [];
  s.addPropertyDef(
    prop(def.name, def.type as PropType, undefined, {
      label: typeof def.label === 'string' ? def.label : def.name,
      ...(typeof def.fieldType === 'string' ? { fieldType: def.fieldType } : {}),
      options: options(opts.map((o) => o.value), opts.map((o) => o.label)),
      hubspotDefined: false,
      groupName: 'custom_properties',
    }),
  );
  return undefined;
}

export function propertyRoutes(router: Router, portal: Portal, base: string): void {
  router.add({
    method: 'GET',
    pattern: `${base}/:type`,
    name: 'properties.list',
    scopes: scopes(portal),
    handle: (ctx): Reply => {
      const t = portal.types.resolve(ctx.params.type!);
      if (!t) return unknownType(ctx.params.type!);
      return json(200, { results: portal.stores.get(t.name)!.props.map((p, i) => propertyJson(p, i)) });
    },
  });
  router.add({
    method: 'GET',
    pattern: `${base}/:type/:name`,
    name: 'properties.read',
    scopes: scopes(portal),
    handle: (ctx): Reply => {
      const t = portal.types.resolve(ctx.params.type!);
      if (!t) return unknownType(ctx.params.type!);
      const s = portal.stores.get(t.name)!;
      const p = s.property(ctx.params.name!);
      return p ? json(200, propertyJson(p, s.props.indexOf(p))) : notFound(`Property ${ctx.params.name} does not exist`);
    },
  });
  router.add({
    method: 'POST',
    pattern: `${base}/:type`,
    name: 'properties.create',
    scopes: (ctx) => [`crm.schemas.${portal.types.resolve(ctx.params.type ?? '')?.name ?? 'custom'}.write`],
    handle: (ctx): Reply => {
      const t = portal.types.resolve(ctx.params.type!);
      if (!t) return unknownType(ctx.params.type!);
      const problem = addProperty(portal, t.name, ctx.body ?? {});
      if (problem) return hubspotError(problem.includes('already exists') ? 409 : 400, problem.includes('already exists') ? 'CONFLICT' : 'VALIDATION_ERROR', problem);
      const s = portal.stores.get(t.name)!;
      return json(201, propertyJson(s.property(ctx.body.name)!, s.props.length - 1));
    },
  });
}
