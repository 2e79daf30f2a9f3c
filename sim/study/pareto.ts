/**
 * The Pareto front of points scored on several objectives, each to be
 * maximized: the indices of the points no other point dominates (at least
 * as good on every objective and better on one). O(n²), for the tens or
 * hundreds of candidates a tuning study screens.
 */
export function paretoFront(scores: ReadonlyArray<readonly number[]>): number[] {
  const dominates = (a: readonly number[], b: readonly number[]) => a.every((x, k) => x >= b[k]!) && a.some((x, k) => x > b[k]!);
  return scores.flatMap((score, i) => (scores.some((other, j) => j !== i && dominates(other, score)) ? [] : [i]));
}
