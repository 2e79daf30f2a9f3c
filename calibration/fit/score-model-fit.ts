/**
 * Fits an evaluator's noise model: the profile's linear-Gaussian score
 * model (sim/profile/score-model.ts), whose parameters are chosen
 * so that what the simulator produces matches what was measured: the score's
 * mean and standard deviation (its marginal's first two moments) and its
 * Pearson correlation with true quality, over the profile's reference pool
 * (every inference model and task equally weighted).
 *
 * The simulator clips scores to [0, 1], which shrinks the spread and the
 * correlation when measured scores reach the ends of the scale. So the
 * parameters are solved for by simulation: draw true qualities from the
 * fitted quality distributions with the simulator's own samplers, apply the
 * model with clipping, and adjust (ρ, mean, sd) until the simulated moments
 * equal the measured ones (common random numbers make this a smooth
 * fixed-point iteration). How well the simulated score marginal matches the
 * measured one in shape is reported as a two-sample KS statistic.
 */
import { createSampler, type Distribution } from '../../sim/random/distribution.js';
import { StreamBank } from '../../sim/random/streams.js';
import { weightedMoments } from '../quality/correlation.js';
import { twoSampleKs } from './two-sample-ks.js';
import { scoreCoefficients, type QualityPool } from '../../sim/profile/score-model.js';
import type { LinearGaussianScoreModel } from '../../sim/profile/schema.js';

export interface ScoredAnswer {
  readonly quality: number;
  readonly score: number;
  /** The (inference model, task) cell the answer belongs to; cells are weighted equally. */
  readonly cell: string;
}

export interface ScoreModelTargets {
  readonly correlation: number;
  readonly scoreMean: number;
  readonly scoreSd: number;
  readonly n: number;
}

export interface ScoreModelFit {
  readonly targets: ScoreModelTargets;
  readonly parameters: { readonly correlation: number; readonly scoreMean: number; readonly scoreSd: number };
  readonly simulated: { readonly correlation: number; readonly scoreMean: number; readonly scoreSd: number; readonly draws: number };
  readonly marginalKs: { readonly statistic: number; readonly pValue: number };
  readonly iterations: number;
}

/** Equal-weight-per-cell mean, sd and correlation of the measured scores. */
export function scoreTargets(answers: readonly ScoredAnswer[]): ScoreModelTargets {
  const cellSize = new Map<string, number>();
  for (const a of answers) cellSize.set(a.cell, (cellSize.get(a.cell) ?? 0) + 1);
  const weights = answers.map((a) => 1 / cellSize.get(a.cell)!);
  const m = weightedMoments(
    answers.map((a) => a.quality),
    answers.map((a) => a.score),
    weights,
  );
  return { correlation: m.r ?? 0, scoreMean: m.meanY, scoreSd: m.sdY, n: answers.length };
}

function moments(qualities: Float64Array, scores: Float64Array) {
  const n = qualities.length;
  let mq = 0;
  let ms = 0;
  for (let i = 0; i < n; i++) {
    mq += qualities[i]!;
    ms += scores[i]!;
  }
  mq /= n;
  ms /= n;
  let qq = 0;
  let ss = 0;
  let qs = 0;
  for (let i = 0; i < n; i++) {
    const dq = qualities[i]! - mq;
    const ds = scores[i]! - ms;
    qq += dq * dq;
    ss += ds * ds;
    qs += dq * ds;
  }
  return { scoreMean: ms, scoreSd: Math.sqrt(ss / n), correlation: qq > 0 && ss > 0 ? qs / Math.sqrt(qq * ss) : 0 };
}

/**
 * Common random numbers: one set of true qualities (drawn from the fitted
 * distributions in turn) and standard normals, reused by every iteration.
 */
function commonDraws(
  qualityDistributions: readonly Distribution[],
  seed: number,
  draws: number,
): { qualities: Float64Array; noise: Float64Array } {
  const bank = new StreamBank(seed, 'score-model-fit');
  const samplers = qualityDistributions.map((d) => createSampler(d, bank));
  const qualityStream = bank.stream('fit', 'quality');
  const noiseStream = bank.stream('fit', 'noise');
  const qualities = new Float64Array(draws);
  const noise = new Float64Array(draws);
  for (let i = 0; i < draws; i++) {
    qualities[i] = samplers[i % samplers.length]!.sample(qualityStream);
    noise[i] = bank.standardNormal(noiseStream);
  }
  return { qualities, noise };
}

type ScoreModelParameters = ScoreModelFit['parameters'];

/** Applies the score model with these parameters to the common draws, clipped as the simulator clips, into `scores`; returns its moments. */
function simulateScores(
  parameters: ScoreModelParameters,
  pool: QualityPool,
  qualities: Float64Array,
  noise: Float64Array,
  scores: Float64Array,
) {
  const model: LinearGaussianScoreModel = {
    family: 'linear-gaussian',
    correlation: { value: parameters.correlation, status: 'measured', why: 'fit' },
    scoreMean: { value: parameters.scoreMean, status: 'measured', why: 'fit' },
    scoreSd: { value: parameters.scoreSd, status: 'measured', why: 'fit' },
    referencePool: 'profile',
  };
  const { intercept, slope, noiseSd } = scoreCoefficients(model, pool);
  for (let i = 0; i < qualities.length; i++) {
    const s = intercept + slope * qualities[i]! + noiseSd * noise[i]!;
    scores[i] = s < 0 ? 0 : s > 1 ? 1 : s;
  }
  return moments(qualities, scores);
}

/** One fixed-point step: move each parameter by how far its simulated moment misses the target. */
function nextParameters(
  parameters: ScoreModelParameters,
  targets: ScoreModelTargets,
  simulated: ReturnType<typeof moments>,
): ScoreModelParameters {
  return {
    correlation: Math.max(-1, Math.min(1, parameters.correlation + (targets.correlation - simulated.correlation))),
    scoreMean: parameters.scoreMean + (targets.scoreMean - simulated.scoreMean),
    scoreSd: simulated.scoreSd > 0 ? parameters.scoreSd * (targets.scoreSd / simulated.scoreSd) : parameters.scoreSd,
  };
}

export function fitScoreModel(
  answers: readonly ScoredAnswer[],
  qualityDistributions: readonly Distribution[],
  pool: QualityPool,
  seed: number,
  draws = 100_000,
): ScoreModelFit {
  const targets = scoreTargets(answers);
  const { qualities, noise } = commonDraws(qualityDistributions, seed, draws);
  const scores = new Float64Array(draws);
  const simulate = (parameters: ScoreModelParameters) => simulateScores(parameters, pool, qualities, noise, scores);

  let parameters = { correlation: targets.correlation, scoreMean: targets.scoreMean, scoreSd: Math.max(targets.scoreSd, 1e-6) };
  let simulated = simulate(parameters);
  let iterations = 0;
  for (; iterations < 60; iterations++) {
    const error = Math.max(
      Math.abs(simulated.correlation - targets.correlation),
      Math.abs(simulated.scoreMean - targets.scoreMean),
      Math.abs(simulated.scoreSd - targets.scoreSd),
    );
    if (error < 1e-4) break;
    parameters = nextParameters(parameters, targets, simulated);
    simulated = simulate(parameters);
  }

  // `scores` holds the last simulation's: its marginal against the measured one.
  const ks = twoSampleKs(
    answers.map((a) => a.score),
    scores,
  );
  return {
    targets,
    parameters,
    simulated: { ...simulated, draws },
    marginalKs: { statistic: ks.statistic, pValue: ks.pValue },
    iterations,
  };
}
