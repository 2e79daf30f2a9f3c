/**
 * Fits every candidate family to a sample, picks one by AIC, and checks it
 * with a one-sample Kolmogorov–Smirnov test (@stdlib/stats-kstest's exact
 * p-value up to 1,000 values, the asymptotic one above).
 *
 *  - positive quantities (latency, output tokens): lognormal, gamma and
 *    Weibull by maximum likelihood, lowest AIC wins; if even the winner is
 *    rejected by KS at the 1% level, the measured values are used as an
 *    empirical distribution instead.
 *  - quantities on [0, 1] (quality): beta by maximum likelihood when KS does
 *    not reject it at the 5% level, otherwise the empirical distribution
 *    (answer quality often piles up at exactly 0 and 1, which no beta fits).
 * A constant sample becomes a constant distribution.
 */
import betaCdf from '@stdlib/stats-base-dists-beta-cdf';
import gammaCdf from '@stdlib/stats-base-dists-gamma-cdf';
import lognormalCdf from '@stdlib/stats-base-dists-lognormal-cdf';
import weibullCdf from '@stdlib/stats-base-dists-weibull-cdf';
import kstest from '@stdlib/stats-kstest';
import betaQuantile from '@stdlib/stats-base-dists-beta-quantile';
import gammaQuantile from '@stdlib/stats-base-dists-gamma-quantile';
import lognormalQuantile from '@stdlib/stats-base-dists-lognormal-quantile';
import weibullQuantile from '@stdlib/stats-base-dists-weibull-quantile';
import { quantileSorted } from 'simple-statistics';
import { type Distribution, DistributionSchema } from '../../sim/random/distribution.js';
import { type FittedFamily, fitBeta, fitGamma, fitLognormal, fitWeibull } from './families.js';
import { kolmogorovSurvival } from './two-sample-ks.js';

export type SampleKind = 'positive' | 'unit';

export interface KsResult {
  readonly statistic: number;
  readonly pValue: number;
}

export interface CandidateFit {
  readonly family: string;
  readonly method: string;
  readonly logLikelihood: number;
  readonly aic: number;
  readonly ks: KsResult;
}

export interface QuantileCheck {
  readonly probability: number;
  readonly measured: number;
  readonly fitted: number;
}

export interface FitResult {
  readonly n: number;
  readonly chosen: string;
  readonly method: string;
  readonly reason: string;
  readonly distribution: Distribution;
  readonly candidates: readonly CandidateFit[];
  /** KS of the chosen distribution against the sample; null for empirical and constant choices. */
  readonly ks: KsResult | null;
  readonly quantiles: readonly QuantileCheck[];
}

export const CHECKED_QUANTILES = [0.05, 0.25, 0.5, 0.75, 0.95] as const;

/** Above this sample size the p-value is asymptotic: the exact one (Marsaglia, Tsang and Wang) costs O(n³). */
const EXACT_KS_LIMIT = 1000;

const CDF: Readonly<Record<string, (x: number, ...parameters: number[]) => number>> = {
  lognormal: lognormalCdf,
  gamma: gammaCdf,
  weibull: weibullCdf,
  beta: betaCdf,
};

/** One-sample KS with Stephens' asymptotic p-value, λ = (√n + 0.12 + 0.11/√n)·D. */
function asymptoticKs(values: readonly number[], name: string, parameters: readonly number[]): KsResult {
  const cdf = CDF[name]!;
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(sorted[i]!, ...parameters);
    d = Math.max(d, (i + 1) / n - f, f - i / n);
  }
  const root = Math.sqrt(n);
  return { statistic: d, pValue: kolmogorovSurvival((root + 0.12 + 0.11 / root) * d) };
}

export function ksTest(values: readonly number[], distribution: Distribution): KsResult {
  const args: [string, ...number[]] = (() => {
    switch (distribution.family) {
      case 'lognormal':
        return ['lognormal', distribution.meanLog, distribution.sdLog];
      case 'gamma':
        return ['gamma', distribution.shape, 1 / distribution.scale];
      case 'weibull':
        return ['weibull', distribution.shape, distribution.scale];
      case 'beta':
        return ['beta', distribution.alpha, distribution.beta];
      default:
        throw new Error(`no KS test for family ${distribution.family}`);
    }
  })();
  const [name, ...parameters] = args;
  if (values.length > EXACT_KS_LIMIT) return asymptoticKs(values, name, parameters);
  const result = kstest([...values], name, ...parameters);
  return { statistic: result.statistic, pValue: result.pValue };
}

