/**
 * Quantiles of Student's t distribution, remembered: every interval of a
 * run, and every row of a sweep's summary table, asks for the same few
 * (level, degrees of freedom) pairs, and each costs an inverse incomplete
 * beta function. The values are @stdlib's, unchanged.
 */
import tQuantile from '@stdlib/stats-base-dists-t-quantile';

/** Remembered quantiles; the table starts over past this many (a run asks for a handful). */
const REMEMBERED = 4096;
const quantiles = new Map<string, number>();

/** The p-quantile of Student's t with `df` degrees of freedom. */
export function studentQuantile(p: number, df: number): number {
  const key = `${p} ${df}`;
  let value = quantiles.get(key);
  if (value === undefined) {
    if (quantiles.size >= REMEMBERED) quantiles.clear();
    value = tQuantile(p, df);
    quantiles.set(key, value);
  }
  return value;
}
