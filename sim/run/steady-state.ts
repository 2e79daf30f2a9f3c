/**
 * A run's steady-state estimates: the warm-up to delete (declared, or found by
 * MSER), then for any union of cells a per-round mean or a time average with
 * its batch-means interval (sim/stats/batch-means.ts). Rounds within a run are
 * correlated whenever nodes queue (a long wait is followed by long waits), so
 * an interval that treated them as independent would be too narrow; batch
 * means holds for correlated output, and reduces to a t interval when rounds
 * are independent.
 */
import type { CellValue, RoundSeries, RunValue } from '../market/round-series.js';
import type { Scenario } from '../scenario/schema.js';
import { batchMeans, type BatchMeansEstimate, type Microbatches, mserTruncation } from '../stats/batch-means.js';
import type { Cell } from './cells.js';

export const INTERVAL_LEVEL = 0.95;
/** Lag-1 autocorrelation of batch residuals above which the batches are too short for the interval to hold. */
export const LAG1_WARNING = 0.5;

export interface Warmup {
  /** mser: found automatically; declared: from analysis.warmup; none: nothing deleted. */
  readonly rule: 'mser' | 'declared' | 'none';
  readonly rounds: number;
  /** Virtual time at which the warm-up ended. */
  readonly timeMs: number;
}

export interface Estimate extends BatchMeansEstimate {
  /** Effective sample size: the per-observation variance over the mean's variance (per-round means only). */
  readonly effectiveSize: number | null;
}

export class SteadyState {
  readonly warmup: Warmup;
  /** First microbatch kept. */
  private readonly from: number;

  constructor(
    private readonly series: RoundSeries,
    private readonly cells: readonly Cell[],
    private readonly analysis: Scenario['analysis'],
  ) {
    this.from = this.truncation();
    let rounds = 0;
    for (let b = 0; b < this.from; b++) rounds += series.rounds(b);
    const rule = analysis.warmup === 'auto' ? 'mser' : analysis.warmup === 'none' ? 'none' : 'declared';
    this.warmup = { rule, rounds, timeMs: this.startMs };
  }

  /** Microbatches deleted as warm-up. */
  get warmupMicrobatches(): number {
    return this.from;
  }

  /** Batches each interval is computed from (fewer when the run has fewer stretches after its warm-up). */
  get batches(): number {
    return Math.min(this.analysis.batches, this.series.length - this.from);
  }

  /** Virtual time the kept window starts. */
  get startMs(): number {
    return this.from > 0 ? this.series.endMs(this.from - 1) : 0;
  }

  /** Virtual time the kept window ends. */
  get endMs(): number {
    return this.series.length > 0 ? this.series.endMs(this.series.length - 1) : 0;
  }

  /** Participations of `cells` after the warm-up. */
  count(cells: readonly number[]): number {
    let n = 0;
    for (let b = this.from; b < this.series.length; b++) for (const cell of cells) n += this.series.count(cell, b);
    return n;
  }

  /** The steady-state mean of `value` per participation of `cells`; for the reward, with its effective sample size. */
  perRound(cells: readonly number[], value: CellValue): Estimate {
    const series = this.series;
    const numerator = this.sumOver(cells, (cell, b) => series.sum(cell, value, b));
    const denominator = this.sumOver(cells, (cell, b) => series.count(cell, b));
    const estimate = batchMeans({ numerator, denominator, length: series.length }, this.from, this.analysis.batches, INTERVAL_LEVEL);
    if (value !== 'reward') return { ...estimate, effectiveSize: null };
    let n = 0;
    let sum = 0;
    let squares = 0;
    for (let b = this.from; b < series.length; b++) {
      n += denominator[b]!;
      sum += numerator[b]!;
      for (const cell of cells) squares += series.rewardSquares(cell, b);
    }
    const variance = n > 1 ? (squares - (sum * sum) / n) / (n - 1) : 0;
    const se = estimate.standardError;
    // Ten batches estimate the mean's variance within about ±45%: an effective size above the rounds themselves is that noise.
    return { ...estimate, effectiveSize: se !== null && se > 0 ? Math.min(n, variance / (se * se)) : null };
  }

