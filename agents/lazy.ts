/** Submits a constant or uniformly random score without running its model, in no time and at no cost. */
import type { StreamBank } from '../sim/random/streams.js';
import type { EvaluatorNode } from './node.js';
import { EvaluatorDecorator } from './decorators.js';

export class LazyEvaluator extends EvaluatorDecorator {
  constructor(
    inner: EvaluatorNode,
    private readonly constant: number | 'uniform',
    private readonly bank: StreamBank,
    private readonly stream: number,
  ) {
    super(inner);
  }
  override serviceTimeMs(): number {
    return 0;
  }
  override score(): number {
    return this.constant === 'uniform' ? this.bank.uniform(this.stream) : this.constant;
  }
}
