// The in-process control plane: tests change the portal and read its ground truth directly.
import { type ProcessingType, listsAndForms } from './data/lists-forms.ts';
import type { Portal } from './data/portal.ts';
import { ARCHIVED, LIVE } from './data/store.ts';
import type { FaultInjector } from './http/faults.ts';
import type { RateLimiter } from './http/limits.ts';
import type { Stats } from './http/stats.ts';
import type { SimOptions } from './options.ts';
import { iso } from './routes/records.ts';
import { addProperty } from './routes/properties.ts';
import { recomputeDerived } from './data/derived.ts';
import { type EventOccurrence, eventLogOf } from './data/event-occurrences.ts';
import { createRecord, describeProblems, updateRecord } from './routes/write-ops.ts';
import { type MarketingSettingsControl, marketingSettingsControl } from './marketing-settings-control.ts';
import { type EmailCampaignsControl, emailCampaignsControl } from './email-campaigns-control.ts';
import { type DealSplitsControl, dealSplitsControl } from './deal-splits-control.ts';

export interface TruthRecord {
  id: string;
  properties: Record<string, string | null>;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
  archivedAt?: string;
}

export interface SimStats {
  requests: number;
  byRoute: Record<string, number>;
  served429: number;
  /** Keyed by redacted token (`pat-na1-…0000`), never the token itself. */
  peakPer10s: Record<string, number>;
}

export interface SimControl {
  create(type: string, properties: Record<string, string>): string;
  update(type: string, id: string, properties: Record<string, string>): void;
  archive(type: string, id: string): void;
  /** Brings an archived record back (as in HubSpot's UI); last-modified moves if `behaviour.restoreBumpsModified`. */
  restore(type: string, id: string): void;
  merge(type: string, primaryId: string, mergedId: string): void;
  gdprDelete(type: string, id: string): void;
  associate(fromType: string, fromId: string, toType: string, toId: string, typeId?: number): void;
  unassociate(fromType: string, fromId: string, toType: string, toId: string): void;
  addProperty(type: string, def: { name: string; type: string; fieldType?: string; options?: { label: string; value: string }[] }): void;
  advanceClock(ms: number): void;
  now(): Date;
  touchMany(type: string, opts: { count?: number; ids?: string[]; at?: Date }): void;
  truth(type: string, opts?: { archived?: boolean }): TruthRecord[];
  stats(): SimStats;
  resetStats(): void;
  setFaults(faults: SimOptions['faults']): void;
  setLatency(latency: SimOptions['latencyMs']): void;
  /** Changes the search consistency lag at run time. */
  setSearchLag(ms: number): void;
  /** Lists (v3): records join or leave (any processing type), lists are created, renamed, deleted. */
  listAdd(listId: string, recordIds: string[]): void;
  listRemove(listId: string, recordIds: string[]): void;
  listCreate(def: { name: string; objectType?: string; processingType?: ProcessingType }): string;
  listRename(listId: string, name: string): void;
  listDelete(listId: string): void;
  /** Ground truth of lists: definitions with live members (record id → joined at, ISO). */
  listsTruth(): { listId: string; name: string; objectTypeId: string; processingType: string; size: number; members: Record<string, string> }[];
  /** A new submission to a form now; returns its conversionId. */
  formSubmit(formId: string, values: Record<string, string>): string;
  /** Ground truth of forms, with submissions newest first. */
  formsTruth(): { id: string; name: string; formType: string; archived: boolean; submissions: { conversionId: string; submittedAt: number; values: { name: string; value: string }[] }[] }[];
  /** Sets derived (calculated/rollup/score) values as HubSpot's recalculation does: last-modified stays (API-FACTS-2 §8). */
  recompute(type: string, id: string, values: Record<string, string | null>): void;
  /** Adds an event occurrence to a record (default: now); returns it as the API shows it. */
  addEvent(type: string, id: string, eventType: string, opts?: { at?: Date; properties?: Record<string, string> }): Omit<EventOccurrence, 'atMs'>;
  /** Every event occurrence of an object type visible now (occurred at or before the clock), oldest first. */
  events(type: string): Omit<EventOccurrence, 'atMs'>[];
  /** Campaigns, communication preferences, settings users/teams/roles. */
  marketingSettings: MarketingSettingsControl;
  /** Legacy email campaigns (one per send of a marketing email). */
  emailCampaigns: EmailCampaignsControl;
  /** Deal splits (Sales Hub Enterprise). */
  dealSplits: DealSplitsControl;
}

