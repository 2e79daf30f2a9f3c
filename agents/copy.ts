/**
 * Copies instead of evaluating, in no time and at no cost: the first score
 * another evaluator of the round made public, or the last published
 * consensus. Under commit–reveal no score of the round is public before the
 * reveal, so only the stale consensus is left to copy.
 */
import type { EvaluatorNode, RevealView } from './node.js';
import { EvaluatorDecorator } from './decorators.js';

/** Before any consensus exists a copier has nothing to copy and submits the middle of the scale. */
const NOTHING_TO_COPY = 0.5;

export class CopyingEvaluator extends EvaluatorDecorator {
  constructor(
    inner: EvaluatorNode,
    private readonly source: 'revealed-score' | 'previous-consensus',
  ) {
    super(inner);
  }
  override serviceTimeMs(): number {
    return 0;
  }
  override score(): number {
    return Number.NaN;
  }
  override revealScore(view: RevealView): number {
    if (this.source === 'revealed-score' && !Number.isNaN(view.firstRevealedScore)) return view.firstRevealedScore;
    return Number.isNaN(view.previousConsensus) ? NOTHING_TO_COPY : view.previousConsensus;
  }
}
