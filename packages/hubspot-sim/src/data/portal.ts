// The whole simulated portal (no HTTP here): object stores, owners, pipelines, the clock.
import { type ApiPaths, apiPaths } from '../http/paths.ts';
import { type AbsentAnswer, DEFAULT_COUNTS, DEFAULT_START, type SimOptions, resolveBehaviour } from '../options.ts';
import { Associations } from './associations.ts';
import { SimClock } from './clock.ts';
import { customProperties, externalIdProperty } from './custom-properties.ts';
import { calculatedProperties, unusualProperties } from './extra-properties.ts';
import { FURTHER_DEFAULT_COUNT, absentAnswer, furtherObjectTypes, furtherSpec } from './further-objects.ts';
import { IdMap, resolveLayout } from './id-layout.ts';
import { TypeResolver, customObjectType, standardObjectTypes } from './object-types.ts';
import type { ObjectTypeDef, PropertyDef, WorldInfo } from './model.ts';
import { realisticProperties } from './realistic-properties.ts';
import { standardProperties } from './standard-properties.ts';
import { ObjectStore } from './store.ts';
import { type Owner, dealPipelines, makeOwners, ticketPipelines } from './world.ts';
import { MarketingSettings } from './marketing-settings.ts';
import { EmailCampaigns } from './email-campaigns.ts';
import { DealSplits } from './deal-splits.ts';

export class Portal {
  readonly seed: number;
  readonly clock: SimClock;
  readonly world: WorldInfo;
  readonly owners: Owner[];
  readonly marketingSettings: MarketingSettings;
  /** Marketing emails and their legacy email campaigns (one per send). */
  readonly email: EmailCampaigns;
  readonly dealSplits: DealSplits;
  readonly types: TypeResolver;
  readonly stores = new Map<string, ObjectStore>();
  readonly associations: Associations;
  readonly behaviour: ReturnType<typeof resolveBehaviour>;
  searchLagMs: number;
  readonly paths: ApiPaths;
  /** Standard object types this portal lacks, by every spelling (name, `0-x` id, singular). */
  readonly absent = new Map<string, { type: ObjectTypeDef; answer: AbsentAnswer }>();

  constructor(readonly opts: SimOptions) {
    this.seed = opts.seed ?? 1;
    const startMs = (opts.startTime ?? DEFAULT_START).getTime();
    this.clock = new SimClock(startMs);
    this.behaviour = resolveBehaviour(opts.behaviour);
    this.searchLagMs = opts.searchLagMs ?? 0;
    this.paths = apiPaths(opts.basePath);
    this.owners = makeOwners(this.seed, opts.owners ?? 25, startMs);
    this.marketingSettings = new MarketingSettings(this.seed, startMs, this.owners, opts.marketingSettings, !opts.accountLacks?.campaignBudget);
    this.email = new EmailCampaigns(this.seed, opts.marketingEmails ?? 30, startMs, opts.emailCampaigns);
    // Split owners are active people, as HubSpot's split owners are users.
    this.dealSplits = new DealSplits(this.seed, startMs, this.owners.filter((o) => o.type === 'PERSON' && !o.archived).map((o) => o.id), opts.dealSplits);
    const customObjects = opts.customObjects ?? [{ name: 'cars', count: 50 }];
    // Further types (leads, invoices, …) exist only where `furtherObjects` names them; else they answer 400 like unknown types.
    const standard = [...standardObjectTypes(), ...furtherObjectTypes()];
    const answerOf = (t: ObjectTypeDef): AbsentAnswer | undefined => absentAnswer(opts, t.name);
    for (const t of standard) {
      const answer = answerOf(t);
      if (answer) for (const key of [t.name, t.objectTypeId, t.singular, ...(t.aliases ?? [])]) this.absent.set(key.toLowerCase(), { type: t, answer });
    }
    const types: ObjectTypeDef[] = [...standard.filter((t) => !answerOf(t)), ...customObjects.map((c, i) => customObjectType(c.name, i))];
    this.types = new TypeResolver(types);
    const countOf = (t: ObjectTypeDef) =>
      opts.counts?.[t.name] ?? (t.custom ? customObjects.find((c) => c.name === t.name)!.count : (DEFAULT_COUNTS[t.name] ?? (furtherSpec(t.name) ? FURTHER_DEFAULT_COUNT : 0)));
    const idLayout = resolveLayout(opts.idLayout, opts.idStride);
    // Types are 10^8 ids apart unless a layout needs more room (each keeps 100,000 ids for API creates).
    const widest = Math.max(0, ...types.map((t) => new IdMap(0, idLayout).span(countOf(t) + 100_000)));
    let idSpacing = 100_000_000;
    while (widest >= idSpacing) idSpacing *= 10;
    this.world = {
      seed: this.seed,
      startMs,
      ownerIds: this.owners.map((o) => o.id),
      dealPipelines: dealPipelines(),
      ticketPipelines: ticketPipelines(),
      idLayout,
      idOffset: Math.max(0, Math.floor(opts.idOffset ?? 0)),
      idSpacing,
    };
    const pipelineIds = {
      deal: this.world.dealPipelines.map((p) => p.id),
      dealStages: this.world.dealPipelines.flatMap((p) => p.stages.map((s) => s.id)),
      ticket: this.world.ticketPipelines.map((p) => p.id),
      ticketStages: this.world.ticketPipelines.flatMap((p) => p.stages.map((s) => s.id)),
    };
    const custom = customProperties(opts.customProperties ?? 10);
    const unusual = opts.unusualProperties ? unusualProperties() : [];
    const derived = calculatedProperties(opts.calculatedProperties ?? 0);
    const noMergedIds = new Set(opts.withoutMergedIds ?? []);
    for (const t of types) {
      const wide = opts.profile === 'realistic' ? realisticProperties(t) : [];
      const all = [...standardProperties(t, pipelineIds), ...wide, externalIdProperty(), ...custom, ...unusual, ...derived];
      const props = uniqueByName(all.filter((p) => !(p.name === 'hs_merged_object_ids' && noMergedIds.has(t.name)))).map((p) => ({ ...p }));
      this.stores.set(t.name, new ObjectStore(t, props, countOf(t), this.world));
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
    if (!s && this.absent.has(typeKey.toLowerCase())) throw new Error(`Object type "${typeKey}" is absent from this portal (absentObjects); it has: ${[...this.stores.keys()].join(', ')}`);
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

/** The first definition of each name wins (the wide profile repeats some narrow names). */
function uniqueByName(props: PropertyDef[]): PropertyDef[] {
  const seen = new Set<string>();
  return props.filter((p) => !seen.has(p.name) && !!seen.add(p.name));
}
