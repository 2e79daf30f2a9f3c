/** Boosting (inflate every score) and sabotage (deflate every score) by a fixed amount. */
import type { EvaluatorNode } from './node.js';
import { ScoreManipulation } from './decorators.js';
import type { Tunable } from './tunable.js';

export class BoostingEvaluator extends ScoreManipulation implements Tunable {
  constructor(
    inner: EvaluatorNode,
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
    inner: EvaluatorNode,
    private readonly amount: number,
  ) {
    super(inner);
  }
  protected transform(score: number): number {
    return score - this.amount;
  }
}
