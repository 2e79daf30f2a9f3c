/**
 * Nodes that skip the work they are paid for: an evaluator submits a
 * constant or uniformly random score, an inference node a canned answer,
 * without running its model, in no time and at no cost.
 */
import type { StreamBank } from '../sim/random/streams.js';
import type { EvaluatorNode, InferenceNode } from './node.js';
import { EvaluatorDecorator, InferenceDecorator } from './decorators.js';

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

/** Returns an answer of a fixed true quality without running its model: what a spot check's re-execution exposes. */
export class LazyInference extends InferenceDecorator {
  constructor(
    inner: InferenceNode,
    private readonly quality: number,
  ) {
    super(inner);
  }
  override serviceTimeMs(): number {
    return 0;
  }
  override answerQuality(): number {
    return this.quality;
  }
}
