/**
 * The composite score of an evaluator model with quality dimensions: per
 * task, each dimension's score is drawn from true quality by its own
 * linear-Gaussian line, clipped to [0, 1], and the model submits
 * Σ wᵢ·sᵢ / Σ wᵢ. Given true quality the dimensions' noises are
 * independent, so the composite's moments and its correlation with
 * quality have closed forms (before clipping), given here for the tests
 * and the honest reference.
 *
 * The weights are the profile's unless the scenario sets them: overridden
 * per dimension, "calibrated" (wᵢ ∝ max(0, ρᵢ), the dimension's correlation
 * with true quality on the task — the limit of a calibration sample of
 * infinite size, so no draw is spent on it), or with some dimensions
 * dropped (weight 0, the others renormalized).
 */
import type { QualityDimensions } from './dimension-schema.js';
import type { Profile } from './schema.js';
import { linearGaussianCoefficients, type QualityPool, taskQualityPool } from './score-model.js';

/** How a scenario sets the composite's weights. */
export interface DimensionWeighting {
  /** The profile's weights, calibrated ones, or overrides by dimension name (the others keep the profile's). */
  readonly weights: 'profile' | 'calibrated' | Readonly<Record<string, number>>;
  /** Dimensions given weight 0. */
  readonly drop: readonly string[];
}

export const PROFILE_WEIGHTING: DimensionWeighting = { weights: 'profile', drop: [] };

/** A composite per task, flat: dimension i on task t at t · dimensions.length + i. */
export interface CompositeScoreModel {
  readonly dimensions: readonly string[];
  /** Normalized: they sum to 1 on each task. */
  readonly weight: Float64Array;
  readonly intercept: Float64Array;
  readonly slope: Float64Array;
  readonly noiseSd: Float64Array;
}

/** The weights of the dimensions on `task` before normalizing, in declaration order. */
export function dimensionWeights(dimensions: QualityDimensions, task: string, weighting: DimensionWeighting): number[] {
  const { weights, drop } = weighting;
  return Object.entries(dimensions).map(([name, dimension]) => {
    if (drop.includes(name)) return 0;
    if (weights === 'calibrated') return Math.max(0, dimension.byTask[task]!.correlation.value);
    if (weights === 'profile') return dimension.weight.value;
    return weights[name] ?? dimension.weight.value;
  });
}

/** The composite of one evaluator model on each of `tasks` (the scenario's, in its order). */
export function compositeScoreModel(
  profile: Profile,
  dimensions: QualityDimensions,
  tasks: readonly string[],
  weighting: DimensionWeighting,
): CompositeScoreModel {
  const names = Object.keys(dimensions);
  const size = tasks.length * names.length;
  const model = {
    dimensions: names,
    weight: new Float64Array(size),
    intercept: new Float64Array(size),
    slope: new Float64Array(size),
    noiseSd: new Float64Array(size),
  };
  tasks.forEach((task, t) => {
    const weights = dimensionWeights(dimensions, task, weighting);
    const total = weights.reduce((sum, w) => sum + w, 0);
    // The scenario checks refuse this with the field to blame; here it would be a division by zero.
    if (!(total > 0)) throw new Error(`quality dimensions: every weight is 0 on task "${task}"`);
    const pool = taskQualityPool(profile, task);
    names.forEach((name, i) => {
      const spec = dimensions[name]!.byTask[task]!;
      const line = linearGaussianCoefficients(spec.mean.value, spec.sd.value, spec.correlation.value, pool);
      const at = t * names.length + i;
      model.weight[at] = weights[i]! / total;
      model.intercept[at] = line.intercept;
      model.slope[at] = line.slope;
      model.noiseSd[at] = line.noiseSd;
    });
  });
  return model;
}

/** Mean and variance of the composite on task `t` given true quality `quality`, before clipping. */
export function compositeMoments(model: CompositeScoreModel, t: number, quality: number): { mean: number; variance: number } {
  let mean = 0;
  let variance = 0;
  for (let i = 0; i < model.dimensions.length; i++) {
    const at = t * model.dimensions.length + i;
    const w = model.weight[at]!;
    mean += w * (model.intercept[at]! + model.slope[at]! * quality);
    variance += w * w * model.noiseSd[at]! ** 2;
  }
  return { mean, variance };
}

/** The composite's honest line on task `t`: its expected score is intercept + slope · quality, before clipping. */
export function compositeLine(model: CompositeScoreModel, t: number): { intercept: number; slope: number } {
  const atZero = compositeMoments(model, t, 0).mean;
  return { intercept: atZero, slope: compositeMoments(model, t, 1).mean - atZero };
}

/**
 * Pearson correlation of the composite with true quality on task `t` over
 * `pool`, before clipping: cov = σq² · Σ wᵢbᵢ, var = σq² (Σ wᵢbᵢ)² + Σ wᵢ²σᵢ².
 */
export function compositeCorrelation(model: CompositeScoreModel, t: number, pool: QualityPool): number {
  const { slope } = compositeLine(model, t);
  const { variance: noise } = compositeMoments(model, t, 0);
  const signal = slope * pool.sd;
  return signal / Math.sqrt(signal * signal + noise);
}
