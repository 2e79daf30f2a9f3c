/**
 * The parameter ranges inside which every sampler of samplers.ts draws its
 * family exactly in double precision, and the moments distribution.ts
 * computes are finite and are those of the draws. docs/profile-format.md
 * tabulates them with the reasons; the numbers live here only.
 *
 * "Exact" is measured against the generator: a uniform draw has 32 bits,
 * so nothing can resolve probabilities below 2^-32 ≈ 2.3e-10, and a
 * standard normal (Marsaglia's polar method on those uniforms) never
 * exceeds |z| ≈ 9.27. Within these ranges no intermediate value overflows
 * to ±∞, underflows to 0 or below the normal doubles where that changes a
 * draw, or turns into NaN, and the parts of a distribution the generator
 * cannot reach change its mean and variance by less than 1e-4 (relative).
 */
import * as z from 'zod';

/** Largest magnitude of a location or scale: far from overflow even squared (variances), and below 2^53 ≈ 9.0e15, so integers are exact. */
export const MAGNITUDE = 1e15;
/** Smallest positive scale: keeps variances (scale²) and draws (scale · 2^-32) in normal doubles. */
export const SMALLEST_SCALE = 1e-15;
/** |meanLog| ≤ ln 1e15: the lognormal's median e^meanLog within [1e-15, 1e15], like any other scale. */
export const LOG_MAGNITUDE = 34.5;
/**
 * Largest sdLog. A draw is e^(meanLog + sdLog·z) with |z| ≤ 9.27, so the
 * generator lacks the tail beyond; E[X²] is carried by z near 2·sdLog,
 * and at 2.5 the missing tail changes it by about 1e-5.
 */
export const LOGNORMAL_SD_LOG_MAX = 2.5;
/** Largest cv of lognormal-mean-cv: sdLog = √ln(1 + cv²) = 2.45 at 20, inside LOGNORMAL_SD_LOG_MAX. */
export const LOGNORMAL_CV_MAX = 20;
/**
 * Gamma shapes. Below 1, Marsaglia–Tsang's boost multiplies by u^(1/shape):
 * at u = 2^-32 that is 2^(-32/shape), which leaves the normal doubles
 * below shape 0.031; 0.05 keeps it above 1e-193. Above 1e6 the rejection
 * test d·(1 − v + ln v) amplifies rounding by d.
 */
export const GAMMA_SHAPE_MIN = 0.05;
export const GAMMA_SHAPE_MAX = 1e6;
/**
 * Beta shapes (Cheng's BB and BC). BC raises the odds u/(1 − u) (at most
 * e^±22.2 for 32-bit u) to the power 1/min(α, β), which overflows below
 * 0.031; at the top, as for gamma, rounding grows with the shapes.
 */
export const BETA_SHAPE_MIN = 0.05;
export const BETA_SHAPE_MAX = 1e6;
/**
 * Weibull shapes. A draw is scale·E^(1/shape) with E = −ln u ≤ 22.2, so
 * the tail beyond is missing; it carries E[X²] (the Gamma(1 + 2/shape)
 * tail past 22.2), which at shape 0.5 is 3e-6 of it. At the top the
 * variance Γ(1 + 2/k) − Γ(1 + 1/k)² ≈ 1.64/k² cancels: 9 digits are
 * left at 1000, 5 at 1e5.
 */
export const WEIBULL_SHAPE_MIN = 0.5;
export const WEIBULL_SHAPE_MAX = 1000;
/**
 * Most values of a categorical or empirical distribution. Each value's
 * probability is exact to 2^-32; relative to 1/n that is n/2^32, 2.3e-4 at
 * a million.
 */
export const MAX_VALUES = 1_000_000;

/** A number for messages: 1e15 rather than 1000000000000000. */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'NaN' : x > 0 ? '∞' : '-∞';
  const magnitude = Math.abs(x);
  if (magnitude !== 0 && (magnitude >= 1e6 || magnitude < 1e-4)) return x.toExponential().replace('e+', 'e');
  return String(x);
}

/** The range as a reader writes it: [a, b], or (a, b] when the low end is excluded. */
function rangeText(low: number, high: number, lowOpen: boolean): string {
  return `${lowOpen ? '(' : '['}${formatNumber(low)}, ${formatNumber(high)}]`;
}

/**
 * A number in [low, high] (or (low, high] with `lowOpen`), refused outside
 * with the range and `why`: "must lie in [0.05, 1e6], got 0.01 (why)".
 */
export function inRange(low: number, high: number, why: string, options: { lowOpen?: boolean } = {}): z.ZodNumber {
  const lowOpen = options.lowOpen ?? false;
  const error = (issue: { input?: unknown }) =>
    `must lie in ${rangeText(low, high, lowOpen)}, got ${formatNumber(issue.input as number)} (${why})`;
  const base = lowOpen ? z.number().gt(low, { error }) : z.number().min(low, { error });
  return base.max(high, { error });
}

/** Locations: any sign, magnitude at most 1e15. */
export const location = (why = 'larger magnitudes overflow variances and lose integer precision') => inRange(-MAGNITUDE, MAGNITUDE, why);
/** Positive scales, from 1e-15 to 1e15. */
export const scale = (why = 'outside, variances (scale²) under- or overflow') => inRange(SMALLEST_SCALE, MAGNITUDE, why);
