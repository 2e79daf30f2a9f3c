/**
 * The cost-aware reward rule R = α·quality − β·cost, for inference nodes (quality =
 * normalized consensus) and evaluator nodes (quality = agreement with consensus).
 * Pure functions over numbers.
 */
import type { CostNormalizationParameters } from './cost-normalization.js';
import type { PoolParameters } from './pool-rules.js';
import type { ControllerParameters } from './reward-controller.js';
import type { RewardRuleParameters } from './reward-rules.js';

/** Clip each reward: none, to [0, ∞), or to [0, 1]. */
export type RewardClip = 'none' | 'non-negative' | 'unit';

/** How an evaluator's agreement with consensus is measured (a scenario's `mechanism.rewards.agreement`). */
export interface AgreementParameters {
  readonly form: 'absolute' | 'squared' | 'gaussian';
  /** Width of the gaussian form. */
  readonly width: number;
  /** Whether an evaluator's own score is inside the consensus it is compared with (false: leave-one-out). */
  readonly includeOwnScore: boolean;
}

/** How a consensus score becomes the quality an inference node is paid for. */
export type QualityNormalizationParameters =
  { readonly method: 'identity' } | { readonly method: 'range'; readonly min: number; readonly max: number };

/** The reward rule's constants (a scenario's `mechanism.rewards`). */
export interface RewardParameters {
  readonly alpha: number;
  readonly beta: number;
  readonly quality: QualityNormalizationParameters;
  readonly cost: CostNormalizationParameters;
  readonly agreement: AgreementParameters;
  readonly clip: RewardClip;
  /** The per-round rule (reward-rules.ts); absent, the linear rule above. */
  readonly rule?: RewardRuleParameters | undefined;
  /** A fixed emission per epoch split by score (pool-rules.ts); absent, each round's R is paid as it settles. */
  readonly pool?: PoolParameters | undefined;
  /** Moves α or β at each full epoch's end towards a target (reward-controller.ts); absent, both stay fixed. */
  readonly controller?: ControllerParameters | undefined;
}

export function clipReward(reward: number, clip: RewardClip): number {
  if (clip === 'none') return reward;
  if (reward < 0) return 0;
  return clip === 'unit' && reward > 1 ? 1 : reward;
}

export function costAwareReward(alpha: number, beta: number, quality: number, cost: number, clip: RewardClip): number {
  return clipReward(alpha * quality - beta * cost, clip);
}

/** How closely an evaluator's score agrees with the consensus, on [0, 1] for scores on [0, 1]. */
export function agreement(score: number, consensus: number, spec: AgreementParameters): number {
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

export function normalizeQuality(consensus: number, spec: QualityNormalizationParameters): number {
  if (spec.method === 'identity') return consensus;
  const q = (consensus - spec.min) / (spec.max - spec.min);
  return q < 0 ? 0 : q > 1 ? 1 : q;
}