export function createControl(portal: Portal, stats: Stats, limits: RateLimiter, faults: FaultInjector): SimControl {
  const live = (type: string, id: string) => {
    const s = portal.store(type);
    const i = s.indexOf(id);
    if (!s.isLive(i)) throw new Error(`${s.type.name} ${id} does not exist (or is archived, merged or deleted)`);
    return { s, i };
  };
  return {
    create(type, properties) {
      const s = portal.store(type);
      const r = createRecord(portal, s, properties);
      if (!r.ok) throw new Error(`control.create(${type}): ${describeProblems(r)}`);
      return s.idOf(r.index);
    },
    update(type, id, properties) {
      const { s, i } = live(type, id);
      const r = updateRecord(portal, s, i, properties);
      if (!r.ok) throw new Error(`control.update(${type}, ${id}): ${describeProblems(r)}`);
    },
    archive(type, id) {
      const { s, i } = live(type, id);
      s.archive(i, portal.nowMs(), portal.searchLagMs);
    },
    restore(type, id) {
      const s = portal.store(type);
      const i = s.indexOf(id);
      if (i < 0 || s.status[i] !== ARCHIVED) throw new Error(`${s.type.name} ${id} is not archived`);
      s.restore(i, portal.nowMs(), portal.searchLagMs, portal.behaviour.restoreBumpsModified);
    },
    merge(type, primaryId, mergedId) {
      const a = live(type, primaryId);
      const b = live(type, mergedId);
      if (a.i === b.i) throw new Error(`control.merge(${type}): cannot merge ${primaryId} into itself`);
      portal.associations.moveAll(a.s.type.name, b.i, a.i);
      a.s.merge(a.i, b.i, portal.nowMs(), portal.searchLagMs);
    },
    gdprDelete(type, id) {
      const s = portal.store(type);
      const i = s.indexOf(id);
      if (i < 0) throw new Error(`${s.type.name} ${id} does not exist`);
      s.gdprDelete(i, portal.nowMs(), portal.searchLagMs);
    },
    associate(fromType, fromId, toType, toId, typeId) {
      const a = live(fromType, fromId);
      const b = live(toType, toId);
      portal.associations.associate(a.s.type.name, a.i, b.s.type.name, b.i, typeId);
    },
    unassociate(fromType, fromId, toType, toId) {
      const a = live(fromType, fromId);
      const b = portal.store(toType);
      portal.associations.unassociate(a.s.type.name, a.i, b.type.name, b.indexOf(toId));
    },
    addProperty(type, def) {
      const problem = addProperty(portal, type, def);
      if (problem) throw new Error(`control.addProperty(${type}): ${problem}`);
    },
    advanceClock(ms) {
      portal.clock.advance(ms);
    },
    now() {
      return new Date(portal.nowMs());
    },
    touchMany(type, opts) {
      portal.touchMany(type, opts.count, opts.ids, (opts.at ?? new Date(portal.nowMs())).getTime());
    },
    truth(type, opts = {}) {
      const s = portal.store(type);
      const want = opts.archived ? ARCHIVED : LIVE;
      const out: TruthRecord[] = [];
      for (let i = 0; i < s.size; i++) {
        if (s.status[i] !== want) continue;
        const rec: TruthRecord = { id: s.idOf(i), properties: s.readAll(i), createdAt: iso(s.created[i]!), updatedAt: iso(s.modified[i]!), archived: want === ARCHIVED };
        if (want === ARCHIVED) rec.archivedAt = iso(s.archivedAt.get(i)!);
        out.push(rec);
      }
      return out;
    },
    stats() {
      return { requests: stats.requests, byRoute: { ...stats.byRoute }, served429: stats.served429, peakPer10s: Object.fromEntries(limits.peakPer10s) };
    },
    resetStats() {
      stats.reset();
      limits.resetPeaks();
    },
    setFaults(f) {
      faults.set(f);
    },
    setLatency(l) {
      faults.setLatency(l);
    },
    setSearchLag(ms) {
      portal.searchLagMs = ms;
    },
    listAdd: (listId, ids) => listsAndForms(portal).addMembers(listId, ids),
    listRemove: (listId, ids) => listsAndForms(portal).removeMembers(listId, ids),
    listCreate: (def) => listsAndForms(portal).createList(def),
    listRename: (listId, name) => listsAndForms(portal).renameList(listId, name),
    listDelete: (listId) => listsAndForms(portal).deleteList(listId),
    listsTruth() {
      const w = listsAndForms(portal);
      return w.lists
        .filter((l) => !l.deleted)
        .map((l) => {
          const members = w.liveMembers(l);
          return { listId: l.listId, name: l.name, objectTypeId: l.objectTypeId, processingType: l.processingType, size: members.length, members: Object.fromEntries(members.map((m) => [m.id, iso(m.at)])) };
        });
    },
    formSubmit: (formId, values) => listsAndForms(portal).submit(formId, values),
    formsTruth: () =>
      listsAndForms(portal).forms.map((f) => ({ id: f.id, name: f.name, formType: f.formType, archived: f.archived, submissions: f.submissions.map((s) => ({ conversionId: s.conversionId, submittedAt: s.submittedAt, values: s.values })) })),
    recompute(type, id, values) {
      recomputeDerived(portal, type, id, values);
    },
    addEvent(type, id, eventType, opts = {}) {
      const { atMs, ...ev } = eventLogOf(portal).add(type, id, eventType, (opts.at ?? new Date(portal.nowMs())).getTime(), opts.properties ?? {});
      return ev;
    },
    events(type) {
      const now = portal.nowMs();
      return eventLogOf(portal)
        .of(portal.store(type).type.name)
        .filter((e) => e.atMs <= now)
        .map(({ atMs, ...e }) => e);
    },
    marketingSettings: marketingSettingsControl(portal),
    emailCampaigns: emailCampaignsControl(portal),
    dealSplits: dealSplitsControl(portal),
  };
}
