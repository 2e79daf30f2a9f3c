/** Reports cost × factor (factor < 1) to raise its reward. Works for inference and evaluator nodes. */
import type { EvaluatorNode, InferenceNode } from './node.js';
import { EvaluatorDecorator, InferenceDecorator } from './decorators.js';
import type { Tunable } from './tunable.js';

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
