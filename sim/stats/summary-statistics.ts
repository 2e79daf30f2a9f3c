/**
 * Streaming summary statistics: Welford moments that merge exactly across
 * nodes (Chan et al.), Student-t confidence intervals, and Pearson
 * correlation from running sums.
 */
import { studentQuantile } from './student-t.js';

export interface Moments {
  readonly n: number;
  readonly mean: number;
  /** Sum of squared deviations from the mean. */
  readonly m2: number;
}

export const EMPTY_MOMENTS: Moments = { n: 0, mean: 0, m2: 0 };

export function mergeMoments(a: Moments, b: Moments): Moments {
  if (a.n === 0) return b;
  if (b.n === 0) return a;
  const n = a.n + b.n;
  const delta = b.mean - a.mean;
  return { n, mean: a.mean + (delta * b.n) / n, m2: a.m2 + b.m2 + (delta * delta * a.n * b.n) / n };
}

export function sampleSd(moments: Moments): number {
  return moments.n > 1 ? Math.sqrt(moments.m2 / (moments.n - 1)) : 0;
}

/** Two-sided confidence interval for the mean; null with fewer than two observations. */
export function confidenceInterval(moments: Moments, level = 0.95): [number, number] | null {
  if (moments.n < 2) return null;
  const halfWidth = studentQuantile(1 - (1 - level) / 2, moments.n - 1) * (sampleSd(moments) / Math.sqrt(moments.n));
  return [moments.mean - halfWidth, moments.mean + halfWidth];
}

export interface PairedTotals {
  readonly n: number;
  readonly sumX: number;
  readonly sumY: number;
  readonly sumXX: number;
  readonly sumYY: number;
  readonly sumXY: number;
}

/** Pearson correlation, or null when either variable is constant or n < 2. */
export function pearson(t: PairedTotals): number | null {
  if (t.n < 2) return null;
  const covariance = t.sumXY - (t.sumX * t.sumY) / t.n;
  const varianceX = t.sumXX - (t.sumX * t.sumX) / t.n;
  const varianceY = t.sumYY - (t.sumY * t.sumY) / t.n;
  // Sums of squares lose ~1e-16 relative precision: a variance that small relative to them is zero.
  if (!(varianceX > 1e-12 * t.sumXX) || !(varianceY > 1e-12 * t.sumYY)) return null;
  return covariance / Math.sqrt(varianceX * varianceY);
}

/** Welford moments of a list of values, skipping nulls (values a run could not compute). */
export function momentsOfValues(values: readonly (number | null)[]): Moments {
  let n = 0;
  let mean = 0;
  let m2 = 0;
  for (const value of values) {
    if (value === null) continue;
    n++;
    const delta = value - mean;
    mean += delta / n;
    m2 += delta * (value - mean);
  }
  return { n, mean, m2 };
}
