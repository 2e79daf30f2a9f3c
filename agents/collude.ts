/**
 * A ring evaluator: boosts answers from inference nodes run by its own
 * operator and sabotages everyone else's.
 */
import type { EvaluatorNode } from './node.js';
import { ScoreManipulation } from './decorators.js';

export class CollusiveEvaluator extends ScoreManipulation {
  /**
   * @param operatorOfInference operator index of each inference node
   * @param operator            this evaluator's operator index
   */
  constructor(
    inner: EvaluatorNode,
    private readonly boost: number,
    private readonly sabotage: number,
    private readonly operatorOfInference: Int32Array,
    private readonly operator: number,
  ) {
    super(inner);
  }
  protected transform(score: number, answerNode: number): number {
    return this.operatorOfInference[answerNode] === this.operator ? score + this.boost : score - this.sabotage;
  }
}
