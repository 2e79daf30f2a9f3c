/**
 * The trust update of arXiv 2601.21189 (issue 19): the update rule over a
 * few rounds by hand (growth below the pivot, shrinkage above it, the clips
 * at w_max and w_min, the pivot itself, the scale), the weighted consensus
 * with those weights, and the diagnostics a run reports — on hand-made
 * weights, on a network whose evaluators all saturate at w_max, and on one
 * whose saboteurs fall to w_min; trust anchored on gold rounds, by hand and
 * where the consensus-anchored rule saturates. Bad parameters are refused
 * in one located line; other rules report none of it.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { consensusRule, trustWeightsOf, meanConsensus } from '../../sim/mechanism/consensus.js';
import {
  MultiplicativeTrustConsensus,
  type MultiplicativeTrustParameters,
  updatedTrust,
} from '../../sim/mechanism/multiplicative-trust.js';
import { weightEntropy } from '../../sim/run/trust-summary.js';
import { CLI, FIXTURES } from '../helpers.js';
import { network, population, run } from '../network.js';

const PARAMETERS: MultiplicativeTrustParameters = { rate: 0.5, pivot: 0.5, scale: 1, minWeight: 0.5, maxWeight: 1.5, initialWeight: 1 };

describe('the update rule, by hand', () => {
  it('w · (1 + λ(pivot − d)): below the pivot a weight grows, above it it shrinks', () => {
    // d = 0: 1 · (1 + 0.5 · 0.5) = 1.25; d = 0.4: 1 · (1 + 0.5 · 0.1) = 1.05; d = 0.9: 1 · (1 − 0.2) = 0.8.
    expect(updatedTrust(1, 0.5, 0.5, PARAMETERS)).toBe(1.25);
    expect(updatedTrust(1, 0.9, 0.5, PARAMETERS)).toBeCloseTo(1.05, 14);
    expect(updatedTrust(1, 0.1, 1, PARAMETERS)).toBeCloseTo(0.8, 14);
  });

  it('at the pivot a weight holds', () => {
    expect(updatedTrust(1.3, 0.75, 0.25, PARAMETERS)).toBe(1.3);
    expect(updatedTrust(0.7, 0.25, 0.75, { ...PARAMETERS, pivot: 0.5 })).toBe(0.7);
  });

  it('d = |s − C| / scale: on the paper’s 0–10 scores, scale 10 gives the same weights', () => {
    const paper = { ...PARAMETERS, scale: 10 };
    expect(updatedTrust(1, 9, 5, paper)).toBeCloseTo(updatedTrust(1, 0.9, 0.5, PARAMETERS), 14);
    expect(updatedTrust(1.1, 7.5, 2.5, paper)).toBe(1.1);
  });

  it('clips at w_max and at w_min, a factor below zero included', () => {
    // 1.25 → 1.5625, clipped to 1.5, and stays there.
    expect(updatedTrust(1.25, 0.5, 0.5, PARAMETERS)).toBe(1.5);
    expect(updatedTrust(1.5, 0.5, 0.5, PARAMETERS)).toBe(1.5);
    // d = 1: 1 → 0.75 → 0.5625 → 0.421875, clipped to 0.5.
    expect(updatedTrust(0.5625, 1, 0, PARAMETERS)).toBe(0.5);
    // λ = 4, d = 1: the factor is 1 + 4 · (−0.5) = −1; the clip keeps the weight at w_min.
    expect(updatedTrust(1, 1, 0, { ...PARAMETERS, rate: 4 })).toBe(0.5);
  });
});

describe('the weighted consensus', () => {
  const scores = new Float64Array([0.5, 0.5, 0.9]);
  const evaluators = new Int32Array([0, 1, 2]);

  it('weights from past rounds only: equal at first, then as the updates left them', () => {
    const rule = new MultiplicativeTrustConsensus(3, PARAMETERS);
    expect(rule.aggregate(scores, evaluators, 0, 3)).toBeCloseTo(1.9 / 3, 14);
    rule.observe(scores, evaluators, 0, 3, 0.5);
    // Weights 1.25, 1.25, 1.05.
    expect(rule.aggregate(scores, evaluators, 0, 3)).toBeCloseTo((0.5 * 2.5 + 0.9 * 1.05) / 3.55, 14);
    rule.observe(scores, evaluators, 0, 3, 0.5);
    // Weights 1.5 (clipped), 1.5, 1.1025.
    expect(rule.weight(0)).toBe(1.5);
    expect(rule.weight(2)).toBeCloseTo(1.1025, 14);
    expect(rule.aggregate(scores, evaluators, 0, 3)).toBeCloseTo((0.5 * 3 + 0.9 * 1.1025) / 4.1025, 14);
  });

  it('every weight at a floor of 0 gives the plain mean', () => {
    const rule = new MultiplicativeTrustConsensus(3, { ...PARAMETERS, minWeight: 0, initialWeight: 0 });
    expect(rule.aggregate(scores, evaluators, 0, 3)).toBeCloseTo(1.9 / 3, 14);
  });

  it('is chosen by name, and only it reports weights', () => {
    const rule = consensusRule({ rule: 'multiplicative-trust', ...PARAMETERS }, 4);
    expect(rule.name).toBe('multiplicative-trust');
    expect(trustWeightsOf(rule)?.weight(3)).toBe(1);
    expect(trustWeightsOf(meanConsensus)).toBeNull();
    expect(trustWeightsOf(consensusRule({ rule: 'trust-weighted', smoothing: 0.1, temperature: 0.05 }, 4))).toBeNull();
  });
});

describe('the diagnostics', () => {
  it('entropy of the normalized weights: ln n when all are equal, 0 when one holds all', () => {
    expect(weightEntropy([2, 2, 2, 2])).toBeCloseTo(Math.log(4), 14);
    expect(weightEntropy([0, 3, 0])).toBe(0);
    // p = (0.25, 0.75): −(0.25 ln 0.25 + 0.75 ln 0.75).
    expect(weightEntropy([1, 3])).toBeCloseTo(-(0.25 * Math.log(0.25) + 0.75 * Math.log(0.75)), 14);
    expect(weightEntropy([0, 0])).toBeNaN();
  });

  it('honest evaluators all drift to w_max: share 1, entropy ln n, no correlation to compute', () => {
    const result = run({ rounds: 1500, mechanism: ['consensus: { rule: multiplicative-trust }'] });
    expect(result.trust).toEqual({
      evaluators: 10,
      shareAtMaxWeight: 1,
      shareAtMinWeight: 0,
      weightEntropy: expect.closeTo(Math.log(10), 12),
      correlationWithAccuracy: null,
      correlationWithHonesty: null,
    });
    const evaluators = population(result, 'honest-evaluators');
    expect(evaluators.meanTrustWeight).toBe(2);
    expect(evaluators.trustShareAtMaxWeight).toBe(1);
    expect(population(result, 'honest-big').meanTrustWeight).toBeUndefined();
  });

  it('saboteurs far past the pivot fall to w_min: the weights then follow honesty exactly', () => {
    const result = run({
      rounds: 1500,
      evaluators: ['- { name: saboteurs, model: good, count: 2, behaviour: { kind: sabotage, amount: 1 } }'],
      mechanism: ['consensus: { rule: multiplicative-trust, pivot: 0.2 }'],
    });
    const saboteurs = population(result, 'saboteurs');
    expect(saboteurs.meanTrustWeight).toBeCloseTo(0.1, 12);
    expect(saboteurs.trustShareAtMaxWeight).toBe(0);
    expect(result.trust?.shareAtMaxWeight).toBeCloseTo(10 / 12, 12);
    expect(result.trust?.shareAtMinWeight).toBeCloseTo(2 / 12, 12);
    // Two weights, one per label: a perfect correlation, and the less accurate saboteurs carry the low one.
    expect(result.trust?.correlationWithHonesty).toBeCloseTo(1, 12);
    expect(result.trust?.correlationWithAccuracy).toBeGreaterThan(0.9);
  });

  it('other rules report no trust, and without analysis.rewardDispersion no dispersion', () => {
    const result = run({ rounds: 300, mechanism: ['consensus: { rule: trust-weighted }'] });
    expect(result.trust).toBeUndefined();
    expect(Object.keys(population(result, 'honest-evaluators'))).not.toContain('meanTrustWeight');
    expect(Object.keys(population(result, 'honest-evaluators'))).not.toContain('nodeMeanRewardSd');
  });
});

describe('trust anchored on gold rounds', () => {
  it('measures each score against its own reference, not the consensus', () => {
    const rule = new MultiplicativeTrustConsensus(3, PARAMETERS);
    const scores = new Float64Array([0.5, 0.5, 0.9]);
    // References 0.5, 0.9, 0.9: d = 0, 0.4, 0 → weights 1.25, 1.05, 1.25.
    rule.observeAgainst(scores, new Int32Array([0, 1, 2]), 0, 3, new Float64Array([0.5, 0.9, 0.9]));
    expect(rule.weight(0)).toBe(1.25);
    expect(rule.weight(1)).toBeCloseTo(1.05, 14);
    expect(rule.weight(2)).toBe(1.25);
  });

  // 40% saboteurs drag the consensus far enough that their deviation from it stays under the pivot.
  const saboteurs = (consensus: string) =>
    run({
      rounds: 1500,
      honestEvaluators: 6,
      evaluators: ['- { name: saboteurs, model: good, count: 4, behaviour: { kind: sabotage, amount: 1 } }'],
      mechanism: [`consensus: ${consensus}`],
    });

  it('where trust from the consensus saturates into the mean, gold rounds tell the saboteurs apart and halve the error', () => {
    const inside = saboteurs('{ rule: multiplicative-trust }');
    const anchored = saboteurs('{ rule: multiplicative-trust, gold: 0.25 }');
    const mean = saboteurs('{ rule: mean }');
    expect(inside.trust?.shareAtMaxWeight).toBe(1);
    expect(inside.consensus.meanAbsoluteErrorVsHonest).toBeCloseTo(mean.consensus.meanAbsoluteErrorVsHonest, 2);
    expect(inside.trust?.goldRounds).toBeUndefined();
    // Binomial(1500, 0.25): 375 ± 4 sd.
    expect(Math.abs(anchored.trust!.goldRounds! - 375)).toBeLessThan(4 * Math.sqrt(1500 * 0.25 * 0.75));
    expect(population(anchored, 'saboteurs').meanTrustWeight).toBeLessThan(1);
    expect(population(anchored, 'honest-evaluators').meanTrustWeight).toBe(2);
    expect(anchored.trust?.correlationWithHonesty).toBeGreaterThan(0.99);
    expect(anchored.consensus.meanAbsoluteErrorVsHonest).toBeLessThan(0.6 * mean.consensus.meanAbsoluteErrorVsHonest);
  });
});

describe('bad parameters', () => {
  const cases: readonly (readonly [string, RegExp])[] = [
    [
      '{ rule: multiplicative-trust, minWeight: 2, maxWeight: 1 }',
      /trust\.yaml:\d+:\d+: mechanism\.consensus\.maxWeight: must be greater than minWeight \(2\)$/,
    ],
    [
      '{ rule: multiplicative-trust, initialWeight: 3 }',
      /trust\.yaml:\d+:\d+: mechanism\.consensus\.initialWeight: must lie in \[minWeight, maxWeight\] = \[0\.1, 2\]$/,
    ],
    ['{ rule: multiplicative-trust, rate: 0 }', /trust\.yaml:\d+:\d+: mechanism\.consensus\.rate: /],
    ['{ rule: multiplicative-trust, gold: 0 }', /trust\.yaml:\d+:\d+: mechanism\.consensus\.gold: /],
  ];
  it.each(cases)('%s is refused in one located line, exit 2', (consensus, expected) => {
    const dir = mkdtempSync(join(tmpdir(), 'poq-trust-bad-'));
    const file = join(dir, 'trust.yaml');
    const yaml = network({ mechanism: [`consensus: ${consensus}`] }).replace(
      '../profiles/market.yaml',
      join(FIXTURES, 'profiles', 'market.yaml'),
    );
    writeFileSync(file, yaml);
    const check = spawnSync(process.execPath, [CLI, 'check', file], { encoding: 'utf8' });
    expect(check.status).toBe(2);
    expect(check.stderr.trim().split('\n')).toHaveLength(1);
    expect(check.stderr.trim()).toMatch(expected);
  });
});
