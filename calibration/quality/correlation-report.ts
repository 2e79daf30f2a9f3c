/**
 * Evaluator scores against true quality and against judge scores, per task
 * and pooled over tasks, Pearson and Spearman with 95% intervals.
 */
import type { Measurement } from '../measure/measurements.js';
import type { CorrelationRecord } from '../../sim/profile/fit-report.js';
import { correlate } from './correlation.js';

export const answerKey = (model: string, task: string, itemId: string) => `${model}\u0000${task}\u0000${itemId}`;

export interface PairedScore {
  readonly task: string;
  readonly subjectModel: string;
  readonly score: number;
  readonly truth: number;
}

/** The evaluator's scores paired with an inference-side metric of the same answer. */
export function pairScores(rows: readonly Measurement[], evaluator: string, truthMetric: string): PairedScore[] {
  const truth = new Map<string, number>();
  for (const row of rows) {
    if (row.role === 'inference' && row.metric === truthMetric) truth.set(answerKey(row.model, row.task, row.itemId), row.value);
  }
  const pairs: PairedScore[] = [];
  for (const row of rows) {
    if (row.role !== 'evaluator' || row.model !== evaluator || row.metric !== 'score') continue;
    const value = truth.get(answerKey(row.subjectModel, row.task, row.itemId));
    if (value !== undefined) pairs.push({ task: row.task, subjectModel: row.subjectModel, score: row.value, truth: value });
  }
  return pairs;
}

export function correlationRecords(evaluator: string, against: 'quality' | 'judge', pairs: readonly PairedScore[]): CorrelationRecord[] {
  if (pairs.length === 0) return [];
  const tasks = [...new Set(pairs.map((p) => p.task))];
  const groups: [string, readonly PairedScore[]][] = [
    ...tasks.map((task) => [task, pairs.filter((p) => p.task === task)] as [string, PairedScore[]]),
    ['pooled', pairs],
  ];
  return groups.flatMap(([task, group]) =>
    (['pearson', 'spearman'] as const).map((method) => {
      const c = correlate(
        group.map((p) => p.score),
        group.map((p) => p.truth),
        method,
      );
      return { evaluator, against, task, method, n: c.n, r: c.r, ci95: c.ci95 ? ([c.ci95[0], c.ci95[1]] as [number, number]) : null };
    }),
  );
}
