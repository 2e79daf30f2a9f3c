import { describe, expect, it } from 'vitest';
import {
  type ConsensusRule,
  consensusRule,
  meanConsensus,
  medianConsensus,
  TrustWeightedConsensus,
  trimmedMeanConsensus,
} from '../../sim/mechanism/consensus.js';

const scratch = new Float64Array(16);
const aggregate = (rule: ConsensusRule, values: number[], offset = 0) => {
  const buffer = new Float64Array([9, 9, ...values, 9]);
  return rule.aggregate(buffer, new Int32Array(buffer.length), 2 + offset, values.length, scratch);
};

describe('consensus rules', () => {
  it('mean: (0.2 + 0.4 + 0.9) / 3 = 0.5', () => {
    expect(aggregate(meanConsensus, [0.2, 0.4, 0.9])).toBeCloseTo(0.5, 12);
  });

  it('median: middle value for odd K, average of the middle two for even K', () => {
    expect(aggregate(medianConsensus, [0.9, 0.1, 0.4])).toBe(0.4);
    expect(aggregate(medianConsensus, [0.9, 0.1, 0.4, 0.2])).toBeCloseTo(0.3, 12);
    expect(aggregate(medianConsensus, [0.7])).toBe(0.7);
  });

  it('trimmed mean drops floor(f·K) at each end', () => {
    // K = 5, f = 0.2: drop 1 each end of [0, 0.1, 0.5, 0.6, 1] → mean(0.1, 0.5, 0.6) = 0.4
    expect(aggregate(trimmedMeanConsensus(0.2), [1, 0.1, 0.6, 0, 0.5])).toBeCloseTo(0.4, 12);
    // K = 3, f = 0.2: floor(0.6) = 0, nothing dropped → the mean
    expect(aggregate(trimmedMeanConsensus(0.2), [0.2, 0.4, 0.9])).toBeCloseTo(0.5, 12);
    // K = 7, f = 0.3: drop 2 each end of [0 .. 0.6] → mean(0.2, 0.3, 0.4) = 0.3
    expect(aggregate(trimmedMeanConsensus(0.3), [0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0])).toBeCloseTo(0.3, 12);
  });

  it('resists one outlier where the mean does not', () => {
    const scores = [0.5, 0.52, 0.48, 0.51, 1];
    expect(aggregate(meanConsensus, scores)).toBeCloseTo(0.602, 3);
    expect(aggregate(medianConsensus, scores)).toBe(0.51);
    expect(aggregate(trimmedMeanConsensus(0.2), scores)).toBeCloseTo(0.51, 12);
  });

  it('trust weighting: weights exp(−d/T) from past deviations, updated after each round', () => {
    const rule = new TrustWeightedConsensus(3, 0.5, 0.1);
    const scores = new Float64Array([0.5, 0.5, 0.9]);
    const evaluators = new Int32Array([0, 1, 2]);
    // No history: equal weights, the mean.
    expect(rule.aggregate(scores, evaluators, 0, 3)).toBeCloseTo(1.9 / 3, 12);
    rule.observe(scores, evaluators, 0, 3, 0.5);
    // Deviations after one round with smoothing 0.5: 0, 0, 0.2 → weights 1, 1, e^−2.
    expect(rule.deviationOf(2)).toBeCloseTo(0.2, 12);
    const w = Math.exp(-2);
    expect(rule.aggregate(scores, evaluators, 0, 3)).toBeCloseTo((0.5 + 0.5 + 0.9 * w) / (2 + w), 12);
  });

  it('is chosen by name from the scenario', () => {
    expect(consensusRule({ rule: 'mean' }, 3)).toBe(meanConsensus);
    expect(consensusRule({ rule: 'median' }, 3)).toBe(medianConsensus);
    expect(consensusRule({ rule: 'trimmed-mean', trimFraction: 0.25 }, 3).name).toBe('trimmed-mean(0.25)');
    expect(consensusRule({ rule: 'trust-weighted', smoothing: 0.1, temperature: 0.05 }, 3).name).toBe('trust-weighted');
  });
});
