/**
 * Distributions for a purpose: a latency, a delay, a quality, a count. On
 * top of the sampler's own bounds (DistributionSchema), each says what
 * values make sense for what it describes: where the distribution may put
 * mass (its support) and where its mean may lie. docs/profile-format.md
 * lists the rules with the reasons.
 */
import type * as z from 'zod';
import { formatNumber } from './distribution-bounds.js';
import { type Distribution, DistributionSchema, moments } from './distribution.js';

interface Use {
  /** What the distribution describes, for messages: "a latency". */
  readonly what: string;
  readonly unit: string;
  /** Where its values must lie. */
  readonly low: number;
  readonly high: number;
  /** Families to suggest when one puts mass outside [low, high]. */
  readonly suggest: string;
  /** Where its mean must lie, and why. */
  readonly mean?: { readonly low: number; readonly high: number; readonly why: string };
}

const POSITIVE_FAMILIES =
  'lognormal, lognormal-mean-cv, gamma, weibull or exponential, or uniform, categorical or empirical with values ≥ 0';

const LATENCY: Use = {
  what: 'a latency',
  unit: ' ms',
  low: 0,
  high: Number.POSITIVE_INFINITY,
  suggest: POSITIVE_FAMILIES,
  mean: {
    low: 1e-6,
    high: 1e8,
    why: 'from 1 ns to about 28 hours: a longer mean is a unit slip, and a mean of 0 makes an expected cost of 0, which quality-per-cost routing divides by',
  },
};

const DELAY: Use = {
  what: 'a delay',
  unit: ' ms',
  low: 0,
  high: Number.POSITIVE_INFINITY,
  suggest: POSITIVE_FAMILIES,
  mean: { low: 0, high: 1e8, why: 'up to about 28 hours: a longer mean is a unit slip' },
};

const QUALITY: Use = {
  what: 'a quality',
  unit: '',
  low: 0,
  high: 1,
  suggest: 'beta or beta-mean, or constant, uniform, categorical or empirical with values in [0, 1]',
};

const COUNT: Use = { what: 'a count', unit: '', low: 0, high: Number.POSITIVE_INFINITY, suggest: POSITIVE_FAMILIES };

/** The parameter that sets a family's mean, where a message about the mean points. */
const MEAN_PARAMETER: Partial<Record<Distribution['family'], string>> = {
  constant: 'value',
  exponential: 'mean',
  normal: 'mean',
  lognormal: 'meanLog',
  'lognormal-mean-cv': 'mean',
  gamma: 'scale',
  'beta-mean': 'mean',
  weibull: 'scale',
  uniform: 'max',
};

const interval = (use: Use) => `[${formatNumber(use.low)}, ${use.high === Number.POSITIVE_INFINITY ? '∞)' : `${formatNumber(use.high)}]`}`;

/** Values outside the use's range: one issue, at the first (with a count of the others). */
function checkValues(values: readonly number[], field: string, use: Use, ctx: z.RefinementCtx): boolean {
  const outside = values.flatMap((v, i) => (v < use.low || v > use.high ? [i] : []));
  if (outside.length === 0) return true;
  const first = outside[0]!;
  const more = outside.length > 1 ? ` (and ${outside.length - 1} more values outside)` : '';
  ctx.addIssue({
    code: 'custom',
    path: field === 'values' ? [field, first] : [field],
    message: `${use.what} lies in ${interval(use)}, got ${formatNumber(values[first]!)}${more}`,
  });
  return false;
}

function outsideUse(spec: Distribution, takes: string, use: Use, ctx: z.RefinementCtx): boolean {
  ctx.addIssue({
    code: 'custom',
    path: ['family'],
    message: `a ${spec.family} distribution takes ${takes}, but ${use.what} lies in ${interval(use)}: use ${use.suggest}`,
  });
  return false;
}

/** Whether every value the distribution can draw lies in [use.low, use.high]; an issue where one does not. */
function checkSupport(spec: Distribution, use: Use, ctx: z.RefinementCtx): boolean {
  switch (spec.family) {
    case 'constant':
      return checkValues([spec.value], 'value', use, ctx);
    case 'uniform':
      return checkValues([spec.min], 'min', use, ctx) && checkValues([spec.max], 'max', use, ctx);
    case 'categorical':
    case 'empirical':
      return checkValues(spec.values, 'values', use, ctx);
    case 'normal':
      return spec.sd === 0 ? checkValues([spec.mean], 'mean', use, ctx) : outsideUse(spec, 'every real value', use, ctx);
    case 'beta':
    case 'beta-mean':
      return use.low <= 0 && use.high >= 1 ? true : outsideUse(spec, 'every value in [0, 1]', use, ctx);
    default:
      // exponential, gamma, weibull, lognormal, lognormal-mean-cv
      return use.low <= 0 && use.high === Number.POSITIVE_INFINITY ? true : outsideUse(spec, 'every positive value', use, ctx);
  }
}

/**
 * The distribution's mean, and how far it may be off: a parameter when the
 * family has it (exact), otherwise moments() (which rounds: Γ(3) by Lanczos
 * is 2 + 8e-16), so a bound is then met to 1e-12.
 */
function meanOf(spec: Distribution): { mean: number; slack: number } {
  if (spec.family === 'constant') return { mean: spec.value, slack: 0 };
  if ('mean' in spec) return { mean: spec.mean, slack: 0 };
  return { mean: moments(spec).mean, slack: 1e-12 };
}

function checkMean(spec: Distribution, use: Use, ctx: z.RefinementCtx): void {
  if (!use.mean) return;
  const { mean, slack } = meanOf(spec);
  if (mean >= use.mean.low * (1 - slack) && mean <= use.mean.high * (1 + slack)) return;
  const parameter = MEAN_PARAMETER[spec.family];
  const shown = formatNumber(slack === 0 ? mean : Number(mean.toPrecision(10)));
  ctx.addIssue({
    code: 'custom',
    path: parameter ? [parameter] : [],
    message: `the mean of ${use.what} must lie in [${formatNumber(use.mean.low)}, ${formatNumber(use.mean.high)}]${use.unit}, but this distribution's is ${shown}${use.unit} (${use.mean.why})`,
  });
}

/** DistributionSchema, and the rules of `use` once the distribution itself is valid. */
function forUse(use: Use) {
  return DistributionSchema.superRefine(
    (spec, ctx) => {
      if (checkSupport(spec, use, ctx)) checkMean(spec, use, ctx);
    },
    { when: (payload) => payload.issues.length === 0 },
  );
}

/** A service time in ms: never negative, with a mean from 1 ns to about 28 hours. */
export const LatencyDistributionSchema = forUse(LATENCY);
/** A waiting time in ms: never negative, with a mean up to about 28 hours. */
export const DelayDistributionSchema = forUse(DELAY);
/** A quality on [0, 1]. */
export const QualityDistributionSchema = forUse(QUALITY);
/** A number of things (output tokens): never negative. */
export const CountDistributionSchema = forUse(COUNT);
