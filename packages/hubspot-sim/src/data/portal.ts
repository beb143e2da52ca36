// The whole simulated portal (no HTTP here): object stores, owners, pipelines, the clock.
import { type ApiPaths, apiPaths } from '../http/paths.ts';
import { DEFAULT_COUNTS, DEFAULT_START, type SimOptions, resolveBehaviour } from '../options.ts';
import { Associations } from './associations.ts';
import { SimClock } from './clock.ts';
import { customProperties, externalIdProperty } from './custom-properties.ts';
import type { ObjectTypeDef, WorldInfo } from './model.ts';
import { TypeResolver, customObjectType, standardObjectTypes } from './object-types.ts';
import { standardProperties } from './standard-properties.ts';
import { ObjectStore } from './store.ts';
import { type Owner, dealPipelines, makeOwners, ticketPipelines } from './world.ts';

export class Portal {
  readonly seed: number;
  readonly clock: SimClock;
  readonly world: WorldInfo;
  readonly owners: Owner[];
  readonly types: TypeResolver;
  readonly stores = new Map<string, ObjectStore>();
  readonly associations: Associations;
  readonly behaviour: ReturnType<typeof resolveBehaviour>;
  searchLagMs: number;
  readonly paths: ApiPaths;

  constructor(readonly opts: SimOptions) {
    this.seed = opts.seed ?? 1;
    const startMs = (opts.startTime ?? DEFAULT_START).getTime();
    this.clock = new SimClock(startMs);
    this.behaviour = resolveBehaviour(opts.behaviour);
    this.searchLagMs = opts.searchLagMs ?? 0;
    this.paths = apiPaths(opts.basePath);
    this.owners = makeOwners(this.seed, opts.owners ?? 25, startMs);
    this.world = {
      seed: this.seed,
      startMs,
      ownerIds: this.owners.map((o) => o.id),
      dealPipelines: dealPipelines(),
      ticketPipelines: ticketPipelines(),
      idStride: Math.max(1, Math.floor(opts.idStride ?? 1)),
    };
    const customObjects = opts.customObjects ?? [{ name: 'cars', count: 50 }];
    const types: ObjectTypeDef[] = [...standardObjectTypes(), ...customObjects.map((c, i) => customObjectType(c.name, i))];
    this.types = new TypeResolver(types);
    const pipelineIds = {
      deal: this.world.dealPipelines.map((p) => p.id),
      dealStages: this.world.dealPipelines.flatMap((p) => p.stages.map((s) => s.id)),
      ticket: this.world.ticketPipelines.map((p) => p.id),
      ticketStages: this.world.ticketPipelines.flatMap((p) => p.stages.map((s) => s.id)),
    };
    const custom = customProperties(opts.customProperties ?? 10);
    for (const t of types) {
      const count = opts.counts?.[t.name] ?? (t.custom ? customObjects.find((c) => c.name === t.name)!.count : (DEFAULT_COUNTS[t.name] ?? 0));
      const props = [...standardProperties(t, pipelineIds), externalIdProperty(), ...custom.map((p) => ({ ...p }))];
      this.stores.set(t.name, new ObjectStore(t, props, count, this.world));
    }
    this.associations = new Associations(this);
    for (const [type, n] of Object.entries(opts.tiedTimestamps ?? {})) {
      if (n) this.touchMany(type, n, undefined, startMs - 86_400_000);
    }
  }

  nowMs(): number {
    return this.clock.nowMs();
  }

  /** Throws with a helpful message for an unknown type (control plane); HTTP routes resolve softly. */
  store(typeKey: string): ObjectStore {
    const t = this.types.resolve(typeKey);
    const s = t && this.stores.get(t.name);
    if (!s) throw new Error(`Unknown object type "${typeKey}". Known: ${[...this.stores.keys()].join(', ')}`);
    return s;
  }

  /** Stamps `count` live records (or `ids`) with one identical last-modified time. */
  touchMany(typeKey: string, count: number | undefined, ids: string[] | undefined, atMs: number): void {
    const s = this.store(typeKey);
    const visibleAt = this.nowMs() + this.searchLagMs;
    if (ids) {
      for (const id of ids) {
        const i = s.indexOf(id);
        if (s.isLive(i)) s.touch(i, atMs, visibleAt);
      }
      return;
    }
    let left = count ?? 0;
    for (let i = 0; i < s.size && left > 0; i++) {
      if (s.isLive(i)) {
        s.touch(i, atMs, visibleAt);
        left--;
      }
    }
  }
}
