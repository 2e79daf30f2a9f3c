/**
 * Reward dispersion across a group's nodes (issue 19), only when a scenario
 * sets `analysis.rewardDispersion`: how unequally the group's nodes were
 * paid, which the per-round `sdReward` (pooled over every round of every
 * node) does not say. Both are sample standard deviations over the nodes,
 * 0 with one node: of each node's mean reward per round (over the nodes
 * that took part in a round) and of its total reward over the run.
 */
import type { RewardDispersion } from '../results/run-result.js';
import { momentsOfValues, sampleSd } from '../stats/summary-statistics.js';
import type { NodeOutcome } from './node-outcomes.js';

export function rewardDispersionOf(members: readonly NodeOutcome[], declared: boolean): RewardDispersion {
  if (!declared) return {};
  return {
    nodeMeanRewardSd: sampleSd(momentsOfValues(members.filter((o) => o.rounds > 0).map((o) => o.rewardMean))),
    nodeTotalRewardSd: sampleSd(momentsOfValues(members.map((o) => o.rewardSum))),
  };
}
