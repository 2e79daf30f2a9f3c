/**
 * Gold rounds for trust anchored outside the round (issue 19): each settled
 * round is a gold item with probability `gold`, drawn from a stream of its
 * own, so a scenario without `gold` draws nothing and its results are as
 * before. On a gold item the true quality is known, so the reference each
 * evaluator is measured against is what it would score honestly on it (its
 * model's expected score at that quality), not the round's consensus.
 */
import type { StreamBank } from '../random/streams.js';

export class GoldRounds {
  /** Gold rounds drawn so far. */
  count = 0;

  constructor(
    private readonly bank: StreamBank,
    private readonly stream: number,
    private readonly probability: number,
  ) {}

  /** Whether the round being settled is a gold item (one draw per settled round). */
  draw(): boolean {
    const gold = this.bank.uniform(this.stream) < this.probability;
    if (gold) this.count++;
    return gold;
  }
}
