// The list endpoint's fast path: records written straight to JSON bytes (see http/jsonWriter.ts).
// Used when a page carries no associations and no property history; output is byte-identical to
// JSON.stringify of recordJson() (a test compares them).
import type { Portal } from '../data/portal.ts';
import { ARCHIVED, MERGED, type ObjectStore, type PreparedRead } from '../data/store.ts';
import { JsonWriter } from '../http/jsonWriter.ts';

const CREATED = 0;
const MODIFIED = 1;
const ID = 2;
const OTHER = 3;

/** How to write each requested name, computed once per (type, names). */
interface Plan {
  names: string[];
  keys: string[];
  kinds: number[];
  /** The names that need generated or written values, in order, resolved once. */
  others: PreparedRead;
}

const plans = new WeakMap<ObjectStore, Map<string, Plan>>();

function planFor(s: ObjectStore, names: string[]): Plan {
  let byKey = plans.get(s);
  if (!byKey) plans.set(s, (byKey = new Map()));
  const key = names.join(',');
  let plan = byKey.get(key);
  if (plan) return plan;
  const known = [...new Set(names)].filter((n) => s.property(n));
  const t = s.type;
  const kinds = known.map((n) => (n === t.createdProp ? CREATED : n === t.lastModifiedProp ? MODIFIED : n === 'hs_object_id' ? ID : OTHER));
  plan = {
    names: known,
    keys: known.map((n) => `${JSON.stringify(n)}:`),
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
  private count = 0;

  constructor(
    private readonly portal: Portal,
    private readonly s: ObjectStore,
    names: string[],
  ) {
    this.plan = planFor(s, names);
    this.w.raw('{"results":[');
  }

  record(index: number): void {
    const { s, w, plan, values } = this;
    const nullForMissing = this.portal.behaviour.nullForMissing;
    const id = s.idOf(index);
    s.readInto(index, plan.others, values, id);
    w.raw(this.count++ === 0 ? '{"id":"' : ',{"id":"').raw(id).raw('","properties":{');
    let o = 0;
    let first = true;
    // Where the created/last-modified timestamps landed, to repeat them as createdAt/updatedAt.
    let created = -1;
    let createdEnd = -1;
    let modified = -1;
    let modifiedEnd = -1;
    for (let k = 0; k < plan.names.length; k++) {
      const kind = plan.kinds[k]!;
      const v = kind === OTHER ? values[o++] : undefined;
      if (v === null && !nullForMissing) continue;
      if (!first) w.raw(',');
      w.raw(plan.keys[k]!);
      if (kind === OTHER) w.string(v ?? null);
      else {
        if (kind === CREATED) {
          created = w.position;
          createdEnd = w.iso(s.created[index]!).position;
        } else if (kind === MODIFIED) {
          modified = w.position;
          modifiedEnd = w.iso(s.modified[index]!).position;
        } else w.raw('"').raw(id).raw('"');
      }
      first = false;
    }
    w.raw('},"createdAt":');
    if (created >= 0) w.repeat(created, createdEnd);
    else w.iso(s.created[index]!);
    w.raw(',"updatedAt":');
    if (modified >= 0) w.repeat(modified, modifiedEnd);
    else w.iso(s.modified[index]!);
    const st = s.status[index];
    if (st === ARCHIVED || st === MERGED) w.raw(',"archived":true,"archivedAt":').iso(s.archivedAt.get(index) ?? s.modified[index]!).raw('}');
    else w.raw(',"archived":false}');
  }

  /** Closes the document; `next` adds HubSpot's paging block. */
  finish(next?: { after: string; link: string }): { bytes: Buffer; release: () => void } {
    this.w.raw(']');
    if (next) this.w.raw(',"paging":{"next":{"after":').string(next.after).raw(',"link":').string(next.link).raw('}}');
    return this.w.raw('}').bytes();
  }
}
