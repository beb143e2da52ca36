// The one equality check of the suite: a table (or view) against the simulator's ground truth.
// Lost, duplicated, unexpected and differing rows are counted and listed (first few) so a
// failure says what is wrong.
import type { Row, Value } from './expected.ts';

export interface Difference {
  lost: string[];
  duplicated: string[];
  unexpected: string[];
  differing: { id: string; column: string; expected: Value; actual: Value }[];
  rows: number;
}

const same = (a: Value, b: Value): boolean => {
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') {
    if (typeof a === 'number' && typeof b === 'number') return a === b || Math.abs(a - b) <= Math.abs(a) * 1e-12;
    return a === b;
  }
  return JSON.stringify(a) === JSON.stringify(b);
};

/**
 * `live` truth must equal the rows with `archived = false` (or every row of a latest view, which
 * already hides archived ones); `archived` truth rows must be present with `archived = true`;
 * anything else in the table must be a tombstone (`archived = true`).
 */
export function compareTable(actual: Row[], expected: { live: Row[]; archived?: Row[] }): Difference {
  const diff: Difference = { lost: [], duplicated: [], unexpected: [], differing: [], rows: actual.length };
  const byId = new Map<string, Row>();
  for (const r of actual) {
    const id = String(r.id);
    if (byId.has(id)) diff.duplicated.push(id);
    byId.set(id, r);
  }
  const wanted = new Map<string, Row>();
  for (const r of [...expected.live, ...(expected.archived ?? [])]) wanted.set(String(r.id), r);
  for (const [id, want] of wanted) {
    const got = byId.get(id);
    if (!got) {
      if (want.archived !== true) diff.lost.push(id);
      continue;
    }
    for (const [column, value] of Object.entries(want)) {
      if (!(column in got)) continue; // a property outside the stream's selected columns
      if (!same(value, got[column] ?? null)) diff.differing.push({ id, column, expected: value, actual: got[column] ?? null });
    }
  }
  for (const [id, got] of byId) if (!wanted.has(id) && got.archived !== true) diff.unexpected.push(id);
  return diff;
}

/** Passes when nothing is lost, duplicated, unexpected or different. */
export const isExact = (d: Difference) => !d.lost.length && !d.duplicated.length && !d.unexpected.length && !d.differing.length;

export function describeDifference(d: Difference): string {
  const few = <T>(xs: T[]) => JSON.stringify(xs.slice(0, 5));
  return `${d.rows} rows; lost ${d.lost.length} ${few(d.lost)}; duplicated ${d.duplicated.length} ${few(d.duplicated)}; unexpected ${d.unexpected.length} ${few(d.unexpected)}; differing ${d.differing.length} ${few(d.differing)}`;
}
