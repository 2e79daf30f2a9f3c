/**
 * Distributions as plain data: the schema a scenario or profile declares
 * them with, their moments, and the sampler that draws from them.
 */
import * as z from 'zod';
import { ParameterProvenanceSchema } from '../input/value-provenance.js';
import {
  BETA_SHAPE_MAX,
  BETA_SHAPE_MIN,
  formatNumber,
  GAMMA_SHAPE_MAX,
  GAMMA_SHAPE_MIN,
  inRange,
  location,
  LOG_MAGNITUDE,
  LOGNORMAL_CV_MAX,
  LOGNORMAL_SD_LOG_MAX,
  MAGNITUDE,
  MAX_VALUES,
  scale,
  WEIBULL_SHAPE_MAX,
  WEIBULL_SHAPE_MIN,
} from './distribution-bounds.js';
import type { StreamBank } from './streams.js';
import {
  BetaSampler,
  ConstantSampler,
  EmpiricalSampler,
  ExponentialSampler,
  GammaSampler,
  LognormalSampler,
  NormalSampler,
  type Sampler,
  UniformSampler,
  ValuesSampler,
  WeibullSampler,
} from './samplers.js';

const provenance = ParameterProvenanceSchema.optional();

const family = <T extends string, S extends z.ZodRawShape>(name: T, shape: S, description: string) =>
  z.strictObject({ family: z.literal(name), ...shape, provenance }).describe(description);

/** Lists of values: at least one, at most MAX_VALUES (each value's probability is exact to 2^-32). */
const valueList = <S extends z.ZodType>(item: S) =>
  z
    .array(item)
    .min(1)
    .max(MAX_VALUES, {
      error: `must have at most ${MAX_VALUES.toLocaleString('en-US')} items (beyond, the 32-bit uniform draw makes the values unequally likely by more than n/2^32 = 2.3e-4)`,
    });

/**
 * Every parameter is bounded to where its sampler is exact (see
 * distribution-bounds.ts and docs/profile-format.md); a message names the
 * range and the reason.
 */
export const DistributionSchema = z
  .discriminatedUnion('family', [
    family('constant', { value: location() }, 'Always `value`'),
    family('uniform', { min: location(), max: location() }, 'Uniform on [min, max)'),
    family('exponential', { mean: scale() }, 'Exponential with the given mean'),
    family('normal', { mean: location(), sd: inRange(0, MAGNITUDE, 'larger spreads overflow the variance') }, 'Normal (Gaussian)'),
    family(
      'lognormal',
      {
        meanLog: inRange(-LOG_MAGNITUDE, LOG_MAGNITUDE, 'the median e^meanLog within [1e-15, 1e15]'),
        sdLog: inRange(0, LOGNORMAL_SD_LOG_MAX, 'beyond, the normal generator’s |z| ≤ 9.27 cuts off the tail that carries the variance'),
      },
      'Lognormal: exp(N(meanLog, sdLog))',
    ),
    family(
      'lognormal-mean-cv',
      {
        mean: scale(),
        cv: inRange(0, LOGNORMAL_CV_MAX, 'sdLog = √ln(1 + cv²) must stay ≤ 2.5, where the lognormal sampler is exact'),
      },
      'Lognormal by its mean and coefficient of variation (sd / mean)',
    ),
    family(
      'gamma',
      {
        shape: inRange(
          GAMMA_SHAPE_MIN,
          GAMMA_SHAPE_MAX,
          'Marsaglia–Tsang: below, the u^(1/shape) boost underflows; above, its rejection test loses precision',
        ),
        scale: scale(),
      },
      'Gamma with shape k and scale θ (mean kθ)',
    ),
    family('beta', { alpha: betaShape(), beta: betaShape() }, 'Beta on [0, 1]'),
    family(
      'beta-mean',
      {
        mean: z.number().gt(0).lt(1),
        concentration: inRange(
          2 * BETA_SHAPE_MIN,
          BETA_SHAPE_MAX,
          'alpha = mκ and beta = (1 − m)κ must lie in [0.05, 1e6], where Cheng’s beta sampler is exact',
        ),
      },
      'Beta on [0, 1] by its mean m and concentration κ (alpha = mκ, beta = (1 − m)κ)',
    ),
    family(
      'weibull',
      {
        shape: inRange(
          WEIBULL_SHAPE_MIN,
          WEIBULL_SHAPE_MAX,
          'below, the 32-bit uniform cuts off the tail that carries the variance; above, the variance cancels to few digits',
        ),
        scale: scale(),
      },
      'Weibull with shape k and scale λ',
    ),
    family(
      'categorical',
      { values: valueList(location()), weights: valueList(inRange(0, MAGNITUDE, 'their sum must stay finite')) },
      'One of `values`, with probability proportional to `weights`',
    ),
    family('empirical', { values: valueList(location()) }, 'Resamples the measured `values` with replacement'),
  ])
  .superRefine((spec, ctx) => {
    if (spec.family === 'uniform' && !(spec.max > spec.min)) {
      ctx.addIssue({ code: 'custom', path: ['max'], message: `must be greater than min (${spec.min})` });
    }
    if (spec.family === 'beta-mean') betaMeanShapes(spec, ctx);
    if (spec.family === 'categorical') {
      if (spec.weights.length !== spec.values.length) {
        ctx.addIssue({
          code: 'custom',
          path: ['weights'],
          message: `needs one weight per value (${spec.values.length} values, ${spec.weights.length} weights)`,
        });
      } else if (!spec.weights.some((w) => w > 0)) {
        ctx.addIssue({ code: 'custom', path: ['weights'], message: 'needs at least one positive weight' });
      }
    }
  });

