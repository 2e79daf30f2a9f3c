/**
 * Confidence intervals for the steady-state mean of one run's correlated
 * output, by non-overlapping batch means, and warm-up detection by MSER.
 *
 * A run's observations are kept as microbatches: consecutive stretches of
 * rounds, each reduced to a numerator sum and a denominator (how many
 * observations it holds, or how much time it spans). Every estimate is a
 * ratio Σ numerator / Σ denominator, so per-round means (a group takes part in
 * a varying number of rounds per stretch) and time averages (busy time per
 * unit of time) are handled alike.
 *
 * - Batch means (Schmeiser 1982; Law, Simulation Modeling and Analysis, 5th
 *   ed., §9.5.3): the kept microbatches are joined into B contiguous batches;
 *   with batches much longer than the output's correlation time the batch
 *   ratios are nearly independent and normal, and the interval is
 *   R̂ ± t(B−1) · se, se² = Σ (N_b − R̂·D_b)² / (B (B−1) D̄²) (the ratio
 *   estimator's variance, Cochran 1977 §6.4). The lag-1 autocorrelation of
 *   the batch residuals is reported: well above zero, the batches are too
 *   short and the interval too narrow. Two adjustments follow Skart
 *   (Tafazzoli, Steiger & Wilson 2011): the variance is inflated by the
 *   AR(1) factor when that correlation is significant, and the interval is
 *   skewness-adjusted (Willink 2005), with the skewness estimated from the
 *   microbatches.
 * - MSER (White 1997; MSER-5 of White, Cobb & Spratt 2000 when microbatches
 *   hold 5 observations): the warm-up is the truncation d minimizing
 *   Σ_{b≥d} (N_b − R̂_d·D_b)² / (Σ_{b≥d} D_b)², searched over the first half of
 *   the run only, as Hoad, Robinson & Davies (2010) recommend.
 */
import { studentQuantile } from './student-t.js';

/** A run's microbatches of one output: numerator sums and denominators, oldest first. */
export interface Microbatches {
  readonly numerator: ArrayLike<number>;
  readonly denominator: ArrayLike<number>;
  /** Microbatches in use (the arrays may be longer). */
  readonly length: number;
}

export interface BatchMeansEstimate {
  readonly mean: number;
  /** Two-sided interval at `level`; null with fewer than two batches with data. */
  readonly interval: [number, number] | null;
  /** Batches the interval was computed from. */
  readonly batches: number;
  /** Lag-1 autocorrelation of the batch residuals; null with fewer than three batches. */
  readonly lag1: number | null;
  /** Standard error of the mean; null with fewer than two batches. */
  readonly standardError: number | null;
}

/**
 * The MSER truncation point of `series`: how many microbatches to delete from
 * its start. Searched over the first half only, since MSER's statistic is
 * erratic when few observations remain.
 */
export function mserTruncation(series: Microbatches): number {
  const n = series.length;
  let best = 0;
  let bestStatistic = Number.POSITIVE_INFINITY;
  // Suffix sums from the end: Σ N, Σ D, Σ N², Σ D², Σ N·D over microbatches b ≥ d.
  let sn = 0;
  let sd = 0;
  let snn = 0;
  let sdd = 0;
  let snd = 0;
  const statistics = new Float64Array(n);
  for (let d = n - 1; d >= 0; d--) {
    const x = series.numerator[d]!;
    const y = series.denominator[d]!;
    sn += x;
    sd += y;
    snn += x * x;
    sdd += y * y;
    snd += x * y;
    if (sd <= 0) {
      statistics[d] = Number.POSITIVE_INFINITY;
      continue;
    }
    const ratio = sn / sd;
    const residual = snn - 2 * ratio * snd + ratio * ratio * sdd;
    statistics[d] = Math.max(residual, 0) / (sd * sd);
  }
  const limit = Math.floor(n / 2);
  for (let d = 0; d <= limit && d < n; d++) {
    if (statistics[d]! < bestStatistic) {
      bestStatistic = statistics[d]!;
      best = d;
    }
  }
  return best;
}

/**
 * The batch-means estimate of Σ numerator / Σ denominator over microbatches
 * [from, length), joined into at most `batches` batches of equal numbers of
 * microbatches (the few left over go to the front batch, so none is dropped).
 */
