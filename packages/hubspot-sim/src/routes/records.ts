// Turning store records into HubSpot JSON, and reading the list-style query parameters.
import { isoFromMs } from '../data/iso-time.ts';
import type { Portal } from '../data/portal.ts';
import type { ObjectTypeDef } from '../data/model.ts';
import { ARCHIVED, MERGED, type ObjectStore } from '../data/store.ts';
import type { RequestContext } from '../http/router.ts';
import { badRequest, type Reply } from '../http/reply.ts';

export const iso = isoFromMs;

/** `properties=a,b` and `properties=a&properties=b` both work, as in HubSpot. */
export function listParam(q: URLSearchParams, name: string): string[] | undefined {
  const all = q.getAll(name);
  if (all.length === 0) return undefined;
  return all.flatMap((v) => v.split(',')).map((s) => s.trim()).filter(Boolean);
}

/**
 * A record read's `properties`: comma-joined or repeated (behaviour.propertiesParam 'both'), or
 * only repeated ('repeated': `a,b` is one name, unknown, so left out), as the spec's explode=true reads.
 */
export function propertiesParam(portal: Portal, q: URLSearchParams): string[] | undefined {
  if (portal.behaviour.propertiesParam === 'both') return listParam(q, 'properties');
  const all = q.getAll('properties');
  return all.length === 0 ? undefined : all;
}

export function boolParam(q: URLSearchParams, name: string): boolean {
  return q.get(name)?.toLowerCase() === 'true';
}

const defaultsMemo = new WeakMap<ObjectTypeDef, string[]>();

export function defaultProps(t: ObjectTypeDef): string[] {
  let d = defaultsMemo.get(t);
  if (!d) defaultsMemo.set(t, (d = [...t.defaultProps, t.createdProp, t.lastModifiedProp, 'hs_object_id']));
  return d;
}

const withSystemMemo = new WeakMap<ObjectTypeDef, Map<string, string[]>>();

/** The property names a response carries: the requested ones (or the defaults), plus the system
 * ones HubSpot always adds (created, last-modified, hs_object_id) unless that knob is off. */
export function responseProps(portal: Portal, t: ObjectTypeDef, requested: readonly string[] | undefined): string[] {
  if (!requested || requested.length === 0) return defaultProps(t);
  if (!portal.behaviour.alwaysIncludeSystemProps) return [...requested];
  let memo = withSystemMemo.get(t);
  if (!memo) withSystemMemo.set(t, (memo = new Map()));
  const key = requested.join('\u0000'); // not ',': under propertiesParam 'repeated', `a,b` is one name
  let names = memo.get(key);
  if (!names) {
    names = [...new Set([...requested, t.createdProp, t.lastModifiedProp, 'hs_object_id'])];
    if (memo.size < 1000) memo.set(key, names);
  }
  return names;
}

export interface RecordJson {
  id: string;
  properties: Record<string, string | null>;
  propertiesWithHistory?: Record<string, unknown[]>;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
  archivedAt?: string;
  associations?: Record<string, unknown>;
}

export function recordJson(portal: Portal, s: ObjectStore, index: number, names: string[] | undefined, history?: string[]): RecordJson {
  const props = s.read(index, responseProps(portal, s.type, names));
  if (!portal.behaviour.nullForMissing) for (const k of Object.keys(props)) if (props[k] === null) delete props[k];
  const archived = s.status[index] === ARCHIVED || s.status[index] === MERGED;
  const t = s.type;
  // Reuse the ISO strings already formatted for the properties (toISOString is not free at 200k records/s).
  const out: RecordJson = {
    id: props.hs_object_id ?? s.idOf(index),
    properties: props,
    createdAt: props[t.createdProp] ?? iso(s.created[index]!),
    updatedAt: props[t.lastModifiedProp] ?? iso(s.modified[index]!),
    archived,
  };
  if (archived) out.archivedAt = iso(s.archivedAt.get(index) ?? s.modified[index]!);
  if (history && history.length > 0) {
    const h: Record<string, unknown[]> = {};
    for (const [name, value] of Object.entries(s.read(index, history))) {
      if (value === null) continue;
      h[name] = [{ value, timestamp: out.updatedAt, sourceType: 'CRM_UI', sourceId: 'userId:9000001', sourceLabel: null, updatedByUserId: 9000001 }];
    }
    out.propertiesWithHistory = h;
  }
  return out;
}

/** v3 `associations=` on a record: keyed by the requested name, capped per record with a paging link. */
export function attachAssociations(portal: Portal, s: ObjectStore, index: number, rec: RecordJson, requested: string[] | undefined, origin: string): void {
  if (!requested) return;
  const cap = portal.behaviour.v3AssociationsPerRecord;
  for (const key of requested) {
    const to = portal.types.resolve(key);
    if (!to) continue;
    const rows: { id: string; type: string }[] = [];
    const toStore = portal.stores.get(to.name)!;
    // One row past the cap is enough to know a next page exists.
    for (const e of portal.associations.list(s.type.name, index, to.name)) {
      for (const t of e.types) rows.push({ id: toStore.idOf(e.toIndex), type: t.v3Name });
      if (rows.length > cap) break;
    }
    if (rows.length === 0) continue;
    const page: { results: unknown[]; paging?: unknown } = { results: rows.slice(0, cap) };
    if (rows.length > cap) {
      const after = encodeCursor(cap);
      page.paging = { next: { after, link: `${origin}${portal.paths.objects[0]}/${s.type.name}/${s.idOf(index)}/associations/${to.name}?after=${after}` } };
    }
    (rec.associations ??= {})[key] = page;
  }
}

/** Cursors are opaque: clients must pass back what they got, never build their own. */
export function encodeCursor(n: number): string {
  return Buffer.from(`c${n.toString(36)}`).toString('base64url');
}

/** A paging cursor this server did not hand out. */
export function invalidCursor(after: string | null | undefined): Reply {
  return badRequest(`Invalid paging cursor "${after}": pass back paging.next.after unchanged.`);
}

export function decodeCursor(after: string | null | undefined): number | Reply {
  if (after == null || after === '') return 0;
  const raw = Buffer.from(after, 'base64url').toString();
  const n = /^c([0-9a-z]+)$/.exec(raw) ? Number.parseInt(raw.slice(1), 36) : Number.NaN;
  if (!Number.isFinite(n) || n < 0) return invalidCursor(after);
  return n;
}

export function limitParam(ctx: RequestContext, dflt: number, max: number, overLimit: 'error' | 'clamp'): number | Reply {
  const raw = ctx.query.get('limit');
  if (raw == null) return dflt;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) return badRequest(`limit must be a positive integer, got "${raw}"`);
  if (n > max) return overLimit === 'clamp' ? max : badRequest(`limit must be at most ${max}, got ${n}`);
  return n;
}
