/** True quality of an answer: token F1 for QA, ROUGE-L for summaries (both on [0, 1]). */
import type { QualityMetric } from './quality-metric.js';
import { rougeL } from './rouge-l.js';
import { maxTokenF1 } from './token-f1.js';

export interface QualityScores {
  /** On [0, 1]: what the profile stores. */
  readonly quality: number;
  /** The metric as usually reported: token F1 on 0–10, ROUGE-L on [0, 1]. */
  readonly reported: { readonly metric: 'token_f1' | 'rouge_l'; readonly value: number };
}

export function answerQuality(answer: string, references: readonly string[], metric: QualityMetric): QualityScores {
  if (metric === 'token-f1') {
    const f1 = maxTokenF1(answer, references);
    return { quality: f1, reported: { metric: 'token_f1', value: 10 * f1 } };
  }
  const f = rougeL(answer, references.join('\n')).f;
  return { quality: f, reported: { metric: 'rouge_l', value: f } };
}

/** The text an evaluator compares an answer with: the (first) gold answer, or the joined highlights. */
export function referenceText(kind: 'extractive-qa' | 'summarization', references: readonly string[]): string {
  return kind === 'extractive-qa' ? references[0]! : references.join('\n');
}