export function distributionQuantile(distribution: Distribution, p: number, sorted: readonly number[]): number {
  switch (distribution.family) {
    case 'lognormal':
      return lognormalQuantile(p, distribution.meanLog, distribution.sdLog);
    case 'gamma':
      return gammaQuantile(p, distribution.shape, 1 / distribution.scale);
    case 'weibull':
      return weibullQuantile(p, distribution.shape, distribution.scale);
    case 'beta':
      return betaQuantile(p, distribution.alpha, distribution.beta);
    case 'constant':
      return distribution.value;
    default:
      return quantileSorted([...sorted], p);
  }
}

const candidateFits: Record<SampleKind, ((xs: readonly number[]) => FittedFamily | undefined)[]> = {
  positive: [fitLognormal, fitGamma, fitWeibull],
  unit: [fitBeta],
};

/** A candidate family fitted to the sample, with its AIC and its KS test against the sample. */
interface ScoredFit {
  readonly fit: FittedFamily;
  readonly aic: number;
  readonly ks: KsResult;
}

/** The candidate chosen and why, or (best null) why none will do, so that the sample itself is used. */
interface Choice {
  readonly best: ScoredFit | null;
  readonly reason: string;
}

export function fitSample(values: readonly number[], kind: SampleKind): FitResult {
  if (values.length === 0) throw new Error('cannot fit an empty sample');
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted[0] === sorted[sorted.length - 1]) {
    return withQuantiles(sorted, {
      chosen: 'constant',
      method: 'exact',
      reason: 'every measured value is the same',
      distribution: { family: 'constant', value: sorted[0]! },
      candidates: [],
      ks: null,
    });
  }
  const candidates = scoreCandidates(values, kind);
  const reports: CandidateFit[] = candidates.map(({ fit, aic, ks }) => ({
    family: fit.family,
    method: fit.method,
    logLikelihood: fit.logLikelihood,
    aic,
    ks,
  }));
  const { best, reason } = chooseCandidate(candidates, kind);
  if (!best) {
    return withQuantiles(sorted, {
      chosen: 'empirical',
      method: 'resampling',
      reason,
      distribution: { family: 'empirical', values: [...values] },
      candidates: reports,
      ks: null,
    });
  }
  return withQuantiles(sorted, {
    chosen: best.fit.family,
    method: best.fit.method,
    reason,
    distribution: best.fit.distribution,
    candidates: reports,
    ks: best.ks,
  });
}

/** Completes a fit with the sample size and the checked quantiles, measured beside fitted. */
function withQuantiles(sorted: number[], fields: Omit<FitResult, 'n' | 'quantiles'>): FitResult {
  return {
    n: sorted.length,
    ...fields,
    quantiles: CHECKED_QUANTILES.map((probability) => ({
      probability,
      measured: quantileSorted(sorted, probability),
      fitted: distributionQuantile(fields.distribution, probability, sorted),
    })),
  };
}

/** Every candidate family of the kind that can describe the values, fitted and scored. */
function scoreCandidates(values: readonly number[], kind: SampleKind): ScoredFit[] {
  return candidateFits[kind]
    .map((fit) => fit(values))
    .filter((fit): fit is FittedFamily => fit !== undefined)
    .map((fit) => ({ fit, aic: 2 * fit.parameters - 2 * fit.logLikelihood, ks: ksTest(values, fit.distribution) }));
}

/** The lowest AIC among the fits that can be simulated exactly, unless KS rejects it. */
function chooseCandidate(candidates: readonly ScoredFit[], kind: SampleKind): Choice {
  if (candidates.length === 0)
    return { best: null, reason: 'no candidate family can describe these values (e.g. zeros where a positive family is needed)' };
  // A fit whose parameters lie outside the range where its sampler is exact (sim/random/distribution-bounds.ts) cannot be simulated faithfully.
  const exact = candidates.filter((c) => DistributionSchema.safeParse(c.fit.distribution).success);
  if (exact.length === 0) return { best: null, reason: 'every candidate fit has parameters outside the range where its sampler is exact' };
  const best = exact.reduce((a, b) => (b.aic < a.aic ? b : a));
  const level = kind === 'unit' ? 0.05 : 0.01;
  if (best.ks.pValue < level) {
    return {
      best: null,
      reason: `${best.fit.family} had the lowest AIC but KS rejects it (D = ${best.ks.statistic.toFixed(3)}, p = ${best.ks.pValue.toPrecision(2)} < ${level})`,
    };
  }
  const others = exact.filter((c) => c !== best).map((c) => `${c.fit.family} ${c.aic.toFixed(1)}`);
  return {
    best,
    reason: `lowest AIC (${best.aic.toFixed(1)}${others.length ? `; ${others.join(', ')}` : ''}); KS D = ${best.ks.statistic.toFixed(3)}, p = ${best.ks.pValue.toPrecision(2)}`,
  };
}
