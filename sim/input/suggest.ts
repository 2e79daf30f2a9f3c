/** "Did you mean …?" for misspelled keys and values. */
import damerauLevenshtein from 'damerau-levenshtein';

const MAX_NAME_LENGTH = 200;

/**
 * The candidate closest to `word` by edit distance (a swap of two adjacent
 * letters counts as one edit), if it is close enough to be a likely typo.
 */
export function closestMatch(word: string, candidates: readonly string[]): string | undefined {
  // No name is this long: a long string is not a typo of one (and edit distance is quadratic in its length).
  if (word.length > MAX_NAME_LENGTH) return undefined;
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  const lower = word.toLowerCase();
  for (const candidate of candidates) {
    const d = damerauLevenshtein(lower, candidate.toLowerCase()).steps;
    if (d < bestDistance) {
      bestDistance = d;
      best = candidate;
    }
  }
  if (best === undefined) return undefined;
  const tolerance = Math.max(2, Math.floor(Math.max(word.length, best.length) / 3));
  if (bestDistance <= tolerance) return best;
  // An abbreviation: the only candidate that starts with what was written.
  const extensions = lower.length >= 3 ? candidates.filter((candidate) => candidate.toLowerCase().startsWith(lower)) : [];
  return extensions.length === 1 ? extensions[0] : undefined;
}

export function didYouMean(word: string, candidates: readonly string[]): string {
  const match = closestMatch(word, candidates);
  return match === undefined ? '' : `; did you mean "${match}"?`;
}
