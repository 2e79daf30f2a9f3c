/**
 * Percentile bootstrap intervals (Efron & Tibshirani 1993, ch. 13) of a
 * statistic of n units, resampled with replacement from a keyed stream, so
 * an interval is the same on every machine.
 */
import { quantileSorted } from 'simple-statistics';
import { StreamBank } from '../../random/streams.js';

/** The statistic on each of `resamples` resamples of the units 0…n−1 (as index lists), in draw order. */
export function bootstrapReplicates<T>(n: number, resamples: number, seed: number | string, statistic: (indices: Int32Array) => T): T[] {
  const bank = new StreamBank(seed, 'poq-sim/bootstrap/v1');
  const stream = bank.stream('bootstrap', 'indices');
  const indices = new Int32Array(n);
  const replicates: T[] = [];
  for (let b = 0; b < resamples; b++) {
    for (let i = 0; i < n; i++) indices[i] = Math.floor(bank.uniform(stream) * n);
    replicates.push(statistic(indices));
  }
  return replicates;
}

/** The central `level` percentile interval of the replicates that are finite. */
export function percentileInterval(replicates: readonly number[], level = 0.95): [number, number] {
  const finite = replicates.filter(Number.isFinite).sort((a, b) => a - b);
  if (finite.length === 0) return [Number.NaN, Number.NaN];
  const tail = (1 - level) / 2;
  return [quantileSorted(finite, tail), quantileSorted(finite, 1 - tail)];
}
