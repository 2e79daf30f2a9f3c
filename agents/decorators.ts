/**
 * Base classes for behaviours: each wraps another node and delegates every
 * call it does not change, so behaviours stack in any order.
 */
import { clipUnit, type EvaluatorNode, type InferenceNode, type RevealView } from './node.js';

export abstract class InferenceDecorator implements InferenceNode {
  constructor(readonly inner: InferenceNode) {}
  serviceTimeMs(task: number): number {
    return this.inner.serviceTimeMs(task);
  }
  answerQuality(task: number): number {
    return this.inner.answerQuality(task);
  }
  reportCost(trueCostUsd: number): number {
    return this.inner.reportCost(trueCostUsd);
  }
  feedback(profit: number): void {
    this.inner.feedback(profit);
  }
}

export abstract class EvaluatorDecorator implements EvaluatorNode {
  constructor(readonly inner: EvaluatorNode) {}
  serviceTimeMs(task: number): number {
    return this.inner.serviceTimeMs(task);
  }
  score(trueQuality: number, task: number, answerNode: number): number {
    return this.inner.score(trueQuality, task, answerNode);
  }
  revealScore(view: RevealView): number {
    return this.inner.revealScore(view);
  }
  reportCost(trueCostUsd: number): number {
    return this.inner.reportCost(trueCostUsd);
  }
  feedback(profit: number): void {
    this.inner.feedback(profit);
  }
}

/**
 * A manipulation of the submitted score, applied once per evaluation: when
 * the score is produced, or at the reveal when the inner node defers it.
 */
export abstract class ScoreManipulation extends EvaluatorDecorator {
  protected abstract transform(score: number, answerNode: number): number;
  override score(trueQuality: number, task: number, answerNode: number): number {
    const score = this.inner.score(trueQuality, task, answerNode);
    return Number.isNaN(score) ? score : clipUnit(this.transform(score, answerNode));
  }
  override revealScore(view: RevealView): number {
    return clipUnit(this.transform(this.inner.revealScore(view), view.answerNode));
  }
}
