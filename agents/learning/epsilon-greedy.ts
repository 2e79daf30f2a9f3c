/**
 * ε-greedy over a grid: tries every arm once in order, then plays the arm
 * with the best mean profit so far, or a uniformly random arm with
 * probability ε.
 */
import type { StreamBank } from '../../sim/random/streams.js';
import type { Learner } from './learner.js';

export class EpsilonGreedy implements Learner {
  private readonly plays: Float64Array;
  private readonly means: Float64Array;

  constructor(
    private readonly arms: number,
    private readonly epsilon: number,
    private readonly bank: StreamBank,
    private readonly stream: number,
  ) {
    this.plays = new Float64Array(arms);
    this.means = new Float64Array(arms);
  }

  choose(): number {
    for (let arm = 0; arm < this.arms; arm++) if (this.plays[arm] === 0) return arm;
    if (this.bank.uniform(this.stream) < this.epsilon) return Math.floor(this.bank.uniform(this.stream) * this.arms);
    return this.greedy();
  }

  update(arm: number, meanProfit: number): void {
    const n = ++this.plays[arm]!;
    this.means[arm] = this.means[arm]! + (meanProfit - this.means[arm]!) / n;
  }

  greedy(): number {
    let best = 0;
    for (let arm = 1; arm < this.arms; arm++) if (this.means[arm]! > this.means[best]!) best = arm;
    return best;
  }
}