  /**
   * The time average of Σ `value` of `cells`'s rounds per unit of time, per
   * `per` (1 for a number in system; the servers for utilization). Rounds are
   * counted when they settle, so the busy time of a stretch is that of the
   * rounds it settled: over a long window the difference is one round's time.
   */
  timeAverage(cells: readonly number[], values: readonly CellValue[], per: number): Estimate {
    const series = this.series;
    const numerator = this.sumOver(cells, (cell, b) => values.reduce((s, value) => s + series.sum(cell, value, b), 0));
    const denominator = new Float64Array(series.length);
    for (let b = 0; b < series.length; b++) denominator[b] = (series.endMs(b) - (b > 0 ? series.endMs(b - 1) : 0)) * per;
    const estimate = batchMeans({ numerator, denominator, length: series.length }, this.from, this.analysis.batches, INTERVAL_LEVEL);
    return { ...estimate, effectiveSize: null };
  }

  /** The steady-state ratio of two run-level sums (or of one per settled round). */
  run(value: RunValue, per: RunValue | 'round'): Estimate {
    const series = this.series;
    const numerator = Float64Array.from({ length: series.length }, (_, b) => series.runSum(value, b));
    const denominator = Float64Array.from({ length: series.length }, (_, b) =>
      per === 'round' ? series.rounds(b) : series.runSum(per, b),
    );
    const estimate = batchMeans({ numerator, denominator, length: series.length }, this.from, this.analysis.batches, INTERVAL_LEVEL);
    return { ...estimate, effectiveSize: null };
  }

  private sumOver(cells: readonly number[], value: (cell: number, b: number) => number): Float64Array {
    const sums = new Float64Array(this.series.length);
    for (let b = 0; b < this.series.length; b++) for (const cell of cells) sums[b] = sums[b]! + value(cell, b);
    return sums;
  }

  /** The first microbatch kept: declared, none, or the latest MSER truncation over the run's key outputs. */
  private truncation(): number {
    const warmup = this.analysis.warmup;
    const series = this.series;
    if (warmup === 'none') return 0;
    if (warmup !== 'auto') {
      let b = 0;
      if ('requests' in warmup) for (let rounds = 0; b < series.length && rounds < warmup.requests; b++) rounds += series.rounds(b);
      else while (b < series.length && (b === 0 ? 0 : series.endMs(b - 1)) < warmup.seconds * 1000) b++;
      return b;
    }
    return Math.max(0, ...this.keyOutputs().map((output) => mserTruncation(output)));
  }

  /**
   * What MSER watches: the run's response time, and each role-model group's
   * reward and wait. One warm-up, the longest any of them needs, is deleted
   * from every output, so that every estimate of a run covers the same rounds.
   */
  private keyOutputs(): Microbatches[] {
    const series = this.series;
    const length = series.length;
    const rounds = Float64Array.from({ length }, (_, b) => series.rounds(b));
    const outputs: Microbatches[] = [
      { numerator: Float64Array.from({ length }, (_, b) => series.runSum('responseMs', b)), denominator: rounds, length },
    ];
    for (const members of roleModelGroups(this.cells)) {
      const denominator = this.sumOver(members, (cell, b) => series.count(cell, b));
      for (const value of ['reward', 'waitMs'] as const) {
        outputs.push({ numerator: this.sumOver(members, (cell, b) => series.sum(cell, value, b)), denominator, length });
      }
    }
    return outputs;
  }
}

/** Cell indices of each (role, model), in order of first appearance. */
export function roleModelGroups(cells: readonly Cell[]): number[][] {
  const groups = new Map<string, number[]>();
  cells.forEach((cell, i) => {
    const key = `${cell.role}\u0000${cell.model}`;
    groups.set(key, [...(groups.get(key) ?? []), i]);
  });
  return [...groups.values()];
}
