/**
 * Pearson and Spearman correlations with 95% confidence intervals from
 * Fisher's z transform (standard error 1/√(n−3) for Pearson, √(1.06/(n−3))
 * for Spearman, after Fieller, Hartley and Pearson 1957).
 */
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import { sampleCorrelation, sampleRankCorrelation } from 'simple-statistics';

export interface Correlation {
  readonly method: 'pearson' | 'spearman';
  readonly n: number;
  /** null when either variable is constant or n < 3. */
  readonly r: number | null;
  readonly ci95: readonly [number, number] | null;
}

const Z975 = normalQuantile(0.975, 0, 1);

function interval(r: number, n: number, varianceFactor: number): [number, number] | null {
  if (n < 4 || Math.abs(r) >= 1) return null;
  const z = Math.atanh(r);
  const half = Z975 * Math.sqrt(varianceFactor / (n - 3));
  return [Math.tanh(z - half), Math.tanh(z + half)];
}

function isConstant(values: readonly number[]): boolean {
  return values.every((v) => v === values[0]);
}

export function correlate(x: readonly number[], y: readonly number[], method: 'pearson' | 'spearman'): Correlation {
  if (x.length !== y.length) throw new Error(`correlate: ${x.length} and ${y.length} values`);
  const n = x.length;
  if (n < 3 || isConstant(x) || isConstant(y)) return { method, n, r: null, ci95: null };
  const r = method === 'pearson' ? sampleCorrelation([...x], [...y]) : sampleRankCorrelation([...x], [...y]);
  return { method, n, r, ci95: interval(r, n, method === 'pearson' ? 1 : 1.06) };
}

/** Weighted mean, standard deviation and Pearson correlation (weights need not sum to 1). */
export function weightedMoments(x: readonly number[], y: readonly number[], w: readonly number[]) {
  const total = w.reduce((s, v) => s + v, 0);
  let mx = 0;
  let my = 0;
  for (let i = 0; i < x.length; i++) {
    mx += (w[i]! * x[i]!) / total;
    my += (w[i]! * y[i]!) / total;
  }
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = 0; i < x.length; i++) {
    const dx = x[i]! - mx;
    const dy = y[i]! - my;
    sxx += (w[i]! * dx * dx) / total;
    syy += (w[i]! * dy * dy) / total;
    sxy += (w[i]! * dx * dy) / total;
  }
  return { meanX: mx, meanY: my, sdX: Math.sqrt(sxx), sdY: Math.sqrt(syy), r: sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : null };
}
