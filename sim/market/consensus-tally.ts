/**
 * How well the market's consensus tracked the truth, over the settled
 * rounds: against the answers' true quality, and against what the round's
 * evaluators would have scored in expectation had they been honest (the
 * reference that separates manipulation from the evaluators' own
 * miscalibration), overall and in ten windows of the request budget (a
 * learning curve). Also the quality and the true inference cost delivered.
 */
import type { PairedTotals } from '../stats/summary-statistics.js';

/** Windows of the request budget the errors are also kept in (when the budget is finite). */
const ERROR_WINDOWS = 10;

export class ConsensusTally {
  /** Index 0: (consensus, true quality) pairs over all rounds. */
  readonly accuracy = new PairedSums(1);
  /** Consensus absolute error in ten equal windows of the request budget (when it is finite). */
  readonly errorByWindow = new AbsoluteErrors(ERROR_WINDOWS);
  /** Index 0: absolute error of the consensus against the mean honest expected score of the round's evaluators. */
  readonly honestReferenceError = new AbsoluteErrors(1);
  readonly honestErrorByWindow = new AbsoluteErrors(ERROR_WINDOWS);
  /** Sums over settled requests of true answer quality and of true inference cost, for quality per cost delivered. */
  trueQualitySum = 0;
  trueInferenceCostUsdSum = 0;

  /** @param requestLimit  the run's request budget; Infinity when the run is bounded by time or events */
  constructor(private readonly requestLimit: number) {}

  /** Counts the round settled after `settledBefore` others, whose consensus was `consensus`. */
  add(settledBefore: number, consensus: number, truth: number, honestReference: number, trueInferenceCostUsd: number): void {
    this.accuracy.add(0, consensus, truth);
    this.honestReferenceError.add(0, consensus, honestReference);
    if (this.requestLimit < Number.POSITIVE_INFINITY) {
      const window = Math.min(ERROR_WINDOWS - 1, Math.floor((settledBefore * ERROR_WINDOWS) / this.requestLimit));
      this.errorByWindow.add(window, consensus, truth);
      this.honestErrorByWindow.add(window, consensus, honestReference);
    }
    this.trueQualitySum += truth;
    this.trueInferenceCostUsdSum += trueInferenceCostUsd;
  }
}

/** How many pairs, and the sum of their absolute differences |x − y|, per index: for mean absolute errors. */
export class AbsoluteErrors {
  private readonly sums: Float64Array;

  constructor(readonly size: number) {
    this.sums = new Float64Array(size * 2);
  }

  add(index: number, x: number, y: number): void {
    const at = index * 2;
    this.sums[at]!++;
    this.sums[at + 1] = this.sums[at + 1]! + Math.abs(x - y);
  }

  count(index: number): number {
    return this.sums[index * 2]!;
  }

  /** Mean |x − y| over the pairs at `index` (0 when there are none). */
  mean(index: number): number {
    const n = this.sums[index * 2]!;
    return n > 0 ? this.sums[index * 2 + 1]! / n : 0;
  }
}

/**
 * Running sums for the Pearson correlation and mean absolute difference of
 * paired observations, per index: one record of seven sums per index in
 * one array.
 */
export class PairedSums {
  private readonly sums: Float64Array;

  constructor(readonly size: number) {
    this.sums = new Float64Array(size * STRIDE);
  }

  add(index: number, x: number, y: number): void {
    const s = this.sums;
    const at = index * STRIDE;
    s[at + N]!++;
    s[at + SUM_X] = s[at + SUM_X]! + x;
    s[at + SUM_Y] = s[at + SUM_Y]! + y;
    s[at + SUM_XX] = s[at + SUM_XX]! + x * x;
    s[at + SUM_YY] = s[at + SUM_YY]! + y * y;
    s[at + SUM_XY] = s[at + SUM_XY]! + x * y;
    s[at + SUM_ABS_DIFF] = s[at + SUM_ABS_DIFF]! + Math.abs(x - y);
  }

  count(index: number): number {
    return this.sums[index * STRIDE + N]!;
  }

  /** Σ |x − y| over the pairs at `index`. */
  absoluteDifferenceSum(index: number): number {
    return this.sums[index * STRIDE + SUM_ABS_DIFF]!;
  }

  /** Mean |x − y| over the pairs at `index` (0 when there are none). */
  meanAbsoluteDifference(index: number): number {
    const at = index * STRIDE;
    const n = this.sums[at + N]!;
    return n > 0 ? this.sums[at + SUM_ABS_DIFF]! / n : 0;
  }

  totals(index: number): PairedTotals {
    const s = this.sums;
    const at = index * STRIDE;
    return {
      n: s[at + N]!,
      sumX: s[at + SUM_X]!,
      sumY: s[at + SUM_Y]!,
      sumXX: s[at + SUM_XX]!,
      sumYY: s[at + SUM_YY]!,
      sumXY: s[at + SUM_XY]!,
    };
  }
}

const STRIDE = 7;
const N = 0;
const SUM_X = 1;
const SUM_Y = 2;
const SUM_XX = 3;
const SUM_YY = 4;
const SUM_XY = 5;
const SUM_ABS_DIFF = 6;
