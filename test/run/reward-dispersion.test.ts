/**
 * Reward dispersion across a group's nodes (issue 19): with
 * `analysis.rewardDispersion: true`, each group's sample standard deviation
 * over its nodes of their mean reward per round and of their total reward,
 * recomputed here from the nodes' own rows; without it, no such field.
 */
import { describe, expect, it } from 'vitest';
import type { NodeSummary, RunResult } from '../../sim/results/run-result.js';
import { runText } from '../helpers.js';
import { network, population } from '../network.js';

const sampleSd = (values: readonly number[]) => {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  return Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1));
};

const nodesOf = (result: RunResult, name: string): NodeSummary[] => result.nodes.filter((n) => n.population === name);

describe('reward dispersion across nodes', () => {
  const scenario = network({ rounds: 600, evaluators: ['- { name: noisy, model: good, count: 3, behaviour: { kind: noise, sd: 0.3 } }'] });

  it('is the sample sd over the nodes of their mean and total rewards', () => {
    const result = runText(`${scenario}analysis: { rewardDispersion: true }\n`);
    for (const name of ['honest-big', 'honest-evaluators', 'noisy']) {
      const nodes = nodesOf(result, name).filter((n) => n.rounds > 0);
      const group = population(result, name);
      expect(nodes.length).toBeGreaterThan(1);
      expect(group.nodeMeanRewardSd).toBeCloseTo(sampleSd(nodes.map((n) => n.meanReward)), 12);
      expect(group.nodeTotalRewardSd).toBeCloseTo(sampleSd(nodesOf(result, name).map((n) => n.totalReward)), 9);
      expect(group.nodeTotalRewardSd).toBeGreaterThan(0);
    }
  });

  it('is absent, and the rest unchanged, unless the scenario asks for it', () => {
    const asked = runText(`${scenario}analysis: { rewardDispersion: true }\n`);
    const plain = runText(scenario);
    const { nodeMeanRewardSd, nodeTotalRewardSd, ...rest } = population(asked, 'noisy');
    expect(nodeMeanRewardSd).toBeDefined();
    expect(nodeTotalRewardSd).toBeDefined();
    expect(Object.keys(population(plain, 'noisy'))).not.toContain('nodeMeanRewardSd');
    expect(rest).toEqual(population(plain, 'noisy'));
  });
});
