// Associations: generated ones are derived per record (forward) or from a lazily built reverse index;
// changes live in small overlays. Changing associations never bumps a record's last-modified.
import { type AssocType, type PairSpec, adHocPair, customPair, standardPairs } from './association-types.ts';
import type { Portal } from './portal.ts';
import { morePairs } from './more-association-types.ts';
import { hashString, rngFor } from './random.ts';

export interface AssocEdge {
  toIndex: number;
  types: AssocType[];
}

interface PairState {
  spec: PairSpec;
  salt: number;
  /** CSR reverse index of generated edges: to-index → from-indices. */
  reverse?: { offsets: Int32Array; froms: Int32Array };
  /** Overlay, in canonical direction: from → to → kind indices. */
  added: Map<number, Map<number, Set<number>>>;
  addedRev: Map<number, Map<number, Set<number>>>;
  removed: Set<string>;
}

export class Associations {
  private readonly pairs: PairState[] = [];

  constructor(private readonly portal: Portal) {
    const specs = standardPairs();
    let position = 0;
    for (const t of portal.types.all) if (t.custom) specs.push(customPair(t.name, position++));
    specs.push(...morePairs(portal.types.all.filter((t) => t.custom).map((t) => t.name)));
    for (const spec of specs) if (portal.stores.has(spec.from) && portal.stores.has(spec.to)) this.addPair(spec);
  }

  private addPair(spec: PairSpec): PairState {
    const p: PairState = { spec, salt: hashString(`assoc:${spec.from}:${spec.to}`), added: new Map(), addedRev: new Map(), removed: new Set() };
    this.pairs.push(p);
    return p;
  }

  /** The pair state and whether (fromType → toType) is its reverse direction. */
  private find(fromType: string, toType: string, create: boolean): { p: PairState; reversed: boolean } | undefined {
    for (const p of this.pairs) {
      if (p.spec.from === fromType && p.spec.to === toType) return { p, reversed: false };
      if (p.spec.from === toType && p.spec.to === fromType) return { p, reversed: true };
    }
    return create ? { p: this.addPair(adHocPair(fromType, toType, this.pairs.length)), reversed: false } : undefined;
  }

  /** Association kinds defined between two types, in the asked direction (the labels endpoint). */
  definitions(fromType: string, toType: string): AssocType[] {
    const f = this.find(fromType, toType, false);
    if (!f) return [];
    if (f.p.spec.from === f.p.spec.to) return [...f.p.spec.fwd, ...f.p.spec.rev];
    return f.reversed ? f.p.spec.rev : f.p.spec.fwd;
  }

  private generated(p: PairState, fromIndex: number): { targets: number[]; kinds: number[] } {
    const from = this.portal.stores.get(p.spec.from)!;
    const to = this.portal.stores.get(p.spec.to)!;
    if (fromIndex >= from.generatedCount) return { targets: [], kinds: [] };
    const r = rngFor(this.portal.seed, 0xa550c, fromIndex, p.salt);
    // A pair of one type (company parent/child) links a record only to records before it.
    const targets = p.spec.targets(r, p.spec.from === p.spec.to ? fromIndex : to.generatedCount);
    return { targets, kinds: p.spec.kinds(r) };
  }

  private reverseIndex(p: PairState): { offsets: Int32Array; froms: Int32Array } {
    if (p.reverse) return p.reverse;
    const from = this.portal.stores.get(p.spec.from)!;
    const to = this.portal.stores.get(p.spec.to)!;
    // Two passes over regenerated targets (count, then fill): no per-record arrays held at 1M records.
    const counts = new Int32Array(to.generatedCount + 1);
    for (let i = 0; i < from.generatedCount; i++) for (const x of this.generated(p, i).targets) counts[x + 1]!++;
    for (let i = 1; i < counts.length; i++) counts[i]! += counts[i - 1]!;
    const froms = new Int32Array(counts[to.generatedCount]!);
    const fill = counts.slice();
    for (let i = 0; i < from.generatedCount; i++) for (const x of this.generated(p, i).targets) froms[fill[x]!++] = i;
    p.reverse = { offsets: counts, froms };
    return p.reverse;
  }

