// One object type's records. Untouched records are derived on demand from (seed, type, index);
// only compact per-record arrays (timestamps, status) and an overlay of written values are held.
import { IdMap } from './id-layout.ts';
import { isoFromMs } from './iso-time.ts';
import type { GenContext, ObjectTypeDef, Props, PropertyDef, WorldInfo } from './model.ts';
import { Rng, hashString, mix, seedFor } from './random.ts';
import { SearchLag, type Snapshot } from './search-lag.ts';

/** Property names resolved for repeated reads (see ObjectStore.prepare). */
export interface PreparedRead {
  names: string[];
  defs: PropertyDef[];
  salts: number[];
}

export const LIVE = 0;
export const ARCHIVED = 1;
export const MERGED = 2;
export const DELETED = 3;

const DAY = 86_400_000;

export class ObjectStore {
  readonly props: PropertyDef[];
  private readonly propByName = new Map<string, PropertyDef>();
  private readonly salts = new Map<string, number>();
  /** Position → id and back (see id-layout.ts). */
  readonly ids: IdMap;
  size: number;
  created: Float64Array;
  modified: Float64Array;
  status: Uint8Array;
  readonly overlay = new Map<number, Props>();
  readonly archivedAt = new Map<number, number>();
  readonly mergedInto = new Map<number, number>();
  /** Unique values written through the API (email, external_id) → index. Generated ones are parsed instead. */
  private readonly uniqueWritten = new Map<string, Map<string, number>>();
  readonly searchLag = new SearchLag();
  /** Reused by value generation (synchronous, never nested for one store). */
  private readonly scratch = new Rng(0);
  private readonly readContext: RecordContext;
  /** Bumped on every write; search caches key on it. */
  version = 0;

  constructor(
    readonly type: ObjectTypeDef,
    props: PropertyDef[],
    readonly generatedCount: number,
    private readonly world: WorldInfo,
  ) {
    this.props = props;
    for (const p of props) this.addPropertyDef(p);
    // The portal spaces types so that each has room for its records plus 100,000 created through the API.
    this.ids = new IdMap(world.idOffset + type.ordinal * world.idSpacing + 1, world.idLayout);
    this.readContext = new RecordContext(0, this.ids, world, type.ordinal);
    this.size = generatedCount;
    const cap = Math.max(16, generatedCount + 64);
    this.created = new Float64Array(cap);
    this.modified = new Float64Array(cap);
    this.status = new Uint8Array(cap);
    const salt = hashString('timestamps');
    for (let i = 0; i < generatedCount; i++) {
      const r = new Rng(mix(mix(mix(world.seed, type.ordinal), i), salt));
      // Skewed towards recent records, and whole milliseconds as HubSpot stores them.
      const created = world.startMs - Math.floor(r.next() ** 2 * 1500 * DAY) - 3_600_000;
      this.created[i] = created;
      this.modified[i] = r.chance(0.3) ? created : created + Math.floor(r.next() * (world.startMs - created));
    }
  }

  addPropertyDef(p: PropertyDef): void {
    if (!this.propByName.has(p.name)) {
      if (!this.props.includes(p)) this.props.push(p);
      this.propByName.set(p.name, p);
      this.salts.set(p.name, hashString(p.name));
    }
  }

  property(name: string): PropertyDef | undefined {
    return this.propByName.get(name);
  }

  idOf(index: number): string {
    return String(this.ids.id(index));
  }

  /** Index of the first record whose id is ≥ `id` (may be `size`). */
  firstIndexAtOrAbove(id: number): number {
    return Math.min(this.size, this.ids.firstAtOrAbove(id));
  }

  /** -1 when the id is not one of this type's indices. */
  indexOf(id: string): number {
    if (!/^\d{1,16}$/.test(id)) return -1;
    const i = this.ids.positionOf(Number(id));
    return i >= 0 && i < this.size ? i : -1;
  }

  context(index: number): GenContext {
    return new RecordContext(index, this.ids, this.world, this.type.ordinal);
  }

  /** The current value of one property, as HubSpot would return it (string or null). */
  value(index: number, name: string, ctx?: GenContext, snap?: Snapshot): string | null {
    const over = snap ? snap.overlay : this.overlay.get(index);
    if (over && Object.hasOwn(over, name)) return over[name] ?? null;
    return this.baseValue(index, name, ctx, snap ? snap.modified : this.modified[index]!);
  }

