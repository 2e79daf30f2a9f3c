/** Adds Gaussian noise to every score, drawn from the node's own behaviour stream. */
import type { StreamBank } from '../sim/random/streams.js';
import type { EvaluatorNode } from './node.js';
import { ScoreManipulation } from './decorators.js';

export class NoisyEvaluator extends ScoreManipulation {
  constructor(
    inner: EvaluatorNode,
    private readonly sd: number,
    private readonly bank: StreamBank,
    private readonly stream: number,
  ) {
    super(inner);
  }
  protected transform(score: number): number {
    return score + this.sd * this.bank.standardNormal(this.stream);
  }
}
