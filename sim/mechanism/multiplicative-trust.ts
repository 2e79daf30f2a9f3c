/**
 * The trust update of arXiv 2601.21189 (its Eq. 21): after each round an
 * evaluator's weight is multiplied by 1 + λ(pivot − d) and clipped,
 *
 *   w ← clip(w · (1 + λ(pivot − d)), w_min, w_max),   d = |s − C| / scale,
 *
 * with s its score and C the round's consensus. The paper scores on 0–10
 * and divides by 10; scores here are on [0, 1], so scale 1 gives the same
 * d and the paper's pivot 0.5 (5 points) means the same here. The
 * consensus is the weighted mean with the weights of past rounds only: the
 * update runs in `observe`, after the round is settled, so an evaluator
 * cannot buy trust in the round it is judged in.
 *
 * Anchored outside the round (`gold`): the weights learn only on gold
 * rounds, items whose reference is known, each evaluator's deviation
 * measured against its own reference there (`observeAgainst`; the market
 * draws which rounds are gold and supplies the references).
 */
import type { ConsensusRule } from './consensus.js';

/** The rule's constants (a scenario's `mechanism.consensus` with rule multiplicative-trust). */
export interface MultiplicativeTrustParameters {
  /** λ: how far one round moves a weight. */
  readonly rate: number;
  /** The deviation at which a weight stays as it is: below it the weight grows, above it shrinks. */
  readonly pivot: number;
  /** What |s − C| is divided by: 1 for scores on [0, 1], 10 for the paper's 0–10. */
  readonly scale: number;
  readonly minWeight: number;
  readonly maxWeight: number;
  /** Every evaluator's weight before its first round. */
  readonly initialWeight: number;
  /** The share of rounds that are gold items, the only rounds the weights learn from; absent: every round, against its consensus. */
  readonly gold?: number;
}

/** clip(w · (1 + λ(pivot − d)), w_min, w_max), d = |score − consensus| / scale: one round's update of one weight. */
export function updatedTrust(weight: number, score: number, consensus: number, p: MultiplicativeTrustParameters): number {
  const deviation = Math.abs(score - consensus) / p.scale;
  const next = weight * (1 + p.rate * (p.pivot - deviation));
  return Math.min(p.maxWeight, Math.max(p.minWeight, next));
}

export class MultiplicativeTrustConsensus implements ConsensusRule {
  readonly name = 'multiplicative-trust';
  private readonly weights: Float64Array;

  constructor(
    evaluators: number,
    readonly parameters: MultiplicativeTrustParameters,
  ) {
    this.weights = new Float64Array(evaluators).fill(parameters.initialWeight);
  }

  weight(evaluator: number): number {
    return this.weights[evaluator]!;
  }

  aggregate(scores: Float64Array, evaluators: Int32Array, offset: number, count: number): number {
    let weighted = 0;
    let total = 0;
    for (let i = 0; i < count; i++) {
      const w = this.weights[evaluators[offset + i]!]!;
      weighted += w * scores[offset + i]!;
      total += w;
    }
    if (total > 0) return weighted / total;
    // Every weight at a floor of 0: no evaluator is trusted more than another, so the plain mean.
    let sum = 0;
    for (let i = 0; i < count; i++) sum += scores[offset + i]!;
    return sum / count;
  }

  observe(scores: Float64Array, evaluators: Int32Array, offset: number, count: number, consensus: number): void {
    for (let i = 0; i < count; i++) {
      const e = evaluators[offset + i]!;
      this.weights[e] = updatedTrust(this.weights[e]!, scores[offset + i]!, consensus, this.parameters);
    }
  }

  /** The update with each score measured against its own reference, `references[i]` for the score at `offset + i`. */
  observeAgainst(scores: Float64Array, evaluators: Int32Array, offset: number, count: number, references: Float64Array): void {
    for (let i = 0; i < count; i++) {
      const e = evaluators[offset + i]!;
      this.weights[e] = updatedTrust(this.weights[e]!, scores[offset + i]!, references[i]!, this.parameters);
    }
  }
}