  /** The value when no write has touched it: system properties, or the seeded generator. */
  private baseValue(index: number, name: string, ctx: GenContext | undefined, modifiedMs: number): string | null {
    if (name === 'hs_object_id') return ctx ? ctx.id : this.idOf(index);
    if (name === this.type.createdProp) return isoFromMs(this.created[index]!);
    if (name === this.type.lastModifiedProp) return isoFromMs(modifiedMs);
    if (index >= this.generatedCount) return null;
    const def = this.propByName.get(name);
    if (!def?.gen) return null;
    const r = this.scratch.reseed(seedFor(this.world.seed, this.type.ordinal, index, this.salts.get(name)!));
    return def.gen(r, ctx ?? this.context(index));
  }

  /** Resolves property names once per page, so per-record reads skip the name lookups. */
  prepare(names: readonly string[]): PreparedRead {
    const known = names.filter((n) => this.propByName.has(n));
    return { names: known, defs: known.map((n) => this.propByName.get(n)!), salts: known.map((n) => this.salts.get(n)!) };
  }

  /** Like read(), for prepared names, into a reused array (`out[k]` for `prep.names[k]`): no object per record. */
  readInto(index: number, prep: PreparedRead, out: (string | null)[]): void {
    const over = this.overlay.size === 0 ? undefined : this.overlay.get(index);
    const ctx = this.readContext.moveTo(index);
    const generated = index < this.generatedCount;
    const { names, defs, salts } = prep;
    for (let k = 0; k < names.length; k++) {
      const n = names[k]!;
      if (over && Object.hasOwn(over, n)) out[k] = over[n] ?? null;
      else if (n === 'hs_object_id' || n === this.type.createdProp || n === this.type.lastModifiedProp) out[k] = this.baseValue(index, n, ctx, this.modified[index]!);
      else {
        const gen = defs[k]!.gen;
        // mix(recordSeed, salt) is seedFor(seed, ordinal, index, salt) with the record's part computed once.
        out[k] = generated && gen ? gen(this.scratch.reseed(mix(ctx.recordSeed, salts[k]!)), ctx) : null;
      }
    }
  }

  /** Values of the named properties; unknown names are silently dropped, as HubSpot does. */
  read(index: number, names: readonly string[], snap?: Snapshot): Props {
    // Hot path of every list page: one overlay lookup and one generator context per record.
    const over = snap ? snap.overlay : this.overlay.get(index);
    const modified = snap ? snap.modified : this.modified[index]!;
    // Generators run synchronously and never keep their context, so one instance serves every record.
    const ctx = this.readContext.moveTo(index);
    const out: Props = {};
    for (let k = 0; k < names.length; k++) {
      const n = names[k]!;
      if (!this.propByName.has(n)) continue;
      out[n] = over && Object.hasOwn(over, n) ? (over[n] ?? null) : this.baseValue(index, n, ctx, modified);
    }
    return out;
  }

  readAll(index: number): Props {
    return this.read(
      index,
      this.props.map((p) => p.name),
    );
  }

  isLive(index: number): boolean {
    return index >= 0 && index < this.size && this.status[index] === LIVE;
  }

  private snapshot(index: number, existed: boolean): Snapshot | null {
    if (!existed || this.status[index] !== LIVE) return null;
    return { modified: this.modified[index]!, overlay: { ...(this.overlay.get(index) ?? {}) } };
  }

  private grow(): void {
    if (this.size < this.created.length) return;
    const cap = this.created.length * 2;
    const c = new Float64Array(cap);
    c.set(this.created);
    const m = new Float64Array(cap);
    m.set(this.modified);
    const s = new Uint8Array(cap);
    s.set(this.status);
    this.created = c;
    this.modified = m;
    this.status = s;
  }

  create(props: Props, nowMs: number, searchLagMs: number): number {
    this.grow();
    const index = this.size++;
    this.created[index] = nowMs;
    this.modified[index] = nowMs;
    this.status[index] = LIVE;
    this.overlay.set(index, { ...props });
    this.rememberUnique(index, props);
    this.searchLag.record(index, null, nowMs + searchLagMs);
    this.version++;
    return index;
  }

  update(index: number, props: Props, nowMs: number, searchLagMs: number): void {
    this.searchLag.record(index, this.snapshot(index, true), nowMs + searchLagMs);
    this.overlay.set(index, { ...(this.overlay.get(index) ?? {}), ...props });
    this.rememberUnique(index, props);
    this.modified[index] = Math.max(nowMs, this.modified[index]! + 1);
    this.version++;
  }

  /** Sets last-modified without changing values (bulk jobs that stamp many records at once). */
  touch(index: number, atMs: number, visibleAtMs: number): void {
    this.searchLag.record(index, this.snapshot(index, true), visibleAtMs);
    this.modified[index] = atMs;
    this.version++;
  }

