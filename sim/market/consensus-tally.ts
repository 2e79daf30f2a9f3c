/**
 * How well the market's consensus tracked the truth, over the settled
 * rounds: against the answers' true quality, and against what the round's
 * evaluators would have scored in expectation had they been honest (the
 * reference that separates manipulation from the evaluators' own
 * miscalibration), overall and in ten windows of the request budget (a
 * learning curve). Also the quality and the true inference cost delivered.
 */

/** Windows of the request budget the errors are also kept in (when the budget is finite). */
const ERROR_WINDOWS = 10;

export class ConsensusTally {
  /** Index 0: (consensus, true quality) pairs over all rounds. */
  readonly accuracy = new PairedSums(1);
  /** Consensus absolute error in ten equal windows of the request budget (when it is finite). */
  readonly errorByWindow = new PairedSums(ERROR_WINDOWS);
  /** Index 0: (consensus, the mean honest expected score of the round's evaluators) pairs. */
  readonly honestReferenceAccuracy = new PairedSums(1);
  readonly honestErrorByWindow = new PairedSums(ERROR_WINDOWS);
  /** Sums over settled requests of true answer quality and of true inference cost, for quality per cost delivered. */
  trueQualitySum = 0;
  trueInferenceCostUsdSum = 0;

  /** @param requestLimit  the run's request budget; Infinity when the run is bounded by time or events */
  constructor(private readonly requestLimit: number) {}

  /** Counts the round settled after `settledBefore` others, whose consensus was `consensus`. */
  add(settledBefore: number, consensus: number, truth: number, honestReference: number, trueInferenceCostUsd: number): void {
    this.accuracy.add(0, consensus, truth);
    this.honestReferenceAccuracy.add(0, consensus, honestReference);
    if (this.requestLimit < Number.POSITIVE_INFINITY) {
      const window = Math.min(ERROR_WINDOWS - 1, Math.floor((settledBefore * ERROR_WINDOWS) / this.requestLimit));
      this.errorByWindow.add(window, consensus, truth);
      this.honestErrorByWindow.add(window, consensus, honestReference);
    }
    this.trueQualitySum += truth;
    this.trueInferenceCostUsdSum += trueInferenceCostUsd;
  }
}

/** Running sums for the Pearson correlation and mean absolute difference of paired observations, per index. */
export class PairedSums {
  readonly n: Float64Array;
  readonly sumX: Float64Array;
  readonly sumY: Float64Array;
  readonly sumXX: Float64Array;
  readonly sumYY: Float64Array;
  readonly sumXY: Float64Array;
  readonly sumAbsDiff: Float64Array;

  constructor(size: number) {
    this.n = new Float64Array(size);
    this.sumX = new Float64Array(size);
    this.sumY = new Float64Array(size);
    this.sumXX = new Float64Array(size);
    this.sumYY = new Float64Array(size);
    this.sumXY = new Float64Array(size);
    this.sumAbsDiff = new Float64Array(size);
  }

  add(index: number, x: number, y: number): void {
    this.n[index]!++;
    this.sumX[index] = this.sumX[index]! + x;
    this.sumY[index] = this.sumY[index]! + y;
    this.sumXX[index] = this.sumXX[index]! + x * x;
    this.sumYY[index] = this.sumYY[index]! + y * y;
    this.sumXY[index] = this.sumXY[index]! + x * y;
    this.sumAbsDiff[index] = this.sumAbsDiff[index]! + Math.abs(x - y);
  }
}
