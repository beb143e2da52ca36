// Lists (v3 "segments") with their memberships, and forms with their submissions, derived from the
// seed and changed through the control plane (API-FACTS-2 §1, §2). Membership changes move neither
// the list's `updatedAt` nor the record's last-modified; they move `hs_list_size` and
// `hs_last_record_added_at` / `hs_last_record_removed_at` (how promptly HubSpot moves those is
// UNCONFIRMED).
import { contactEmail, FIRST_NAMES, LAST_NAMES } from './fake.ts';
import type { Portal } from './portal.ts';
import { Rng, mix } from './random.ts';

const DAY = 86_400_000;

export type ProcessingType = 'MANUAL' | 'DYNAMIC' | 'SNAPSHOT';
const PROCESSING: ProcessingType[] = ['MANUAL', 'DYNAMIC', 'SNAPSHOT'];
/** Object types lists are built on, with their `objectTypeId`. */
const LIST_OBJECTS: [type: string, objectTypeId: string][] = [
  ['contacts', '0-1'],
  ['contacts', '0-1'],
  ['companies', '0-2'],
  ['deals', '0-3'],
];

export interface SimList {
  listId: string;
  listVersion: number;
  name: string;
  objectType: string;
  objectTypeId: string;
  processingType: ProcessingType;
  createdAt: number;
  updatedAt: number;
  filtersUpdatedAt?: number;
  createdById: string;
  updatedById: string;
  folderName?: string;
  referenceCount: number;
  /** Record index → when it joined (epoch ms). */
  members: Map<number, number>;
  lastAddedAt?: number;
  lastRemovedAt?: number;
  deleted: boolean;
}

export type FormType = 'hubspot' | 'captured' | 'flow' | 'blog_comment';
/** The types of generated forms, in order; the first form always gets more than a page of submissions. */
const FORM_TYPES: FormType[] = ['hubspot', 'hubspot', 'captured', 'flow', 'blog_comment', 'hubspot', 'captured', 'hubspot'];

export interface SimSubmission {
  conversionId: string;
  submittedAt: number;
  values: { name: string; value: string }[];
  pageUrl: string;
}

export interface SimForm {
  id: string;
  name: string;
  formType: FormType;
  createdAt: number;
  updatedAt: number;
  archived: boolean;
  archivedAt?: number;
  fields: { name: string; label: string; fieldType: string; required: boolean }[];
  language: string;
  /** Newest first. */
  submissions: SimSubmission[];
}

const hex = (n: number, w = 8) => (n >>> 0).toString(16).padStart(w, '0').slice(-w);
const uuid = (a: number, b: number) => `${hex(mix(a, b))}-${hex(mix(b, 3), 4)}-4${hex(mix(a, 5), 3)}-8${hex(mix(b, 7), 3)}-${hex(mix(a, b ^ 0x55))}${hex(b, 4)}`;

export class ListsAndForms {
  readonly lists: SimList[] = [];
  readonly forms: SimForm[] = [];
  private nextListId: number;
  private submissionSeq = 0;

  constructor(private readonly portal: Portal) {
    const opts = portal.opts;
    const seed = portal.seed;
    const start = portal.world.startMs;
    const listCount = opts.lists ?? 9;
    this.nextListId = 1;
    for (let i = 0; i < listCount; i++) {
      const r = new Rng(mix(seed, 0x1157 + i));
      const [objectType, objectTypeId] = LIST_OBJECTS[i % LIST_OBJECTS.length]!;
      const store = portal.stores.get(objectType);
      const created = start - (5 + r.int(400)) * DAY - r.int(DAY);
      const updated = created + r.int(30) * DAY;
      const list: SimList = {
        listId: String(this.nextListId++),
        listVersion: 1 + r.int(5),
        name: `${PROCESSING[i % 3]!.toLowerCase()} ${objectType} list ${i + 1}${r.chance(0.2) ? ' – Q3 🎯' : ''}`,
        objectType,
        objectTypeId,
        processingType: PROCESSING[i % 3]!,
        createdAt: created,
        updatedAt: updated,
        ...(i % 3 === 0 ? {} : { filtersUpdatedAt: updated }),
        createdById: String(9_000_000 + r.int(20)),
        updatedById: String(9_000_000 + r.int(20)),
        ...(r.chance(0.5) ? { folderName: r.pick(['Marketing', 'Sales', 'Events']) } : {}),
        referenceCount: r.int(4),
        members: new Map(),
        deleted: false,
      };
      // The first list is large enough to need two membership pages (250 each); others are small.
      const size = store ? Math.min(store.size, i === 0 ? 260 + r.int(60) : r.int(60)) : 0;
      if (store) {
        const picked = new Set<number>();
        while (picked.size < size) picked.add(r.int(store.size));
        for (const index of [...picked].sort((a, b) => a - b)) {
          const at = created + r.int(Math.max(1, updated - created + DAY));
          list.members.set(index, at);
          list.lastAddedAt = Math.max(list.lastAddedAt ?? 0, at);
        }
      }
      this.lists.push(list);
    }
    const formCount = opts.forms ?? FORM_TYPES.length;
    for (let i = 0; i < formCount; i++) {
      const r = new Rng(mix(seed, 0xf0f0 + i));
      const formType = FORM_TYPES[i % FORM_TYPES.length]!;
      const created = start - (30 + r.int(500)) * DAY;
      const updated = created + r.int(20) * DAY;
      const archived = i % 8 === 6;
      const form: SimForm = {
        id: uuid(seed + 17, 0xf000 + i),
        name: `${formType === 'blog_comment' ? 'Blog comments' : r.pick(['Contact us', 'Newsletter', 'Demo request', 'Webinar sign-up'])} ${i + 1}`,
        formType,
        createdAt: created,
        updatedAt: updated,
        archived,
        ...(archived ? { archivedAt: updated + DAY } : {}),
        fields: [
          { name: 'email', label: 'Email', fieldType: 'email', required: true },
          { name: 'firstname', label: 'First name', fieldType: 'single_line_text', required: false },
          ...(r.chance(0.5) ? [{ name: 'company', label: 'Company', fieldType: 'single_line_text', required: false }] : []),
        ],
        language: r.pick(['en', 'de', 'fr']),
        submissions: [],
      };
      // Blog comment forms have no readable submissions; the first form has more than a page (50).
      const n = formType === 'blog_comment' ? 0 : i === 0 ? 120 : r.int(40);
      const span = (archived ? (form.archivedAt ?? updated) : start) - created;
      const times = Array.from({ length: n }, () => created + r.int(Math.max(1, span))).sort((a, b) => b - a);
      form.submissions = times.map((t) => this.submission(r, t, form));
      this.forms.push(form);
    }
  }

