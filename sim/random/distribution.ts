/**
 * Distributions as plain data: the schema a scenario or profile declares
 * them with, their moments, and the sampler that draws from them.
 */
import { z } from 'zod';
import { ParameterProvenanceSchema } from '../../calibration/profile/provenance.js';
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

const positive = () => z.number().positive();
const provenance = ParameterProvenanceSchema.optional();

const family = <T extends string, S extends z.ZodRawShape>(name: T, shape: S, description: string) =>
  z.strictObject({ family: z.literal(name), ...shape, provenance }).describe(description);

export const DistributionSchema = z
  .discriminatedUnion('family', [
    family('constant', { value: z.number() }, 'Always `value`'),
    family('uniform', { min: z.number(), max: z.number() }, 'Uniform on [min, max)'),
    family('exponential', { mean: positive() }, 'Exponential with the given mean'),
    family('normal', { mean: z.number(), sd: z.number().nonnegative() }, 'Normal (Gaussian)'),
    family(
      'lognormal',
      { meanLog: z.number(), sdLog: z.number().nonnegative() },
      'Lognormal: exp(N(meanLog, sdLog))',
    ),
    family(
      'lognormal-mean-cv',
      { mean: positive(), cv: z.number().nonnegative() },
      'Lognormal by its mean and coefficient of variation (sd / mean)',
    ),
    family('gamma', { shape: positive(), scale: positive() }, 'Gamma with shape k and scale θ (mean kθ)'),
    family('beta', { alpha: positive(), beta: positive() }, 'Beta on [0, 1]'),
    family(
      'beta-mean',
      { mean: z.number().gt(0).lt(1), concentration: positive() },
      'Beta on [0, 1] by its mean m and concentration κ (alpha = mκ, beta = (1 − m)κ)',
    ),
    family('weibull', { shape: positive(), scale: positive() }, 'Weibull with shape k and scale λ'),
    family(
      'categorical',
      { values: z.array(z.number()).min(1), weights: z.array(z.number().nonnegative()).min(1) },
      'One of `values`, with probability proportional to `weights`',
    ),
    family('empirical', { values: z.array(z.number()).min(1) }, 'Resamples the measured `values` with replacement'),
  ])
  .superRefine((spec, ctx) => {
    if (spec.family === 'uniform' && !(spec.max > spec.min)) {
      ctx.addIssue({ code: 'custom', path: ['max'], message: `must be greater than min (${spec.min})` });
    }
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
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
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
