/**
 * Maximum-likelihood fits of the candidate families, each returned as a
 * poq-sim Distribution with its log-likelihood. Densities come from
 * @stdlib; the estimating equations are the textbook ones:
 *  - lognormal: closed form (mean and sd of log x, n denominator);
 *  - gamma: Newton's method on ln k − ψ(k) = ln x̄ − mean(ln x), from
 *    Minka's starting value; θ = x̄ / k;
 *  - Weibull: Newton's method on the profile equation for the shape k;
 *  - beta: Newton's method on the digamma equations, from the method of
 *    moments; values at exactly 0 or 1 are squeezed first (Smithson and
 *    Verkuilen 2006: (y·(n−1) + 1/2) / n), as beta has no mass there.
 */
import digamma from '@stdlib/math-base-special-digamma';
import trigamma from '@stdlib/math-base-special-trigamma';
import betaLogpdf from '@stdlib/stats-base-dists-beta-logpdf';
import gammaLogpdf from '@stdlib/stats-base-dists-gamma-logpdf';
import lognormalLogpdf from '@stdlib/stats-base-dists-lognormal-logpdf';
import weibullLogpdf from '@stdlib/stats-base-dists-weibull-logpdf';
import type { Distribution } from '../../sim/random/distribution.js';

export type FamilyName = 'lognormal' | 'gamma' | 'weibull' | 'beta';

export interface FittedFamily {
  readonly family: FamilyName;
  readonly distribution: Distribution;
  readonly logLikelihood: number;
  /** Number of free parameters (for AIC). */
  readonly parameters: number;
  readonly method: 'maximum-likelihood' | 'moments';
}

const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const sum = (xs: readonly number[], f: (x: number) => number) => xs.reduce((s, x) => s + f(x), 0);

export function fitLognormal(xs: readonly number[]): FittedFamily | undefined {
  if (xs.some((x) => !(x > 0))) return undefined;
  const logs = xs.map(Math.log);
  const meanLog = mean(logs);
  const sdLog = Math.sqrt(mean(logs.map((l) => (l - meanLog) ** 2)));
  if (!(sdLog > 0)) return undefined;
  return {
    family: 'lognormal',
    distribution: { family: 'lognormal', meanLog, sdLog },
    logLikelihood: sum(xs, (x) => lognormalLogpdf(x, meanLog, sdLog)),
    parameters: 2,
    method: 'maximum-likelihood',
  };
}

export function fitGamma(xs: readonly number[]): FittedFamily | undefined {
  if (xs.some((x) => !(x > 0))) return undefined;
  const m = mean(xs);
  const s = Math.log(m) - mean(xs.map(Math.log));
  if (!(s > 0)) return undefined;
  let k = (3 - s + Math.sqrt((s - 3) ** 2 + 24 * s)) / (12 * s);
  for (let i = 0; i < 100; i++) {
    const step = (Math.log(k) - digamma(k) - s) / (1 / k - trigamma(k));
    const next = k - step;
    k = next > 0 ? next : k / 2;
    if (Math.abs(step) < 1e-12 * k) break;
  }
  const scale = m / k;
  return {
    family: 'gamma',
    distribution: { family: 'gamma', shape: k, scale },
    logLikelihood: sum(xs, (x) => gammaLogpdf(x, k, 1 / scale)),
    parameters: 2,
    method: 'maximum-likelihood',
  };
}

export function fitWeibull(xs: readonly number[]): FittedFamily | undefined {
  if (xs.some((x) => !(x > 0))) return undefined;
  // Work on x / max(x) so x^k cannot overflow; the scale is restored afterwards.
  const top = Math.max(...xs);
  const ys = xs.map((x) => x / top);
  const logs = ys.map(Math.log);
  const meanLog = mean(logs);
  if (logs.every((l) => l === logs[0])) return undefined;
  // g(k) = Σ y^k ln y / Σ y^k − 1/k − mean(ln y) is increasing in k; Newton from the lognormal guess.
  const sdLog = Math.sqrt(mean(logs.map((l) => (l - meanLog) ** 2)));
  let k = 1.2 / sdLog;
  for (let i = 0; i < 200; i++) {
    let a = 0;
    let b = 0;
    let c = 0;
    for (let j = 0; j < ys.length; j++) {
      const p = ys[j]! ** k;
      a += p;
      b += p * logs[j]!;
      c += p * logs[j]! * logs[j]!;
    }
    const g = b / a - 1 / k - meanLog;
    const dg = (c * a - b * b) / (a * a) + 1 / (k * k);
    const next = k - g / dg;
    const settled = Math.abs(next - k) < 1e-12 * k;
    k = next > 0 ? next : k / 2;
    if (settled) break;
  }
  const scale = top * mean(ys.map((y) => y ** k)) ** (1 / k);
  return {
    family: 'weibull',
    distribution: { family: 'weibull', shape: k, scale },
    logLikelihood: sum(xs, (x) => weibullLogpdf(x, k, scale)),
    parameters: 2,
    method: 'maximum-likelihood',
  };
}

/** Values pulled off 0 and 1 so a beta density is finite at every point. */
export function squeezeUnit(xs: readonly number[]): number[] {
  const n = xs.length;
  return xs.some((x) => x <= 0 || x >= 1) ? xs.map((x) => (x * (n - 1) + 0.5) / n) : [...xs];
}

export function fitBeta(values: readonly number[]): FittedFamily | undefined {
  if (values.some((x) => x < 0 || x > 1)) return undefined;
  const xs = squeezeUnit(values);
  const m = mean(xs);
  const v = mean(xs.map((x) => (x - m) ** 2));
  if (!(v > 0)) return undefined;
  const common = (m * (1 - m)) / v - 1;
  if (!(common > 0)) return undefined;
  let a = m * common;
  let b = (1 - m) * common;
  const lx = mean(xs.map(Math.log));
  const l1x = mean(xs.map((x) => Math.log(1 - x)));
  let method: FittedFamily['method'] = 'maximum-likelihood';
  for (let i = 0; i < 200; i++) {
    const dab = digamma(a + b);
    const g1 = digamma(a) - dab - lx;
    const g2 = digamma(b) - dab - l1x;
    const tab = trigamma(a + b);
    const j11 = trigamma(a) - tab;
    const j22 = trigamma(b) - tab;
    const j12 = -tab;
    const det = j11 * j22 - j12 * j12;
    const da = (g1 * j22 - g2 * j12) / det;
    const db = (g2 * j11 - g1 * j12) / det;
    if (!Number.isFinite(da) || !Number.isFinite(db)) {
      method = 'moments';
      a = m * common;
      b = (1 - m) * common;
      break;
    }
    a = a - da > 0 ? a - da : a / 2;
    b = b - db > 0 ? b - db : b / 2;
    if (Math.abs(da) < 1e-12 * a && Math.abs(db) < 1e-12 * b) break;
  }
  return {
    family: 'beta',
    distribution: { family: 'beta', alpha: a, beta: b },
    logLikelihood: sum(xs, (x) => betaLogpdf(x, a, b)),
    parameters: 2,
    method,
  };
}
