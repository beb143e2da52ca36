/**
 * "Did you mean" suggestions by edit distance: the one rule for every message that names
 * something unknown (config keys, plugins, streams, a destination's properties), so a
 * typo gets the same answer everywhere. Hand-written rather than a dependency: common
 * Levenshtein packages do not count a swap of neighbours as one edit ("mrege" would be 2,
 * too far for a five-letter word), and it runs on a handful of short names per problem.
 */
/** Optimal string alignment distance: Levenshtein plus swapped neighbours ("mrege" → "merge" is 1). */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i]);
  for (let j = 0; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The closest candidate, if it is close enough to be a plausible typo (case-insensitive):
 * one edit per three letters, at least one and at most three (long names that share a
 * prefix such as `hs_` would otherwise suggest each other), or else the one candidate
 * the input is a cut-off word of. Ties go to the alphabetically first candidate.
 */
export function closest(input: string, candidates: Iterable<string>): string | undefined {
  const wanted = input.toLowerCase();
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const c of [...candidates].sort()) {
    const d = editDistance(wanted, c.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  const allowed = Math.min(3, Math.max(1, Math.floor(wanted.length / 3)));
  if (best !== undefined && bestDistance <= allowed && best !== input) return best;
  // `pro` for `professional`: an unambiguous cut-off word is a plausible shorthand. A whole
  // word that a longer name extends (`score` and `score_date`) is another name, not a typo.
  const cutOff = (c: string) => c.toLowerCase().startsWith(wanted) && /[\p{L}\p{N}]/u.test(c.charAt(wanted.length));
  const extending = [...candidates].filter((c) => wanted.length >= 2 && cutOff(c) && c !== input);
  return extending.length === 1 ? extending[0] : undefined;
}

/** `; did you mean "x"?` or nothing. */
export function didYouMean(input: string, candidates: Iterable<string>): string {
  const c = closest(input, candidates);
  return c === undefined ? '' : `; did you mean "${c}"?`;
}
