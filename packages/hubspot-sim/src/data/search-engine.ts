// CRM search over one store: filter groups (OR of ANDs), one sort, free-text query. Sees the
// eventually consistent view (SearchLag) and never archived, merged or deleted records.
import type { PropertyDef } from './model.ts';
import type { Snapshot } from './search-lag.ts';
import { LIVE, type ObjectStore } from './store.ts';

export interface Filter {
  propertyName: string;
  operator: string;
  value?: unknown;
  highValue?: unknown;
  values?: unknown[];
}
export interface SearchQuery {
  filterGroups: { filters: Filter[] }[];
  sort?: { propertyName: string; direction: 'ASCENDING' | 'DESCENDING' };
  query?: string;
}

/** Matching record indices in result order, plus stale views for records search sees late. */
export interface SearchResult {
  order: Int32Array;
  snaps: Map<number, Snapshot>;
}

export const OPERATORS = new Set(['EQ', 'NEQ', 'LT', 'LTE', 'GT', 'GTE', 'BETWEEN', 'IN', 'NOT_IN', 'HAS_PROPERTY', 'NOT_HAS_PROPERTY', 'CONTAINS_TOKEN', 'NOT_CONTAINS_TOKEN']);

const NUMERIC = new Set(['number', 'date', 'datetime']);

/** Dates and datetimes compare as epoch ms; filter values may be ms strings or ISO text. */
function toNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  const s = String(v ?? '').trim();
  if (/^-?\d+(\.\d+)?$/.test(s)) return Number(s);
  const ms = Date.parse(s.length === 10 ? `${s}T00:00:00Z` : s);
  return Number.isNaN(ms) ? Number.NaN : ms;
}

type Getter = (index: number, snap: Snapshot | undefined) => string | number | null;

function getter(s: ObjectStore, name: string): { get: Getter; numeric: boolean } {
  const t = s.type;
  if (name === t.lastModifiedProp) return { get: (i, snap) => (snap ? snap.modified : s.modified[i]!), numeric: true };
  if (name === t.createdProp) return { get: (i) => s.created[i]!, numeric: true };
  if (name === 'hs_object_id') return { get: (i) => s.ids.id(i), numeric: true };
  const def: PropertyDef | undefined = s.property(name);
  const numeric = !!def && NUMERIC.has(def.type);
  return {
    numeric,
    get: (i, snap) => {
      const v = s.value(i, name, undefined, snap);
      return v === null ? null : numeric ? toNumber(v) : v;
    },
  };
}

function predicate(s: ObjectStore, f: Filter): (i: number, snap: Snapshot | undefined) => boolean {
  const { get, numeric } = getter(s, f.propertyName);
  const norm = (v: unknown) => (numeric ? toNumber(v) : String(v ?? '').toLowerCase());
  const target = norm(f.value);
  const high = norm(f.highValue);
  const set = new Set((f.values ?? []).map(norm));
  const cmp = (v: string | number) => (numeric ? (v as number) : String(v).toLowerCase());
  switch (f.operator) {
    case 'HAS_PROPERTY':
      return (i, sn) => get(i, sn) !== null;
    case 'NOT_HAS_PROPERTY':
      return (i, sn) => get(i, sn) === null;
    case 'EQ':
      return (i, sn) => {
        const v = get(i, sn);
        return v !== null && cmp(v) === target;
      };
    case 'NEQ':
      return (i, sn) => {
        const v = get(i, sn);
        return v === null || cmp(v) !== target;
      };
    case 'IN':
      return (i, sn) => {
        const v = get(i, sn);
        return v !== null && set.has(cmp(v));
      };
    case 'NOT_IN':
      return (i, sn) => {
        const v = get(i, sn);
        return v === null || !set.has(cmp(v));
      };
    case 'CONTAINS_TOKEN':
    case 'NOT_CONTAINS_TOKEN': {
      const pattern = String(f.value ?? '').toLowerCase();
      const re = new RegExp(`(^|[^\\p{L}\\p{N}])${pattern.split('*').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}($|[^\\p{L}\\p{N}])`, 'u');
      const has = (v: string | number | null) => v !== null && re.test(String(v).toLowerCase());
      return f.operator === 'CONTAINS_TOKEN' ? (i, sn) => has(get(i, sn)) : (i, sn) => !has(get(i, sn));
    }
    default: {
      const test =
        f.operator === 'LT' ? (v: any) => v < target
        : f.operator === 'LTE' ? (v: any) => v <= target
        : f.operator === 'GT' ? (v: any) => v > target
        : f.operator === 'GTE' ? (v: any) => v >= target
        : (v: any) => v >= target && v <= high; // BETWEEN
      return (i, sn) => {
        const v = get(i, sn);
        return v !== null && test(cmp(v));
      };
    }
  }
}

/**
 * Index span [from, to) that can hold matches, from the hs_object_id bounds of every filter group
 * (ids grow with the index, so an id range is an index range): range searches over a large store
 * then touch only their range instead of every record. The predicates still decide; this only skips.
 */
