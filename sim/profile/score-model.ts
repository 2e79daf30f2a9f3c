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
  const components = Object.values(profile.inferenceModels).flatMap((model) =>
    Object.values(model.tasks).map((task) => moments(task.quality)),
  );
  const mean = components.reduce((sum, c) => sum + c.mean, 0) / components.length;
  // Law of total variance for an equally weighted mixture.
  const variance = components.reduce((sum, c) => sum + c.variance + (c.mean - mean) ** 2, 0) / components.length;
  return { mean, sd: Math.sqrt(variance) };
}

export function qualityPoolFor(model: LinearGaussianScoreModel, profile: Profile): QualityPool {
  const pool = model.referencePool;
  return pool === 'profile' ? profileQualityPool(profile) : { mean: pool.qualityMean, sd: pool.qualitySd };
}

export function scoreCoefficients(model: LinearGaussianScoreModel, pool: QualityPool): ScoreCoefficients {
  const rho = model.correlation.value;
  const sd = model.scoreSd.value;
  const slope = (rho * sd) / pool.sd;
  return {
    slope,
    intercept: model.scoreMean.value - slope * pool.mean,
    noiseSd: sd * Math.sqrt(Math.max(0, 1 - rho * rho)),
  };
}
