/**
 * An adaptive cheater: plays one deviation value from a grid per epoch,
 * feeds the epoch's mean profit to a learner, and moves to the value the
 * learner picks next. It shows whether cheating pays over time, not just in
 * one round: where the mechanism makes cheating unprofitable the learner
 * settles on the honest value.
 */
import type { EvaluatorNode, InferenceNode } from './node.js';
import { EvaluatorDecorator, InferenceDecorator } from './decorators.js';
import type { Learner } from './learning/learner.js';
import type { Tunable } from './tunable.js';

const RECENT_SMOOTHING = 0.1;

/** The learning loop shared by adaptive inference and evaluator nodes. */
export class EpochLearning {
  private arm: number;
  private profitSum = 0;
  private rounds = 0;
  /** Epochs played per arm. */
  readonly epochsPerArm: Float64Array;
  epochs = 0;
  /** Exponentially weighted average of the values played, over epochs: where the learner has been lately. */
  recentValue: number;

  constructor(
    private readonly grid: readonly number[],
    private readonly learner: Learner,
    private readonly epochRounds: number,
    private readonly target: Tunable,
  ) {
    this.epochsPerArm = new Float64Array(grid.length);
    this.arm = learner.choose();
    target.setDeviation(grid[this.arm]!);
    this.recentValue = grid[this.arm]!;
  }

  observe(profit: number): void {
    this.profitSum += profit;
    if (++this.rounds < this.epochRounds) return;
    this.learner.update(this.arm, this.profitSum / this.rounds);
    this.epochsPerArm[this.arm]!++;
    this.epochs++;
    this.recentValue += RECENT_SMOOTHING * (this.grid[this.arm]! - this.recentValue);
    this.profitSum = 0;
    this.rounds = 0;
    this.arm = this.learner.choose();
    this.target.setDeviation(this.grid[this.arm]!);
  }

  /** The value the learner currently believes most profitable. */
  greedyValue(): number {
    return this.grid[this.learner.greedy()]!;
  }
}

export class AdaptiveInference extends InferenceDecorator {
  constructor(
    inner: InferenceNode,
    readonly learning: EpochLearning,
  ) {
    super(inner);
  }
  override feedback(profit: number): void {
    this.learning.observe(profit);
    this.inner.feedback(profit);
  }
}

export class AdaptiveEvaluator extends EvaluatorDecorator {
  constructor(
    inner: EvaluatorNode,
    readonly learning: EpochLearning,
  ) {
    super(inner);
  }
  override feedback(profit: number): void {
    this.learning.observe(profit);
    this.inner.feedback(profit);
  }
}

/** The learning loop in a node's stack of behaviours, if one of them is adaptive. */
export function findLearning(node: InferenceNode | EvaluatorNode): EpochLearning | undefined {
  let current: unknown = node;
  while (current !== undefined && current !== null) {
    if (current instanceof AdaptiveInference || current instanceof AdaptiveEvaluator) return current.learning;
    current = (current as { inner?: unknown }).inner;
  }
  return undefined;
}
