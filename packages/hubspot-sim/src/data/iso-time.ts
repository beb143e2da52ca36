// Fast ISO-8601 formatting of epoch milliseconds. `new Date(ms).toISOString()` per timestamp was a
// visible share of a list page's render (bench/hubspot-sim/render.ts); pages format two timestamps
// per record, so every part comes from
// small lookup tables (dates cached per day) and only three strings are joined.
const DAY = 86_400_000;
const dayCache = new Map<number, string>();
const pad = (n: number, w: number) => String(n).padStart(w, '0');
/** 'HH:MM:' for each minute of the day (small, dense arrays stay fast; a sparse 86,400 one would not). */
const HOUR_MINUTE = Array.from({ length: 1440 }, (_, i) => `${pad(Math.floor(i / 60), 2)}:${pad(i % 60, 2)}:`);
/** 'SS.mmmZ' for each millisecond of a minute. */
const SECOND_MILLI = Array.from({ length: 60_000 }, (_, i) => `${pad(Math.floor(i / 1000), 2)}.${pad(i % 1000, 3)}Z`);

export function isoFromMs(ms: number): string {
  if (!Number.isInteger(ms) || ms < 0 || ms >= 253402300800000) return new Date(ms).toISOString();
  const day = Math.floor(ms / DAY);
  let date = dayCache.get(day);
  if (date === undefined) {
    date = new Date(day * DAY).toISOString().slice(0, 11);
    if (dayCache.size < 100_000) dayCache.set(day, date);
  }
  const rem = ms - day * DAY;
  const minute = Math.floor(rem / 60_000);
  return date + HOUR_MINUTE[minute] + SECOND_MILLI[rem - minute * 60_000];
}
