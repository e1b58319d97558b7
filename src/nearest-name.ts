// "Did you mean …?" for a name that is not known: a profile, a provider, a secret, a config key.
// Pure; tested in-process by test/nearest-name.unit.test.ts.

/** Optimal string alignment distance (a swap of two neighbours counts one), bounded: anything over `max` is max + 1. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, (before[j - 2] ?? 0) + 1);
      current.push(d);
    }
    before = previous;
    previous = current;
  }
  return Math.min(previous[b.length] ?? max + 1, max + 1);
}

/** How far a typo may be from the name meant: one edit for short names, up to three for long ones. */
export function typoBound(name: string): number {
  return name.length <= 4 ? 1 : name.length <= 10 ? 2 : 3;
}

/**
 * The candidate `name` was most likely meant to be: the closest within typoBound (case ignored),
 * the first listed on a tie; null when none is that close or `name` is itself a candidate.
 */
export function nearestName(name: string, candidates: Iterable<string>): string | null {
  const wanted = name.toLowerCase();
  const max = typoBound(wanted);
  let best: { name: string; d: number } | null = null;
  for (const candidate of candidates) {
    if (candidate === name) return null;
    const d = editDistance(wanted, candidate.toLowerCase(), max);
    if (d <= max && (best === null || d < best.d)) best = { name: candidate, d };
  }
  return best?.name ?? null;
}
