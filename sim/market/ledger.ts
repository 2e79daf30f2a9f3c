/**
 * Per-node running totals in typed arrays: rewards (with Welford's running
 * variance, for confidence intervals without storing samples), quality,
 * costs, latency, waiting, stake slashed and audits. Memory is O(nodes),
 * flat in the number of rounds.
 */

export class NodeLedger {
  readonly count: Float64Array;
  readonly rewardMean: Float64Array;
  readonly rewardM2: Float64Array;
  readonly rewardSum: Float64Array;
  /** F nodes: normalized consensus quality; M nodes: agreement with consensus. */
  readonly qualitySum: Float64Array;
  /** Normalized cost that entered the reward. */
  readonly costSum: Float64Array;
  readonly reportedCostUsdSum: Float64Array;
  readonly trueCostUsdSum: Float64Array;
  readonly serviceMsSum: Float64Array;
  readonly waitMsSum: Float64Array;
  readonly slashedSum: Float64Array;
  readonly audits: Float64Array;
  readonly flags: Float64Array;
  /** Audits of reports that really were below the true cost by more than the tolerance, and how many were flagged. */
  readonly auditsOfMisreports: Float64Array;
  readonly flagsOfMisreports: Float64Array;
  /** Virtual time a node was ejected, NaN while active. */
  readonly ejectedAtMs: Float64Array;

  constructor(readonly size: number) {
    this.count = new Float64Array(size);
    this.rewardMean = new Float64Array(size);
    this.rewardM2 = new Float64Array(size);
    this.rewardSum = new Float64Array(size);
    this.qualitySum = new Float64Array(size);
    this.costSum = new Float64Array(size);
    this.reportedCostUsdSum = new Float64Array(size);
    this.trueCostUsdSum = new Float64Array(size);
    this.serviceMsSum = new Float64Array(size);
    this.waitMsSum = new Float64Array(size);
    this.slashedSum = new Float64Array(size);
    this.audits = new Float64Array(size);
    this.flags = new Float64Array(size);
    this.auditsOfMisreports = new Float64Array(size);
    this.flagsOfMisreports = new Float64Array(size);
    this.ejectedAtMs = new Float64Array(size).fill(Number.NaN);
  }

  record(
    node: number,
    reward: number,
    quality: number,
    cost: number,
    reportedCostUsd: number,
    trueCostUsd: number,
    serviceMs: number,
    waitMs: number,
  ): void {
    const n = this.count[node]! + 1;
    this.count[node] = n;
    const delta = reward - this.rewardMean[node]!;
    const mean = this.rewardMean[node]! + delta / n;
    this.rewardMean[node] = mean;
    this.rewardM2[node] = this.rewardM2[node]! + delta * (reward - mean);
    this.rewardSum[node] = this.rewardSum[node]! + reward;
    this.qualitySum[node] = this.qualitySum[node]! + quality;
    this.costSum[node] = this.costSum[node]! + cost;
    this.reportedCostUsdSum[node] = this.reportedCostUsdSum[node]! + reportedCostUsd;
    this.trueCostUsdSum[node] = this.trueCostUsdSum[node]! + trueCostUsd;
    this.serviceMsSum[node] = this.serviceMsSum[node]! + serviceMs;
    this.waitMsSum[node] = this.waitMsSum[node]! + waitMs;
  }

  recordAudit(node: number, flagged: boolean, misreport: boolean, slashed: number): void {
    this.audits[node]!++;
    if (flagged) this.flags[node]!++;
    if (misreport) {
      this.auditsOfMisreports[node]!++;
      if (flagged) this.flagsOfMisreports[node]!++;
    }
    this.slashedSum[node] = this.slashedSum[node]! + slashed;
  }
}

/** Running sums for the Pearson correlation of paired observations, per index. */
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
