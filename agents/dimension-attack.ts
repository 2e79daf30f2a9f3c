/**
 * An attack aimed at one quality dimension: the evaluator draws its
 * dimensions' scores as an honest node would, manipulates that one's, and
 * submits the composite of the rest as drawn. It acts on the honest draw,
 * so it wraps the honest node itself (the scenario checks it comes first).
 */
import { EvaluatorDecorator } from './decorators.js';
import type { HonestEvaluatorNode } from './honest-evaluator-node.js';

export class DimensionAttackEvaluator extends EvaluatorDecorator {
  constructor(
    private readonly honest: HonestEvaluatorNode,
    private readonly dimension: number,
    private readonly attack: (score: number) => number,
  ) {
    super(honest);
  }

  override score(trueQuality: number, task: number): number {
    const honest = this.honest;
    return honest.samplers.compositeScore(trueQuality, task, honest.scoreStream, this.dimension, this.attack);
  }
}
