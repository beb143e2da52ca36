// Record writes shared by the HTTP API and the control plane: validation, uniqueness, last-modified.
import type { Portal } from '../data/portal.ts';
import type { Props } from '../data/model.ts';
import type { ObjectStore } from '../data/store.ts';
import { type PropertyProblem, validateProperties } from './validate.ts';

export type WriteResult = { ok: true; index: number } | { ok: false; kind: 'invalid'; problems: PropertyProblem[] } | { ok: false; kind: 'conflict'; message: string; existingId: string };

/** The first unique value (email for contacts, or a hasUniqueValue property) already held by another record. */
function conflict(s: ObjectStore, props: Props, self: number): { message: string; existingId: string } | undefined {
  for (const [name, v] of Object.entries(props)) {
    if (v == null || !(name === 'email' ? s.type.name === 'contacts' : s.property(name)?.hasUniqueValue)) continue;
    const other = s.findByUnique(name, v);
    // Archived records do not hold on to their unique values (an upsert after an archive creates anew).
    if (other >= 0 && other !== self && s.isLive(other)) {
      const existingId = s.idOf(other);
      const message = s.type.name === 'contacts' && name === 'email' ? `Contact already exists. Existing ID: ${existingId}` : `A ${s.type.singular} with ${name}=${v} already exists. Existing ID: ${existingId}`;
      return { message, existingId };
    }
  }
  return undefined;
}

export function createRecord(portal: Portal, s: ObjectStore, input: unknown): WriteResult {
  const { props, problems } = validateProperties(s, input);
  if (problems.length > 0) return { ok: false, kind: 'invalid', problems };
  const c = conflict(s, props, -1);
  if (c) return { ok: false, kind: 'conflict', ...c };
  return { ok: true, index: s.create(props, portal.nowMs(), portal.searchLagMs) };
}

export function updateRecord(portal: Portal, s: ObjectStore, index: number, input: unknown): WriteResult {
  const { props, problems } = validateProperties(s, input);
  if (problems.length > 0) return { ok: false, kind: 'invalid', problems };
  const c = conflict(s, props, index);
  if (c) return { ok: false, kind: 'conflict', ...c };
  s.update(index, props, portal.nowMs(), portal.searchLagMs);
  return { ok: true, index };
}

export function describeProblems(r: WriteResult): string {
  if (r.ok) return '';
  return r.kind === 'conflict' ? r.message : r.problems.map((p) => `${p.name}: ${p.message} (${p.error})`).join('; ');
}
