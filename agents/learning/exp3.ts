/**
 * EXP3 (Auer et al. 2002): multiplicative weights for bandit feedback. The
 * profit of an epoch is rescaled to [0, 1] by the range of profits seen so
 * far, since EXP3 needs bounded rewards and profits have no fixed scale.
 */
import type { StreamBank } from '../../sim/random/streams.js';
import type { Learner } from './learner.js';

export class Exp3 implements Learner {
  private readonly logWeights: Float64Array;
  private readonly probabilities: Float64Array;
  private lowest = Number.POSITIVE_INFINITY;
  private highest = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly arms: number,
    private readonly gamma: number,
    private readonly bank: StreamBank,
    private readonly stream: number,
  ) {
    this.logWeights = new Float64Array(arms);
    this.probabilities = new Float64Array(arms).fill(1 / arms);
  }

  private refresh(): void {
    let max = Number.NEGATIVE_INFINITY;
    for (let arm = 0; arm < this.arms; arm++) max = Math.max(max, this.logWeights[arm]!);
    let total = 0;
    for (let arm = 0; arm < this.arms; arm++) total += Math.exp(this.logWeights[arm]! - max);
    for (let arm = 0; arm < this.arms; arm++) {
      this.probabilities[arm] = (1 - this.gamma) * (Math.exp(this.logWeights[arm]! - max) / total) + this.gamma / this.arms;
    }
  }

  choose(): number {
    let u = this.bank.uniform(this.stream);
    for (let arm = 0; arm < this.arms - 1; arm++) {
      u -= this.probabilities[arm]!;
      if (u < 0) return arm;
    }
    return this.arms - 1;
  }

  update(arm: number, meanProfit: number): void {
    this.lowest = Math.min(this.lowest, meanProfit);
    this.highest = Math.max(this.highest, meanProfit);
    const span = this.highest - this.lowest;
    const reward = span > 0 ? (meanProfit - this.lowest) / span : 0.5;
    const estimate = reward / this.probabilities[arm]!;
    this.logWeights[arm] = this.logWeights[arm]! + (this.gamma * estimate) / this.arms;
    this.refresh();
  }

  greedy(): number {
    let best = 0;
    for (let arm = 1; arm < this.arms; arm++) if (this.probabilities[arm]! > this.probabilities[best]!) best = arm;
    return best;
  }
}