function betaShape() {
  return inRange(
    BETA_SHAPE_MIN,
    BETA_SHAPE_MAX,
    'Cheng’s beta algorithms: below, the odds raised to 1/shape overflow; above, rounding grows',
  );
}

/** beta-mean's shapes alpha = mκ and beta = (1 − m)κ must both be in the beta sampler's range. */
function betaMeanShapes(spec: { mean: number; concentration: number }, ctx: z.RefinementCtx): void {
  const smaller = Math.min(spec.mean, 1 - spec.mean);
  // A concentration outside its own range is reported by its bound already.
  if (!(smaller > 0) || !(spec.concentration >= 2 * BETA_SHAPE_MIN) || spec.concentration * smaller >= BETA_SHAPE_MIN) return;
  const shape = spec.mean < 0.5 ? 'alpha = mean' : 'beta = (1 − mean)';
  const why = `${shape} × concentration must be ≥ ${BETA_SHAPE_MIN}, where Cheng’s beta sampler is exact`;
  const needed = BETA_SHAPE_MIN / smaller;
  if (needed > BETA_SHAPE_MAX) {
    const edge = Number((BETA_SHAPE_MIN / BETA_SHAPE_MAX).toPrecision(6));
    ctx.addIssue({
      code: 'custom',
      path: ['mean'],
      message: `must lie in [${formatNumber(edge)}, 1 − ${formatNumber(edge)}], got ${formatNumber(spec.mean)} (${why} with concentration ≤ 1e6)`,
    });
    return;
  }
  ctx.addIssue({
    code: 'custom',
    path: ['concentration'],
    message: `with mean ${formatNumber(spec.mean)}, must be ≥ ${formatNumber(roundUp(needed))}, got ${formatNumber(spec.concentration)} (${why})`,
  });
}

/** `x` rounded up to three significant digits, so that the value a message asks for passes. */
function roundUp(x: number): number {
  const step = 10 ** (Math.floor(Math.log10(x)) - 2);
  return Number((Math.ceil(x / step - 1e-9) * step).toPrecision(3));
}

export type Distribution = z.infer<typeof DistributionSchema>;

function lognormalParameters(spec: Distribution & { family: 'lognormal-mean-cv' }): { meanLog: number; sdLog: number } {
  const sigma2 = Math.log(1 + spec.cv * spec.cv);
  return { meanLog: Math.log(spec.mean) - sigma2 / 2, sdLog: Math.sqrt(sigma2) };
}

function betaParameters(spec: Distribution & { family: 'beta-mean' }): { alpha: number; beta: number } {
  return { alpha: spec.mean * spec.concentration, beta: (1 - spec.mean) * spec.concentration };
}

