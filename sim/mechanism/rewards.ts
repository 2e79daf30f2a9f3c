/**
 * The cost-aware reward rule R = α·quality − β·cost, for F nodes (quality =
 * normalized consensus) and M nodes (quality = agreement with consensus).
 * Pure functions over numbers.
 */
import type { AgreementSpec, QualityNormalizationSpec, RewardParameters } from '../scenario/schema.js';

export type RewardClip = RewardParameters['clip'];

export function clipReward(reward: number, clip: RewardClip): number {
  if (clip === 'none') return reward;
  if (reward < 0) return 0;
  return clip === 'unit' && reward > 1 ? 1 : reward;
}

export function costAwareReward(alpha: number, beta: number, quality: number, cost: number, clip: RewardClip): number {
  return clipReward(alpha * quality - beta * cost, clip);
}

/** How closely an evaluator's score agrees with the consensus, on [0, 1] for scores on [0, 1]. */
export function agreement(score: number, consensus: number, spec: AgreementSpec): number {
  const deviation = score - consensus;
  switch (spec.form) {
    case 'absolute':
      return 1 - Math.abs(deviation);
    case 'squared':
      return 1 - deviation * deviation;
    case 'gaussian':
      return Math.exp(-(deviation * deviation) / (2 * spec.width * spec.width));
  }
}

export function normalizeQuality(consensus: number, spec: QualityNormalizationSpec): number {
  if (spec.method === 'identity') return consensus;
  const q = (consensus - spec.min) / (spec.max - spec.min);
  return q < 0 ? 0 : q > 1 ? 1 : q;
}
