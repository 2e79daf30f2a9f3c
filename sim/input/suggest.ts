/** "Did you mean …?" for misspelled keys and values. */
import damerauLevenshtein from 'damerau-levenshtein';

/**
 * The candidate closest to `word` by edit distance (a swap of two adjacent
 * letters counts as one edit), if it is close enough to be a likely typo.
 */
export function closestMatch(word: string, candidates: readonly string[]): string | undefined {
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
  return bestDistance <= tolerance ? best : undefined;
}

export function didYouMean(word: string, candidates: readonly string[]): string {
  const match = closestMatch(word, candidates);
  return match === undefined ? '' : `; did you mean "${match}"?`;
}