function gammaFunction(x: number): number {
  // Lanczos approximation (g = 7, n = 9); ample precision for Weibull moments.
  const coefficients = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
    -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.PI / (Math.sin(Math.PI * x) * gammaFunction(1 - x));
  const shifted = x - 1;
  let sum = coefficients[0]!;
  for (let i = 1; i < 9; i++) sum += coefficients[i]! / (shifted + i);
  const t = shifted + 7.5;
  return Math.sqrt(2 * Math.PI) * Math.pow(t, shifted + 0.5) * Math.exp(-t) * sum;
}

export interface Moments {
  readonly mean: number;
  readonly variance: number;
}

export function moments(spec: Distribution): Moments {
  switch (spec.family) {
    case 'constant':
      return { mean: spec.value, variance: 0 };
    case 'uniform':
      return { mean: (spec.min + spec.max) / 2, variance: (spec.max - spec.min) ** 2 / 12 };
    case 'exponential':
      return { mean: spec.mean, variance: spec.mean ** 2 };
    case 'normal':
      return { mean: spec.mean, variance: spec.sd ** 2 };
    case 'lognormal':
    case 'lognormal-mean-cv': {
      const { meanLog, sdLog } = spec.family === 'lognormal' ? spec : lognormalParameters(spec);
      const s2 = sdLog * sdLog;
      return { mean: Math.exp(meanLog + s2 / 2), variance: (Math.exp(s2) - 1) * Math.exp(2 * meanLog + s2) };
    }
    case 'gamma':
      return { mean: spec.shape * spec.scale, variance: spec.shape * spec.scale ** 2 };
    case 'beta':
    case 'beta-mean': {
      const { alpha, beta } = spec.family === 'beta' ? spec : betaParameters(spec);
      const total = alpha + beta;
      return { mean: alpha / total, variance: (alpha * beta) / (total * total * (total + 1)) };
    }
    case 'weibull': {
      const g1 = gammaFunction(1 + 1 / spec.shape);
      const g2 = gammaFunction(1 + 2 / spec.shape);
      return { mean: spec.scale * g1, variance: spec.scale ** 2 * (g2 - g1 * g1) };
    }
    case 'categorical': {
      const total = spec.weights.reduce((s, w) => s + w, 0);
      const mean = spec.values.reduce((s, v, i) => s + (v * spec.weights[i]!) / total, 0);
      const variance = spec.values.reduce((s, v, i) => s + ((v - mean) ** 2 * spec.weights[i]!) / total, 0);
      return { mean, variance };
    }
    case 'empirical': {
      const n = spec.values.length;
      const mean = spec.values.reduce((s, v) => s + v, 0) / n;
      const variance = spec.values.reduce((s, v) => s + (v - mean) ** 2, 0) / n;
      return { mean, variance };
    }
  }
}

/** A sampler for `spec` that draws from any stream of `bank`. */
export function createSampler(spec: Distribution, bank: StreamBank): Sampler {
  switch (spec.family) {
    case 'constant':
      return new ConstantSampler(spec.value);
    case 'uniform':
      return new UniformSampler(bank, spec.min, spec.max);
    case 'exponential':
      return new ExponentialSampler(bank, spec.mean);
    case 'normal':
      return new NormalSampler(bank, spec.mean, spec.sd);
    case 'lognormal':
      return new LognormalSampler(bank, spec.meanLog, spec.sdLog);
    case 'lognormal-mean-cv': {
      const { meanLog, sdLog } = lognormalParameters(spec);
      return new LognormalSampler(bank, meanLog, sdLog);
    }
    case 'gamma':
      return new GammaSampler(bank, spec.shape, spec.scale);
    case 'beta':
      return new BetaSampler(bank, spec.alpha, spec.beta);
    case 'beta-mean': {
      const { alpha, beta } = betaParameters(spec);
      return new BetaSampler(bank, alpha, beta);
    }
    case 'weibull':
      return new WeibullSampler(bank, spec.shape, spec.scale);
    case 'categorical':
      return new ValuesSampler(bank, spec.values, spec.weights);
    case 'empirical':
      return new EmpiricalSampler(bank, spec.values);
  }
}