export function batchMeans(series: Microbatches, from: number, batches: number, level = 0.95): BatchMeansEstimate {
  const kept = series.length - from;
  const b = Math.max(0, Math.min(batches, kept));
  const numerators = new Float64Array(b);
  const denominators = new Float64Array(b);
  const base = b > 0 ? Math.floor(kept / b) : 0;
  const extra = kept - base * b;
  let index = from;
  for (let k = 0; k < b; k++) {
    const size = base + (k === 0 ? extra : 0);
    for (let i = 0; i < size; i++, index++) {
      numerators[k] = numerators[k]! + series.numerator[index]!;
      denominators[k] = denominators[k]! + series.denominator[index]!;
    }
  }
  // The skewness of a batch, estimated from the many microbatches (as Skart does: ten batches say little about it),
  // is the microbatches' over √(microbatches per batch).
  const skew = b > 0 ? microbatchSkewness(series, from) / Math.sqrt(Math.max(1, kept / b)) : 0;
  return ratioInterval(numerators, denominators, level, skew);
}

/** Skewness of the microbatches' residuals N_b − R̂·D_b over [from, length). */
function microbatchSkewness(series: Microbatches, from: number): number {
  let totalN = 0;
  let totalD = 0;
  for (let i = from; i < series.length; i++) {
    totalN += series.numerator[i]!;
    totalD += series.denominator[i]!;
  }
  if (!(totalD > 0)) return 0;
  const ratio = totalN / totalD;
  const residuals: number[] = [];
  for (let i = from; i < series.length; i++) residuals.push(series.numerator[i]! - ratio * series.denominator[i]!);
  return skewness(
    residuals,
    residuals.reduce((s, e) => s + e * e, 0),
  );
}

/** The ratio estimator over batches, with its Student-t interval and the residuals' lag-1 autocorrelation. */
function ratioInterval(numerators: Float64Array, denominators: Float64Array, level: number, skew: number): BatchMeansEstimate {
  let totalN = 0;
  let totalD = 0;
  let used = 0;
  for (let k = 0; k < numerators.length; k++) {
    totalN += numerators[k]!;
    totalD += denominators[k]!;
    if (denominators[k]! > 0) used++;
  }
  const mean = totalD > 0 ? totalN / totalD : Number.NaN;
  if (used < 2) return { mean, interval: null, batches: used, lag1: null, standardError: null };
  const residuals = Array.from(numerators, (x, k) => x - mean * denominators[k]!);
  const squares = residuals.reduce((s, e) => s + e * e, 0);
  const b = numerators.length;
  let lagged = 0;
  for (let k = 1; k < b; k++) lagged += residuals[k]! * residuals[k - 1]!;
  const lag1 = b >= 3 && squares > 0 ? lagged / squares : null;
  const standardError = (Math.sqrt((squares * correlationInflation(lag1, b)) / (b * (b - 1))) * b) / totalD;
  const t = studentQuantile(1 - (1 - level) / 2, b - 1);
  const g = willink(skew);
  return { mean, interval: [mean - g(t, b) * standardError, mean - g(-t, b) * standardError], batches: b, lag1, standardError };
}

/**
 * Batch means still correlated at lag 1 (significantly, one-sided at 5%)
 * make the variance too small by about (1 + φ)/(1 − φ), the AR(1)
 * correction of Skart (Tafazzoli, Steiger & Wilson 2011).
 */
function correlationInflation(lag1: number | null, b: number): number {
  if (lag1 === null || lag1 <= 1.645 / Math.sqrt(b)) return 1;
  const phi = Math.min(lag1, 0.9);
  return (1 + phi) / (1 - phi);
}

/** Adjusted sample skewness of the residuals; 0 with fewer than three. */
function skewness(residuals: readonly number[], squares: number): number {
  const b = residuals.length;
  if (b < 3 || squares <= 0) return 0;
  const cubes = residuals.reduce((s, e) => s + e * e * e, 0);
  const g1 = cubes / b / Math.pow(squares / b, 1.5);
  return (g1 * Math.sqrt(b * (b - 1))) / (b - 2);
}

const MAX_WILLINK_A = 0.05;

/**
 * Willink's (2005) skewness-adjusted quantile G(z) of a mean of b
 * observations with skewness `skew`: the interval is
 * [x̄ − G(t)·se, x̄ − G(−t)·se], wider on the side of the long tail (as in Skart).
 */
function willink(skew: number): (z: number, b: number) => number {
  return (z, b) => {
    // Willink's G is an expansion for modest skewness: beyond |a| = 0.05 (an interval about 1.8 : 1 lopsided) it is not trusted.
    const a = Math.max(-MAX_WILLINK_A, Math.min(MAX_WILLINK_A, skew / (6 * Math.sqrt(b))));
    if (Math.abs(a) < 1e-12) return z;
    return (Math.cbrt(1 + 6 * a * (z - a)) - 1) / (2 * a);
  };
}
