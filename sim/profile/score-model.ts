/**
 * The evaluator noise model: an evaluator's score given an answer's true
 * quality. A linear-Gaussian model, standardized so that, over the
 * reference pool of answers it was calibrated on, the score has the
 * measured mean, standard deviation and correlation with true quality:
 *
 *   score = scoreMean + scoreSd · (ρ · (q − μq) / σq + √(1 − ρ²) · ε)
 *
 * Clipping to [0, 1] happens after; it shrinks the correlation slightly
 * when the measured spread reaches the ends of the scale.
 */
import { moments } from '../random/distribution.js';
import type { LinearGaussianScoreModel, Profile } from './schema.js';

export interface ScoreCoefficients {
  readonly intercept: number;
  readonly slope: number;
  readonly noiseSd: number;
}

export interface QualityPool {
  readonly mean: number;
  readonly sd: number;
}

/** Mean and sd of true quality over every inference model and task of the profile, equally weighted. */
export function profileQualityPool(profile: Profile): QualityPool {
  return mixturePool(
    Object.values(profile.inferenceModels).flatMap((model) => Object.values(model.tasks).map((task) => moments(task.quality))),
  );
}

function mixturePool(components: readonly { mean: number; variance: number }[]): QualityPool {
  const mean = components.reduce((sum, c) => sum + c.mean, 0) / components.length;
  // Law of total variance for an equally weighted mixture.
  const variance = components.reduce((sum, c) => sum + c.variance + (c.mean - mean) ** 2, 0) / components.length;
  return { mean, sd: Math.sqrt(variance) };
}

/** Mean and sd of true quality on one task over every inference model of the profile, equally weighted. */
export function taskQualityPool(profile: Profile, task: string): QualityPool {
  return mixturePool(Object.values(profile.inferenceModels).map((model) => moments(model.tasks[task]!.quality)));
}

export function qualityPoolFor(model: LinearGaussianScoreModel, profile: Profile): QualityPool {
  const pool = model.referencePool;
  return pool === 'profile' ? profileQualityPool(profile) : { mean: pool.qualityMean, sd: pool.qualitySd };
}

export function scoreCoefficients(model: LinearGaussianScoreModel, pool: QualityPool): ScoreCoefficients {
  return linearGaussianCoefficients(model.scoreMean.value, model.scoreSd.value, model.correlation.value, pool);
}

/** The line and noise of a score with this mean, sd and correlation with quality over `pool`. */
export function linearGaussianCoefficients(mean: number, sd: number, rho: number, pool: QualityPool): ScoreCoefficients {
  const slope = (rho * sd) / pool.sd;
  return {
    slope,
    intercept: mean - slope * pool.mean,
    noiseSd: sd * Math.sqrt(Math.max(0, 1 - rho * rho)),
  };
}
