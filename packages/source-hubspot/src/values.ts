/** Small converters for the non-CRM APIs, whose JSON is typed (numbers, ISO strings) rather than strings. */

/** An ISO string or epoch ms as a Date; null when absent or unparsable. */
export function isoDate(v: string | number | null | undefined): Date | null {
  if (v === null || v === undefined || v === '') return null;
  const d = new Date(typeof v === 'number' || /^\d+$/.test(v) ? Number(v) : v);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** A finite number, else null. */
export function num(v: unknown): number | null {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN;
  return Number.isFinite(n) ? n : null;
}

/** Epoch ms → `YYYY-MM-DD` in UTC. */
export const ymd = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
