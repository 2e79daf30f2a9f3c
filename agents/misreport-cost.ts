/** Reports cost × factor (factor < 1) to raise its reward. Works for inference and evaluator nodes. */
import type { EvaluatorNode, InferenceNode } from './node.js';
import { EvaluatorDecorator, InferenceDecorator } from './decorators.js';

export interface Tunable {
  /** Sets the deviation an adaptive learner chose. */
  setDeviation(value: number): void;
}

export class MisreportingInference extends InferenceDecorator implements Tunable {
  constructor(
    inner: InferenceNode,
    private factor: number,
  ) {
    super(inner);
  }
  override reportCost(trueCostUsd: number): number {
    return this.inner.reportCost(trueCostUsd) * this.factor;
  }
  setDeviation(value: number): void {
    this.factor = value;
  }
}

export class MisreportingEvaluator extends EvaluatorDecorator implements Tunable {
  constructor(
    inner: EvaluatorNode,
    private factor: number,
  ) {
    super(inner);
  }
  override reportCost(trueCostUsd: number): number {
    return this.inner.reportCost(trueCostUsd) * this.factor;
  }
  setDeviation(value: number): void {
    this.factor = value;
  }
}
