/**
 * Quality dimensions by hand: the composite's lines from the profile, its
 * mean and variance against the closed form, a dimension that runs against
 * true quality lowering the composite's correlation, the ablation's and the
 * calibration's weights renormalized, and an attack on one dimension moving
 * that dimension's score only.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DimensionAttackEvaluator } from '../../agents/dimension-attack.js';
import { EvaluatorSamplers, HonestEvaluatorNode } from '../../agents/honest-evaluator-node.js';
import { clipUnit } from '../../agents/node.js';
import { loadProfile } from '../../sim/profile/load.js';
import {
  compositeCorrelation,
  compositeMoments,
  type CompositeScoreModel,
  compositeScoreModel,
  type DimensionWeighting,
  dimensionWeights,
  PROFILE_WEIGHTING,
} from '../../sim/profile/quality-composite.js';
import { taskQualityPool } from '../../sim/profile/score-model.js';
import { StreamBank } from '../../sim/random/streams.js';
import { FIXTURES } from '../helpers.js';

const { profile } = loadProfile(join(FIXTURES, 'profiles', 'dimensions.yaml'));
const dimensions = profile.evaluatorModels['multi']!.dimensions!;
const TASKS = ['qa', 'sum'];
const QA = 0;
const composite = (weighting: DimensionWeighting = PROFILE_WEIGHTING) => compositeScoreModel(profile, dimensions, TASKS, weighting);

// Beta(mean m, concentration c) has variance m(1 − m)/(c + 1); the QA pool mixes 0.7 and 0.4 equally.
const qaPoolVariance = ((0.7 * 0.3) / 7 + (0.4 * 0.6) / 7) / 2 + 0.15 ** 2;

function samplersOf(model: CompositeScoreModel, bank: StreamBank): EvaluatorSamplers {
  return new EvaluatorSamplers([], { intercept: Number.NaN, slope: Number.NaN, noiseSd: Number.NaN }, bank, model);
}

function meanAndVariance(values: readonly number[]): { mean: number; variance: number } {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  return { mean, variance: values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1) };
}

function pearson(xs: readonly number[], ys: readonly number[]): number {
  const mx = meanAndVariance(xs).mean;
  const my = meanAndVariance(ys).mean;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  xs.forEach((x, i) => {
    sxy += (x - mx) * (ys[i]! - my);
    sxx += (x - mx) ** 2;
    syy += (ys[i]! - my) ** 2;
  });
  return sxy / Math.sqrt(sxx * syy);
}

function expectWeights(actual: Float64Array, expected: readonly number[]): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((w, i) => expect(actual[i]).toBeCloseTo(w, 15));
}

describe('the composite’s lines', () => {
  it('standardize quality by the task’s pool: slope ρ·sd/σq, intercept mean − slope·μq, noise sd·√(1 − ρ²)', () => {
    const pool = taskQualityPool(profile, 'qa');
    expect(pool.mean).toBeCloseTo(0.55, 15);
    expect(pool.sd).toBeCloseTo(Math.sqrt(qaPoolVariance), 15);
    const model = composite();
    // structure on QA: mean 0.5, sd 0.08, ρ = −0.4.
    const slope = (-0.4 * 0.08) / Math.sqrt(qaPoolVariance);
    expect(model.slope[0]).toBeCloseTo(slope, 15);
    expect(model.intercept[0]).toBeCloseTo(0.5 - slope * 0.55, 15);
    expect(model.noiseSd[0]).toBeCloseTo(0.08 * Math.sqrt(1 - 0.16), 15);
    expectWeights(model.weight.subarray(0, 3), [0.25, 0.5, 0.25]);
  });
});

describe('the composite’s weights', () => {
  it('drop one dimension and renormalize the others (profile weights 1, 2, 1)', () => {
    expect(dimensionWeights(dimensions, 'qa', { weights: 'profile', drop: ['structure'] })).toEqual([0, 2, 1]);
    const model = composite({ weights: 'profile', drop: ['structure'] });
    expectWeights(model.weight.subarray(0, 3), [0, 2 / 3, 1 / 3]);
    expectWeights(composite({ weights: 'profile', drop: ['semantic'] }).weight.subarray(3, 6), [0.5, 0, 0.5]);
  });

  it('calibrated: wᵢ ∝ max(0, ρᵢ) on each task, so the dimension against quality on QA gets 0 there and not on summaries', () => {
    const model = composite({ weights: 'calibrated', drop: [] });
    expectWeights(model.weight.subarray(0, 3), [0, 0.8 / 1.3, 0.5 / 1.3]);
    expectWeights(model.weight.subarray(3, 6), [0.6 / 1.8, 0.7 / 1.8, 0.5 / 1.8]);
  });

  it('overrides name some dimensions; the others keep the profile’s weight', () => {
    expectWeights(composite({ weights: { semantic: 0.5 }, drop: [] }).weight.subarray(0, 3), [1 / 2.5, 0.5 / 2.5, 1 / 2.5]);
  });
});

describe('the composite drawn', () => {
  const n = 200_000;
  const quality = 0.6;

  it('has the closed form’s mean Σ wᵢ(aᵢ + bᵢq) and variance Σ wᵢ²σᵢ² given true quality', () => {
    const model = composite();
    const bank = new StreamBank(7);
    const stream = bank.stream('e', 'score');
    const samplers = samplersOf(model, bank);
    const scores = Array.from({ length: n }, () => samplers.score(quality, QA, stream));
    const expected = compositeMoments(model, QA, quality);
    // By hand: weights 1/4, 1/2, 1/4 of the three lines at q = 0.6.
    const sigmaQ = Math.sqrt(qaPoolVariance);
    const z = (quality - 0.55) / sigmaQ;
    const mean = 0.25 * (0.5 - 0.4 * 0.08 * z) + 0.5 * (0.55 + 0.8 * 0.1 * z) + 0.25 * (0.5 + 0.5 * 0.06 * z);
    const variance = 0.0625 * 0.08 ** 2 * 0.84 + 0.25 * 0.1 ** 2 * 0.36 + 0.0625 * 0.06 ** 2 * 0.75;
    expect(expected.mean).toBeCloseTo(mean, 14);
    expect(expected.variance).toBeCloseTo(variance, 14);
    const drawn = meanAndVariance(scores);
    expect(Math.abs(drawn.mean - mean)).toBeLessThan(4 * Math.sqrt(variance / n));
    // The sample variance's standard error is about σ²·√(2/n).
    expect(Math.abs(drawn.variance - variance)).toBeLessThan(4 * variance * Math.sqrt(2 / n));
  });

  it('correlates with quality less with a dimension that runs against it than with that dimension dropped', () => {
    const pool = taskQualityPool(profile, 'qa');
    const full = compositeCorrelation(composite(), QA, pool);
    const dropped = compositeCorrelation(composite({ weights: 'profile', drop: ['structure'] }), QA, pool);
    expect(dropped - full).toBeGreaterThan(0.05);
    // Drawn over the QA pool (each answer's quality from one of the two models), the sample correlations agree.
    const bank = new StreamBank(8);
    const qualityStream = bank.stream('answers', 'quality');
    const qualities = Array.from({ length: 50_000 }, (_, i) => {
      const mean = i % 2 === 0 ? 0.7 : 0.4;
      return clipUnit(mean + Math.sqrt((mean * (1 - mean)) / 7) * bank.standardNormal(qualityStream));
    });
    const sample = (model: CompositeScoreModel) => {
      const stream = bank.stream(`e-${model.weight[0]}`, 'score');
      const samplers = samplersOf(model, bank);
      return pearson(
        qualities,
        qualities.map((q) => samplers.score(q, QA, stream)),
      );
    };
    expect(sample(composite())).toBeCloseTo(full, 1);
    expect(sample(composite({ weights: 'profile', drop: ['structure'] }))).toBeCloseTo(dropped, 1);
  });
});

describe('an attack on one dimension', () => {
  it('moves that dimension’s score and leaves the others as drawn', () => {
    const model = composite();
    const attacked = 1; // semantic, weight 1/2
    const node = (bank: StreamBank) => new HonestEvaluatorNode(samplersOf(model, bank), -1, bank.stream('e', 'score'), 1);
    const attackBank = new StreamBank(9);
    const attacker = new DimensionAttackEvaluator(node(attackBank), attacked, (score) => score + 0.3);
    const byHand = new StreamBank(9);
    const stream = byHand.stream('e', 'score');
    for (let round = 0; round < 1000; round++) {
      const q = (round % 10) / 10;
      const dims = [0, 1, 2].map((i) =>
        clipUnit(model.intercept[i]! + model.slope[i]! * q + model.noiseSd[i]! * byHand.standardNormal(stream)),
      );
      const expected = 0.25 * dims[0]! + 0.5 * clipUnit(dims[1]! + 0.3) + 0.25 * dims[2]!;
      expect(attacker.score(q, QA)).toBeCloseTo(expected, 14);
    }
  });
});
