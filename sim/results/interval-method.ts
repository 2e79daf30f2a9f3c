/**
 * The sentence that says how a run's intervals were computed, for the
 * terminal, the report's captions and tables: a reader must be told which
 * method stands behind an interval.
 */
import type { RunStatistics } from './run-result.js';

export function describeIntervals(statistics: RunStatistics | undefined): string {
  if (!statistics) return '95% intervals: Student-t over rounds taken as independent (a run from before batch means)';
  const { warmup, batches, level } = statistics;
  const deleted =
    warmup.rule === 'none'
      ? 'no warm-up deleted'
      : `after a warm-up of ${warmup.rounds.toLocaleString('en-US')} rounds (${warmup.seconds.toFixed(1)} s, ${warmup.rule === 'mser' ? 'found by MSER-5' : 'declared'})`;
  return `${Math.round(level * 100)}% intervals: batch means over ${batches} batches ${deleted}, skewness-adjusted`;
}
