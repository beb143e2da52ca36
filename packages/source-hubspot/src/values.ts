/** Small converters for the non-CRM APIs, whose JSON is typed (numbers, ISO strings) rather than strings. */
import { ConfigError } from '@pipe/sdk';

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

/**
 * A `YYYY-MM-DD` stream option (start_date, end_date) as the UTC midnight it names. The config
 * pattern lets through days the calendar does not have (2026-02-30, which Date.parse rolls
 * over into March): those fail the stream instead of moving its range.
 */
export function dayOption(stream: string, option: string, value: string): number {
  const ms = Date.parse(value);
  if (Number.isNaN(ms) || ymd(ms) !== value) {
    throw new ConfigError(`${stream}: ${option} ${value} is not a day of the calendar`, { hint: `Write ${option} as a real day, YYYY-MM-DD, e.g. 2026-01-31.` });
  }
  return ms;
}