  private submission(r: Rng, at: number, form: SimForm): SimSubmission {
    const seq = this.submissionSeq++;
    const first = r.pick(FIRST_NAMES);
    const values = [
      { name: 'email', value: contactEmail(first, r.pick(LAST_NAMES), seq, r) },
      { name: 'firstname', value: first },
    ];
    if (form.fields.some((f) => f.name === 'company') && r.chance(0.7)) values.push({ name: 'company', value: `Company ${r.int(500)}` });
    return { conversionId: uuid(this.portal.seed, 0xc0000 + seq), submittedAt: at, values, pageUrl: `https://www.example.com/${form.formType}/${seq % 7}` };
  }

  list(listId: string): SimList | undefined {
    return this.lists.find((l) => l.listId === listId && !l.deleted);
  }

  /** Members that still exist (an archived or deleted record leaves every list). */
  liveMembers(l: SimList): { index: number; id: string; at: number }[] {
    const store = this.portal.stores.get(l.objectType);
    if (!store) return [];
    const out: { index: number; id: string; at: number }[] = [];
    for (const [index, at] of l.members) if (store.isLive(index)) out.push({ index, id: store.idOf(index), at });
    return out;
  }

  private mustList(listId: string): SimList {
    const l = this.list(listId);
    if (!l) throw new Error(`list ${listId} does not exist (or was deleted); lists: ${this.lists.filter((x) => !x.deleted).map((x) => x.listId).join(', ')}`);
    return l;
  }

  private indexOf(l: SimList, recordId: string): number {
    const store = this.portal.stores.get(l.objectType)!;
    const i = store.indexOf(recordId);
    if (!store.isLive(i)) throw new Error(`${l.objectType} ${recordId} does not exist, so it cannot join list ${l.listId}`);
    return i;
  }

  /** Records join a list (any processing type: DYNAMIC lists change as HubSpot re-evaluates them). */
  addMembers(listId: string, recordIds: string[]): void {
    const l = this.mustList(listId);
    const now = this.portal.nowMs();
    for (const id of recordIds) {
      const i = this.indexOf(l, id);
      if (!l.members.has(i)) l.members.set(i, now);
    }
    if (recordIds.length) l.lastAddedAt = now;
  }

  removeMembers(listId: string, recordIds: string[]): void {
    const l = this.mustList(listId);
    const store = this.portal.stores.get(l.objectType)!;
    for (const id of recordIds) l.members.delete(store.indexOf(id));
    if (recordIds.length) l.lastRemovedAt = this.portal.nowMs();
  }

  createList(def: { name: string; objectType?: string; processingType?: ProcessingType }): string {
    const objectType = def.objectType ?? 'contacts';
    const entry = LIST_OBJECTS.find(([t]) => t === objectType);
    if (!entry) throw new Error(`lists can be built on ${[...new Set(LIST_OBJECTS.map(([t]) => t))].join(', ')}, not ${objectType}`);
    const now = this.portal.nowMs();
    const list: SimList = {
      listId: String(this.nextListId++),
      listVersion: 1,
      name: def.name,
      objectType,
      objectTypeId: entry[1],
      processingType: def.processingType ?? 'MANUAL',
      createdAt: now,
      updatedAt: now,
      createdById: '9000000',
      updatedById: '9000000',
      referenceCount: 0,
      members: new Map(),
      deleted: false,
    };
    this.lists.push(list);
    return list.listId;
  }

  /** Renames a list: the kind of change that moves `updatedAt`. */
  renameList(listId: string, name: string): void {
    const l = this.mustList(listId);
    l.name = name;
    l.updatedAt = this.portal.nowMs();
  }

  deleteList(listId: string): void {
    this.mustList(listId).deleted = true;
  }

  form(id: string): SimForm | undefined {
    return this.forms.find((f) => f.id === id);
  }

  /** A new submission to a form, at the simulator's now (newest first). */
  submit(formId: string, values: Record<string, string>): string {
    const f = this.form(formId);
    if (!f) throw new Error(`form ${formId} does not exist; forms: ${this.forms.map((x) => x.id).join(', ')}`);
    if (f.formType === 'blog_comment') throw new Error(`form ${formId} is a blog comment form: its submissions cannot be read through the submissions API`);
    const r = new Rng(mix(this.portal.seed, 0x5b + this.submissionSeq));
    const s = this.submission(r, this.portal.nowMs(), f);
    s.values = Object.entries(values).map(([name, value]) => ({ name, value }));
    f.submissions.unshift(s);
    return s.conversionId;
  }
}

const worlds = new WeakMap<Portal, ListsAndForms>();

/** The portal's lists and forms, built on first use. */
export function listsAndForms(portal: Portal): ListsAndForms {
  let w = worlds.get(portal);
  if (!w) worlds.set(portal, (w = new ListsAndForms(portal)));
  return w;
}
