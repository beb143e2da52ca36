// Fast ISO-8601 formatting of epoch milliseconds. `new Date(ms).toISOString()` costs over 1 µs here;
// list pages format two timestamps per record, 200,000 records a second, so dates are cached by day.
const DAY = 86_400_000;
const dayCache = new Map<number, string>();
const P2 = Array.from({ length: 60 }, (_, i) => (i < 10 ? `0${i}` : String(i)));
const P3 = Array.from({ length: 1000 }, (_, i) => `${String(i).padStart(3, '0')}Z`);
/** 'HH:MM:SS.' per second of the day, built lazily (86,400 short strings at most). */
const clock: string[] = new Array(86_400);

export function isoFromMs(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0 || ms >= 253402300800000) return new Date(ms).toISOString();
  const day = Math.floor(ms / DAY);
  let date = dayCache.get(day);
  if (date === undefined) {
    date = new Date(day * DAY).toISOString().slice(0, 11);
    if (dayCache.size < 100_000) dayCache.set(day, date);
  }
  const rem = Math.floor(ms - day * DAY);
  const sec = Math.floor(rem / 1000);
  let hms = clock[sec];
  if (hms === undefined) {
    const h = Math.floor(sec / 3600);
    const m = Math.floor((sec - h * 3600) / 60);
    hms = clock[sec] = `${P2[h]}:${P2[m]}:${P2[sec - h * 3600 - m * 60]}.`;
  }
  return date + hms + P3[rem - sec * 1000];
}