export function idSpan(s: ObjectStore, groups: { filters: Filter[] }[]): [number, number] {
  if (groups.length === 0) return [0, s.size];
  let from = Number.POSITIVE_INFINITY;
  let to = Number.NEGATIVE_INFINITY;
  for (const g of groups) {
    let lo = Number.NEGATIVE_INFINITY;
    let hi = Number.POSITIVE_INFINITY;
    for (const f of g.filters) {
      if (f.propertyName !== 'hs_object_id') continue;
      const v = toNumber(f.value);
      const h = toNumber(f.highValue);
      if (f.operator === 'GT' && !Number.isNaN(v)) lo = Math.max(lo, Math.floor(v) + 1);
      else if (f.operator === 'GTE' && !Number.isNaN(v)) lo = Math.max(lo, Math.ceil(v));
      else if (f.operator === 'LT' && !Number.isNaN(v)) hi = Math.min(hi, Math.ceil(v) - 1);
      else if (f.operator === 'LTE' && !Number.isNaN(v)) hi = Math.min(hi, Math.floor(v));
      else if (f.operator === 'EQ' && !Number.isNaN(v)) {
        lo = Math.max(lo, Math.ceil(v));
        hi = Math.min(hi, Math.floor(v));
      } else if (f.operator === 'BETWEEN' && !Number.isNaN(v) && !Number.isNaN(h)) {
        lo = Math.max(lo, Math.ceil(v));
        hi = Math.min(hi, Math.floor(h));
      }
    }
    if (lo > hi) continue; // this group matches nothing
    from = Math.min(from, s.firstIndexAtOrAbove(lo));
    to = Math.max(to, s.ids.firstAtOrAbove(Math.floor(hi) + 1));
  }
  return [Math.max(0, from), Math.min(s.size, to)];
}

/** All matching records, sorted by the requested property; ties broken by id ascending. Compact
 * typed arrays keep a 1M-record result cheap enough to cache. */
export function runSearch(s: ObjectStore, q: SearchQuery, nowMs: number): SearchResult {
  const groups = q.filterGroups.map((g) => g.filters.map((f) => predicate(s, f)));
  const text = q.query?.trim().toLowerCase();
  const textProps = [...new Set([s.type.primaryDisplayProperty, ...s.type.defaultProps])].filter((n) => s.property(n)?.type === 'string');
  const matches = (i: number, snap: Snapshot | undefined) => {
    if (groups.length > 0 && !groups.some((g) => g.every((p) => p(i, snap)))) return false;
    if (!text) return true;
    return textProps.some((n) => s.value(i, n, undefined, snap)?.toLowerCase().includes(text));
  };
  const stale = new Map<number, Snapshot | null>();
  if (s.searchLag.size > 0) {
    for (const i of [...s.searchLag.staleIndices()]) {
      const v = s.searchLag.staleView(i, nowMs);
      if (v !== undefined) stale.set(i, v);
    }
  }
  const sort = q.sort ?? { propertyName: 'hs_object_id', direction: 'ASCENDING' };
  const { get, numeric } = getter(s, sort.propertyName);
  let found = new Int32Array(1024);
  let n = 0;
  const snaps = new Map<number, Snapshot>();
  const status = s.status;
  const [from, to] = idSpan(s, q.filterGroups);
  for (let i = from; i < to; i++) {
    let snap: Snapshot | undefined;
    if (stale.size > 0 && stale.has(i)) {
      const v = stale.get(i)!;
      if (v === null) continue;
      snap = v;
    } else if (status[i] !== LIVE) continue;
    if (!matches(i, snap)) continue;
    if (snap) snaps.set(i, snap);
    if (n === found.length) {
      const bigger = new Int32Array(found.length * 2);
      bigger.set(found);
      found = bigger;
    }
    found[n++] = i;
  }
  const order = found.slice(0, n);
  const dir = sort.direction === 'DESCENDING' ? -1 : 1;
  if (sort.propertyName === 'hs_object_id') {
    if (dir < 0) order.reverse();
    return { order, snaps };
  }
  // Keys by position in `order`; a missing value sorts last in either direction.
  const numKeys = numeric ? new Float64Array(n) : undefined;
  const strKeys: (string | null)[] | undefined = numeric ? undefined : new Array(n);
  for (let k = 0; k < n; k++) {
    const v = get(order[k]!, snaps.get(order[k]!));
    if (numKeys) numKeys[k] = v === null || Number.isNaN(v as number) ? Number.NaN : (v as number);
    else strKeys![k] = v === null ? null : String(v);
  }
  const positions = new Int32Array(n);
  for (let k = 0; k < n; k++) positions[k] = k;
  positions.sort((a, b) => {
    if (numKeys) {
      const ka = numKeys[a]!;
      const kb = numKeys[b]!;
      if (ka !== kb) {
        if (Number.isNaN(ka)) return Number.isNaN(kb) ? a - b : 1;
        if (Number.isNaN(kb)) return -1;
        return (ka - kb) * dir;
      }
    } else {
      const ka = strKeys![a]!;
      const kb = strKeys![b]!;
      if (ka !== kb) {
        if (ka === null) return 1;
        if (kb === null) return -1;
        const c = ka.localeCompare(kb);
        if (c !== 0) return c * dir;
      }
    }
    return a - b;
  });
  const sorted = new Int32Array(n);
  for (let k = 0; k < n; k++) sorted[k] = order[positions[k]!]!;
  return { order: sorted, snaps };
}
