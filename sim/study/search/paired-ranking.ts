/**
 * Ranking candidates on common random numbers: replication r of every
 * candidate runs on the same seed, so comparing means over the same
 * replications is a paired comparison, whose noise is that of the
 * differences, much less than that of the values (Law 2015, "Simulation
 * Modeling and Analysis", §11.2, common random numbers).
 *
 * A replication that did not report the objective (null) is skipped; to
 * keep the comparison paired, a rung ranks on the replications every
 * candidate that reported anything reported.
 */
import { momentsOfValues } from '../../stats/summary-statistics.js';

/** What a ranking needs of a candidate: its id (ties go to the lower) and its values by replication index. */
export interface RankedValues {
  readonly id: number;
  readonly values: ReadonlyArray<number | null>;
}

/** The replications below `n` that every candidate with any value below `n` has a value at. */
export function sharedReplications(candidates: readonly RankedValues[], n: number): number[] {
  const reporting = candidates.filter((c) => c.values.slice(0, n).some((v) => v !== null));
  const shared: number[] = [];
  for (let r = 0; r < n; r++) if (reporting.every((c) => c.values[r] !== undefined && c.values[r] !== null)) shared.push(r);
  return shared;
}

/**
 * The candidates best first by their mean over the shared replications below
 * `n` (over their own, when none is shared); those with no value at all come
 * last; ties go to the lower id, so the order depends on the values alone.
 */
export function rankPaired<T extends RankedValues>(candidates: readonly T[], n: number, maximize: boolean): T[] {
  const shared = sharedReplications(candidates, n);
  const score = (c: T): number => {
    const values = shared.length > 0 ? shared.map((r) => c.values[r] ?? null) : c.values.slice(0, n);
    const m = momentsOfValues(values);
    if (m.n === 0) return Number.NEGATIVE_INFINITY;
    return maximize ? m.mean : -m.mean;
  };
  const scored = candidates.map((c) => ({ c, s: score(c) }));
  scored.sort((a, b) => (a.s === b.s ? a.c.id - b.c.id : b.s > a.s ? 1 : -1));
  return scored.map((x) => x.c);
}
