/** Boosting (inflate every score) and sabotage (deflate every score) by a fixed amount. */
import type { EvaluatorBehaviour } from './behaviour.js';
import { ScoreManipulation } from './decorators.js';
import type { Tunable } from './misreport-cost.js';

export class BoostingEvaluator extends ScoreManipulation implements Tunable {
  constructor(
    inner: EvaluatorBehaviour,
    private amount: number,
  ) {
    super(inner);
  }
  protected transform(score: number): number {
    return score + this.amount;
  }
  setDeviation(value: number): void {
    this.amount = value;
  }
}

export class SabotagingEvaluator extends ScoreManipulation {
  constructor(
    inner: EvaluatorBehaviour,
    private readonly amount: number,
  ) {
    super(inner);
  }
  protected transform(score: number): number {
    return score - this.amount;
  }
}