  archive(index: number, nowMs: number, searchLagMs: number): void {
    this.searchLag.record(index, this.snapshot(index, true), nowMs + searchLagMs);
    this.status[index] = ARCHIVED;
    this.archivedAt.set(index, nowMs);
    this.modified[index] = Math.max(nowMs, this.modified[index]!);
    this.version++;
  }

  /** An archived record comes back live with its id and values; whether last-modified moves is UNCONFIRMED. */
  restore(index: number, nowMs: number, searchLagMs: number, bumpModified: boolean): void {
    this.searchLag.record(index, this.snapshot(index, true), nowMs + searchLagMs);
    this.status[index] = LIVE;
    this.archivedAt.delete(index);
    if (bumpModified) this.modified[index] = Math.max(nowMs, this.modified[index]!);
    this.version++;
  }

  gdprDelete(index: number, nowMs: number, searchLagMs: number): void {
    this.searchLag.record(index, this.snapshot(index, true), nowMs + searchLagMs);
    this.status[index] = DELETED;
    this.overlay.delete(index);
    this.archivedAt.delete(index);
    this.version++;
  }

  /** `mergedIndex` disappears; the primary lists it (and what it had absorbed) in hs_merged_object_ids. */
  merge(primary: number, mergedIndex: number, nowMs: number, searchLagMs: number): void {
    const ids = [this.value(primary, 'hs_merged_object_ids'), this.value(mergedIndex, 'hs_merged_object_ids'), this.idOf(mergedIndex)]
      .filter((v): v is string => !!v)
      .join(';');
    this.searchLag.record(mergedIndex, this.snapshot(mergedIndex, true), nowMs + searchLagMs);
    this.status[mergedIndex] = MERGED;
    this.mergedInto.set(mergedIndex, primary);
    this.update(primary, { hs_merged_object_ids: ids }, nowMs, searchLagMs);
  }

  /** Follows merges to the surviving record. */
  survivor(index: number): number {
    let i = index;
    for (let hops = 0; this.status[i] === MERGED && hops < 100; hops++) i = this.mergedInto.get(i)!;
    return i;
  }

  private rememberUnique(index: number, props: Props): void {
    for (const [name, v] of Object.entries(props)) {
      if (v == null || !(name === 'email' || this.propByName.get(name)?.hasUniqueValue)) continue;
      let m = this.uniqueWritten.get(name);
      if (!m) this.uniqueWritten.set(name, (m = new Map()));
      m.set(v.toLowerCase(), index);
    }
  }

  /** Finds a live-or-archived record by a unique property (email, external_id, hs_object_id); -1 if none. */
  findByUnique(name: string, value: string): number {
    if (name === 'hs_object_id') return this.indexOf(value);
    const wanted = value.toLowerCase();
    const written = this.uniqueWritten.get(name)?.get(wanted);
    const candidates: number[] = written === undefined ? [] : [written];
    const digits = name === 'email' ? /(\d+)@/.exec(wanted) : name === 'external_id' ? /^ext-(\d+)$/.exec(wanted) : null;
    if (digits) candidates.push(Number(digits[1]));
    for (const i of candidates) {
      if (i < this.size && this.status[i] !== DELETED && this.status[i] !== MERGED && this.value(i, name)?.toLowerCase() === wanted) return i;
    }
    return -1;
  }
}

/** Per-record generator context. A class, not a closure: list pages create 100 of these per request. */
class RecordContext implements GenContext {
  private shared: Rng | undefined;
  private idText: string | undefined;
  /** seedFor(seed, ordinal, index, salt) = mix(recordSeed, salt): the first two mixes depend only on
   * the type and the record, so they are done once per record instead of once per property. */
  recordSeed = 0;
  private readonly typeSeed: number;
  /** The last salt asked for and its hash (first name, last name and email all ask for 'name'). */
  private lastSalt = '';
  private lastSaltHash = hashString('');
  constructor(
    public index: number,
    private readonly ids: IdMap,
    readonly world: WorldInfo,
    ordinal: number,
  ) {
    this.typeSeed = mix(world.seed, ordinal);
    this.recordSeed = mix(this.typeSeed, index);
  }
  /** The record's id, formatted only when a generator asks for it. */
  get id(): string {
    return (this.idText ??= String(this.ids.id(this.index)));
  }
  /** Points this context at another record (read() reuses one context per store). */
  moveTo(index: number): this {
    this.index = index;
    this.idText = undefined;
    this.recordSeed = mix(this.typeSeed, index);
    return this;
  }
  rng(salt: string): Rng {
    if (salt !== this.lastSalt) {
      this.lastSalt = salt;
      this.lastSaltHash = hashString(salt);
    }
    const seed = mix(this.recordSeed, this.lastSaltHash);
    return this.shared ? this.shared.reseed(seed) : (this.shared = new Rng(seed));
  }
}
