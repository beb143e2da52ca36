// The list endpoint's fast path: records written straight to JSON bytes (see http/json-writer.ts).
// Used when a page carries no associations and no property history; output is byte-identical to
// JSON.stringify of recordJson() (a test compares them).
import type { Portal } from '../data/portal.ts';
import { ARCHIVED, MERGED, type ObjectStore, type PreparedRead } from '../data/store.ts';
import { JsonWriter } from '../http/json-writer.ts';
import { CacheBudget, RecordCache } from '../http/record-cache.ts';

const CREATED = 0;
const MODIFIED = 1;
const ID = 2;
const OTHER = 3;

const latin1 = (s: string): Uint8Array => Buffer.from(s, 'latin1');
// Constant fragments of every record, pre-encoded once.
const OPEN_FIRST = latin1('{"id":"');
const OPEN_NEXT = latin1(',{"id":"');
const AFTER_ID = latin1('","properties":{');
const CREATED_AT = latin1('},"createdAt":');
const UPDATED_AT = latin1(',"updatedAt":');
const LIVE_END = latin1(',"archived":false}');
const ARCHIVED_AT = latin1(',"archived":true,"archivedAt":');

/** How to write each requested name, computed once per (type, names). */
interface Plan {
  names: string[];
  keys: string[];
  /** `"name":` and `,"name":` (with the opening quote of the value for hs_object_id), as bytes. */
  keyBytes: Uint8Array[];
  commaKeyBytes: Uint8Array[];
  kinds: number[];
  /** The names that need generated or written values, in order, resolved once. */
  others: PreparedRead;
  /** Records already written with these names (only with the portal's `recordCacheMb`). */
  cache?: RecordCache;
}

const budgets = new WeakMap<Portal, CacheBudget>();

function cacheFor(portal: Portal, plan: Plan): RecordCache | undefined {
  const mb = portal.opts.recordCacheMb ?? 0;
  if (mb <= 0) return undefined;
  if (plan.cache) return plan.cache;
  let budget = budgets.get(portal);
  if (!budget) budgets.set(portal, (budget = new CacheBudget(mb * 2 ** 20)));
  return (plan.cache = new RecordCache(budget));
}

const plans = new WeakMap<ObjectStore, Map<string, Plan>>();
/** responseProps() memoises its arrays, so the array itself finds the plan without a join. */
const plansByArray = new WeakMap<string[], { store: ObjectStore; plan: Plan }>();

function planFor(s: ObjectStore, names: string[]): Plan {
  const known = plansByArray.get(names);
  if (known && known.store === s) return known.plan;
  const plan = planByKey(s, names);
  plansByArray.set(names, { store: s, plan });
  return plan;
}

function planByKey(s: ObjectStore, names: string[]): Plan {
  let byKey = plans.get(s);
  if (!byKey) plans.set(s, (byKey = new Map()));
  const key = names.join('\u0000'); // not ',': under propertiesParam 'repeated', `a,b` is one name
  let plan = byKey.get(key);
  if (plan) return plan;
  const known = [...new Set(names)].filter((n) => s.property(n));
  const t = s.type;
  const kinds = known.map((n) => (n === t.createdProp ? CREATED : n === t.lastModifiedProp ? MODIFIED : n === 'hs_object_id' ? ID : OTHER));
  const keys = known.map((n) => `${JSON.stringify(n)}:`);
  const keyText = keys.map((k, i) => (kinds[i] === ID ? `${k}"` : k));
  plan = {
    names: known,
    keys,
    keyBytes: keyText.map((k) => Buffer.from(k, 'utf8')),
    commaKeyBytes: keyText.map((k) => Buffer.from(`,${k}`, 'utf8')),
    kinds,
    others: s.prepare(known.filter((_, k) => kinds[k] === OTHER)),
  };
  if (byKey.size < 1000) byKey.set(key, plan);
  return plan;
}

export class ListPageWriter {
  private readonly w = new JsonWriter();
  private readonly plan: Plan;
  private readonly values: (string | null)[] = [];
  private readonly nullForMissing: boolean;
  private readonly cache: RecordCache | undefined;
  private count = 0;

  constructor(
    portal: Portal,
    private readonly s: ObjectStore,
    names: string[],
  ) {
    this.plan = planFor(s, names);
    this.nullForMissing = portal.behaviour.nullForMissing;
    this.cache = cacheFor(portal, this.plan);
    this.w.raw('{"results":[');
  }

  record(index: number): void {
    const { cache, w } = this;
    if (!cache) {
      this.write(index);
      return;
    }
    const known = cache.get(this.s.version, index);
    if (known) {
      if (this.count++ > 0) w.raw(',');
      w.chunk(known);
      return;
    }
    // The record's own bytes start after the comma that separates it from the one before.
    const start = w.position + (this.count > 0 ? 1 : 0);
    this.write(index);
    cache.set(index, w.copy(start, w.position));
  }

  private write(index: number): void {
    const { s, w, plan, values } = this;
    const nullForMissing = this.nullForMissing;
    s.readInto(index, plan.others, values);
    w.chunk(this.count++ === 0 ? OPEN_FIRST : OPEN_NEXT);
    // The id is written once as digits and copied wherever it repeats (hs_object_id).
    const idStart = w.position;
    const idEnd = w.digits(s.ids.id(index)).position;
    w.chunk(AFTER_ID);
    const { kinds, keyBytes, commaKeyBytes } = plan;
    let o = 0;
    let first = true;
    // Where the created/last-modified timestamps landed, to repeat them as createdAt/updatedAt.
    let created = -1;
    let createdEnd = -1;
    let modified = -1;
    let modifiedEnd = -1;
    for (let k = 0; k < kinds.length; k++) {
      const kind = kinds[k]!;
      if (kind === OTHER) {
        const v = values[o++] as string | null;
        if (v === null && !nullForMissing) continue;
        w.chunk(first ? keyBytes[k]! : commaKeyBytes[k]!).string(v);
      } else {
        w.chunk(first ? keyBytes[k]! : commaKeyBytes[k]!);
        if (kind === CREATED) {
          created = w.position;
          createdEnd = w.iso(s.created[index]!).position;
        } else if (kind === MODIFIED) {
          modified = w.position;
          modifiedEnd = w.iso(s.modified[index]!).position;
        } else w.repeat(idStart, idEnd).raw('"');
      }
      first = false;
    }
    w.chunk(CREATED_AT);
    if (created >= 0) w.repeat(created, createdEnd);
    else w.iso(s.created[index]!);
    w.chunk(UPDATED_AT);
    if (modified >= 0) w.repeat(modified, modifiedEnd);
    else w.iso(s.modified[index]!);
    const st = s.status[index];
    if (st === ARCHIVED || st === MERGED) w.chunk(ARCHIVED_AT).iso(s.archivedAt.get(index) ?? s.modified[index]!).raw('}');
    else w.chunk(LIVE_END);
  }

  /** Closes the document; `next` adds HubSpot's paging block. */
  finish(next?: { after: string; link: string }): { bytes: Buffer; release: () => void } {
    this.w.raw(']');
    if (next) this.w.raw(',"paging":{"next":{"after":').string(next.after).raw(',"link":').string(next.link).raw('}}');
    return this.w.raw('}').bytes();
  }
}