  /** Live associations of one record to a type, ascending by target index. Kinds travel as bit
   * masks and each mask's type list is shared: a company can hold 150,000 contacts at 1M records. */
  list(fromType: string, fromIndex: number, toType: string): AssocEdge[] {
    const f = this.find(fromType, toType, false);
    if (!f) return [];
    const { p, reversed } = f;
    const edges = new Map<number, number>();
    const maskOf = (kinds: number[]) => kinds.reduce((m, k) => m | (1 << k), 0);
    // A pair of one type is read both ways at once: reverse kinds sit 16 bits up (company
    // parent/child: a company's parent and its children in one list).
    const self = p.spec.from === p.spec.to;
    const forward = !reversed;
    const backward = reversed || self;
    const shift = self ? 16 : 0;
    if (forward) {
      const g = this.generated(p, fromIndex);
      const m = maskOf(g.kinds);
      for (const t of g.targets) edges.set(t, m);
    }
    if (backward && fromIndex < this.portal.stores.get(p.spec.to)!.generatedCount) {
      const rev = this.reverseIndex(p);
      for (let k = rev.offsets[fromIndex]!; k < rev.offsets[fromIndex + 1]!; k++) {
        const src = rev.froms[k]!;
        edges.set(src, (edges.get(src) ?? 0) | (maskOf(this.generated(p, src).kinds) << shift));
      }
    }
    if (p.removed.size > 0) {
      for (const k of [...edges.keys()]) {
        const gone = self ? p.removed.has(`${fromIndex}:${k}`) || p.removed.has(`${k}:${fromIndex}`) : p.removed.has(reversed ? `${k}:${fromIndex}` : `${fromIndex}:${k}`);
        if (gone) edges.delete(k);
      }
    }
    const overlay = (reversed ? p.addedRev : p.added).get(fromIndex);
    if (overlay) for (const [to, kinds] of overlay) edges.set(to, (edges.get(to) ?? 0) | maskOf([...kinds]));
    const back = self ? p.addedRev.get(fromIndex) : undefined;
    if (back) for (const [to, kinds] of back) edges.set(to, (edges.get(to) ?? 0) | (maskOf([...kinds]) << shift));
    const target = this.portal.stores.get(toType)!;
    let defs: AssocType[] = reversed ? p.spec.rev : p.spec.fwd;
    if (self) {
      defs = p.spec.fwd.slice();
      for (const [k, d] of p.spec.rev.entries()) defs[shift + k] = d;
    }
    const typesByMask = new Map<number, AssocType[]>();
    const out: AssocEdge[] = [];
    for (const [toIndex, mask] of edges) {
      if (!target.isLive(toIndex)) continue;
      let types = typesByMask.get(mask);
      if (!types) typesByMask.set(mask, (types = defs.filter((_, k) => mask & (1 << k))));
      out.push({ toIndex, types });
    }
    return out.sort((a, b) => a.toIndex - b.toIndex);
  }

  associate(fromType: string, fromIndex: number, toType: string, toIndex: number, typeId?: number): void {
    const { p, reversed } = this.find(fromType, toType, true)!;
    const defs = reversed ? p.spec.rev : p.spec.fwd;
    // Without a type id, use the default (unlabeled) kind, or the first one if every kind is labeled.
    let kind = typeId === undefined ? Math.max(0, defs.findIndex((d) => d.label === null)) : defs.findIndex((d) => d.typeId === typeId);
    let [a, b] = reversed ? [toIndex, fromIndex] : [fromIndex, toIndex];
    // A pair of one type (company parent/child): a reverse type id is the forward one seen from the other record.
    const backKind = p.spec.from === p.spec.to && kind < 0 ? p.spec.rev.findIndex((d) => d.typeId === typeId) : -1;
    if (backKind >= 0) [kind, a, b] = [backKind, b, a];
    if (kind < 0) throw new Error(`association type ${typeId} is not defined from ${fromType} to ${toType}; defined: ${defs.map((d) => d.typeId).join(', ')}`);
    const keep = this.list(p.spec.from, a, p.spec.to).find((e) => e.toIndex === b);
    p.removed.delete(`${a}:${b}`);
    const kinds = new Set<number>(keep ? keep.types.map((x) => p.spec.fwd.indexOf(x)).filter((k) => k >= 0) : []);
    kinds.add(kind);
    this.setOverlay(p, a, b, kinds);
  }

  unassociate(fromType: string, fromIndex: number, toType: string, toIndex: number): void {
    const f = this.find(fromType, toType, false);
    if (!f) return;
    const [a, b] = f.reversed ? [toIndex, fromIndex] : [fromIndex, toIndex];
    f.p.removed.add(`${a}:${b}`);
    f.p.added.get(a)?.delete(b);
    f.p.addedRev.get(b)?.delete(a);
  }

  private setOverlay(p: PairState, a: number, b: number, kinds: Set<number>): void {
    if (!p.added.has(a)) p.added.set(a, new Map());
    if (!p.addedRev.has(b)) p.addedRev.set(b, new Map());
    p.added.get(a)!.set(b, kinds);
    p.addedRev.get(b)!.set(a, kinds);
  }

  /** After a merge the survivor inherits the absorbed record's associations. */
  moveAll(type: string, fromIndex: number, toIndex: number): void {
    for (const p of this.pairs) {
      for (const [mine, other] of [[p.spec.from, p.spec.to], [p.spec.to, p.spec.from]] as const) {
        if (mine !== type) continue;
        for (const e of this.list(mine, fromIndex, other)) {
          for (const ty of e.types) this.associate(mine, toIndex, other, e.toIndex, ty.typeId);
        }
      }
    }
  }

  /** Every type that has associations defined with `type`. */
  partners(type: string): string[] {
    const out: string[] = [];
    for (const p of this.pairs) {
      if (p.spec.from === type) out.push(p.spec.to);
      else if (p.spec.to === type) out.push(p.spec.from);
    }
    return out;
  }
}
