/** The closest known name within a small edit distance, for "did you mean" hints. */
export function closest(name: string, known: string[]): string | undefined {
  const wanted = name.toLowerCase();
  let best: { name: string; d: number } | undefined;
  const limit = Math.max(1, Math.min(3, Math.floor(wanted.length / 4)));
  for (const k of known) {
    const d = distance(wanted, k.toLowerCase());
    if (d <= limit && (!best || d < best.d)) best = { name: k, d };
  }
  return best?.name;
}

/** Levenshtein distance, one row at a time. */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length]!;
}
