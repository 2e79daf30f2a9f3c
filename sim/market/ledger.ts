/**
 * Per-node running totals: rewards (with Welford's running variance, for
 * confidence intervals without storing samples), quality, costs, latency,
 * waiting, the (consensus quality or score, true quality) pairs its
 * accuracy is computed from, stake slashed and audits. Memory is O(nodes),
 * flat in the number of rounds.
 *
 * The totals are stored row-major: one 24-slot record per node in one
 * Float64Array, the fields a settlement updates in its first two cache
 * lines. With 100,000 nodes each settlement touches a random node, and one
 * array per field would cost a cache miss per field.
 */
import type { PairedTotals } from '../stats/summary-statistics.js';
import { LINE_SLOTS } from './cache-lines.js';

/** One node's totals, read once the run is over. */
export interface NodeTotals {
  readonly rounds: number;
  readonly rewardMean: number;
  readonly rewardM2: number;
  readonly rewardSum: number;
  /** Inference nodes: normalized consensus quality; evaluator nodes: agreement with consensus. */
  readonly qualitySum: number;
  /** Normalized cost that entered the reward. */
  readonly costSum: number;
  readonly reportedCostUsdSum: number;
  readonly trueCostUsdSum: number;
  readonly serviceMsSum: number;
  readonly waitMsSum: number;
  /** Rounds in which the node's job waited in its queue (wait > 0): P(wait) is this over rounds. */
  readonly waitedRounds: number;
  readonly slashed: number;
  readonly audits: number;
  readonly flags: number;
  /** Audits of reports that really were below the true cost by more than the tolerance, and how many were flagged. */
  readonly auditsOfMisreports: number;
  readonly flagsOfMisreports: number;
  /** Virtual time the node was ejected, null while active. */
  readonly ejectedAtMs: number | null;
  /** Inference nodes: (normalized consensus quality, true quality); evaluator nodes: (score, true quality). */
  readonly pairs: PairedTotals;
}

/**
 * One node's part in one settled round, as the ledger folds it in. The
 * market fills one entry and reuses it for every node it pays, so paying
 * allocates nothing: what the node did (quality, times, its accuracy pair)
 * before paying it, what it is paid (costs, reward) while paying it.
 * Fields start as NaN, so that V8 stores them as doubles from the start.
 */
export class LedgerEntry {
  /** Inference nodes: normalized consensus quality; evaluator nodes: agreement with consensus. */
  quality = Number.NaN;
  serviceMs = Number.NaN;
  /** Time waited in the node's queue. */
  waitMs = Number.NaN;
  /** Inference nodes: (normalized consensus quality, true quality); evaluator nodes: (score, true quality). */
  pairX = Number.NaN;
  pairY = Number.NaN;
  trueCostUsd = Number.NaN;
  reportedCostUsd = Number.NaN;
  /** The normalized cost that entered the reward. */
  cost = Number.NaN;
  reward = Number.NaN;
  /** Inference nodes: the request's task, which a spot check re-executes. */
  task = -1;
}

const STRIDE = 24;
/** How many slots of a record, from the first, every settlement updates: two cache lines. */
const HOT_SLOTS = 16;
// Updated by every settlement: the first 16 slots (two cache lines).
const COUNT = 0;
const REWARD_MEAN = 1;
const REWARD_M2 = 2;
const REWARD_SUM = 3;
const QUALITY_SUM = 4;
const COST_SUM = 5;
const REPORTED_COST_SUM = 6;
const TRUE_COST_SUM = 7;
const SERVICE_MS_SUM = 8;
const WAIT_MS_SUM = 9;
const PAIR_SUM_X = 10;
const PAIR_SUM_Y = 11;
const PAIR_SUM_XX = 12;
const PAIR_SUM_YY = 13;
const PAIR_SUM_XY = 14;
const PAIR_SUM_ABS_DIFF = 15;
// Updated by audits and ejections only.
const SLASHED_SUM = 16;
const AUDITS = 17;
const FLAGS = 18;
const AUDITS_OF_MISREPORTS = 19;
const FLAGS_OF_MISREPORTS = 20;
const EJECTED_AT_MS = 21;
// Updated only by a settlement whose job waited: kept out of the hot lines, which an unloaded node never leaves.
const WAITED_ROUNDS = 22;

export class NodeLedger {
  private readonly records: Float64Array;

  constructor(readonly size: number) {
    this.records = new Float64Array(size * STRIDE);
    for (let node = 0; node < size; node++) this.records[node * STRIDE + EJECTED_AT_MS] = Number.NaN;
  }

  /** Folds one settlement into the node's totals: its reward, quality and costs, and the (x, y) pair its accuracy is measured on. */
  record(node: number, entry: Readonly<LedgerEntry>): void {
    const r = this.records;
    const at = node * STRIDE;
    const n = r[at + COUNT]! + 1;
    r[at + COUNT] = n;
    const reward = entry.reward;
    const previousMean = r[at + REWARD_MEAN]!;
    const delta = reward - previousMean;
    const mean = previousMean + delta / n;
    r[at + REWARD_MEAN] = mean;
    r[at + REWARD_M2] = r[at + REWARD_M2]! + delta * (reward - mean);
    r[at + REWARD_SUM] = r[at + REWARD_SUM]! + reward;
    r[at + QUALITY_SUM] = r[at + QUALITY_SUM]! + entry.quality;
    r[at + COST_SUM] = r[at + COST_SUM]! + entry.cost;
    r[at + REPORTED_COST_SUM] = r[at + REPORTED_COST_SUM]! + entry.reportedCostUsd;
    r[at + TRUE_COST_SUM] = r[at + TRUE_COST_SUM]! + entry.trueCostUsd;
    r[at + SERVICE_MS_SUM] = r[at + SERVICE_MS_SUM]! + entry.serviceMs;
    r[at + WAIT_MS_SUM] = r[at + WAIT_MS_SUM]! + entry.waitMs;
    const x = entry.pairX;
    const y = entry.pairY;
    r[at + PAIR_SUM_X] = r[at + PAIR_SUM_X]! + x;
    r[at + PAIR_SUM_Y] = r[at + PAIR_SUM_Y]! + y;
    r[at + PAIR_SUM_XX] = r[at + PAIR_SUM_XX]! + x * x;
    r[at + PAIR_SUM_YY] = r[at + PAIR_SUM_YY]! + y * y;
    r[at + PAIR_SUM_XY] = r[at + PAIR_SUM_XY]! + x * y;
    r[at + PAIR_SUM_ABS_DIFF] = r[at + PAIR_SUM_ABS_DIFF]! + Math.abs(x - y);
    if (entry.waitMs > 0) r[at + WAITED_ROUNDS]!++;
  }

  /** Loads the part of the node's record a settlement updates, ahead of use (see Preloader); changes nothing. */
  touch(node: number): number {
    const r = this.records;
    const at = node * STRIDE;
    return r[at]! + r[at + LINE_SLOTS]! + r[at + HOT_SLOTS - 1]!;
  }

  recordAudit(node: number, flagged: boolean, misreport: boolean, slashed: number): void {
    const r = this.records;
    const at = node * STRIDE;
    r[at + AUDITS]!++;
    if (flagged) r[at + FLAGS]!++;
    if (misreport) {
      r[at + AUDITS_OF_MISREPORTS]!++;
      if (flagged) r[at + FLAGS_OF_MISREPORTS]!++;
    }
    r[at + SLASHED_SUM] = r[at + SLASHED_SUM]! + slashed;
  }

  /** Stake slashed outside an audit (a spot check's flag). */
  recordSlash(node: number, slashed: number): void {
    const at = node * STRIDE + SLASHED_SUM;
    this.records[at] = this.records[at]! + slashed;
  }

  isEjected(node: number): boolean {
    return !Number.isNaN(this.records[node * STRIDE + EJECTED_AT_MS]!);
  }

  markEjected(node: number, timeMs: number): void {
    this.records[node * STRIDE + EJECTED_AT_MS] = timeMs;
  }

  rounds(node: number): number {
    return this.records[node * STRIDE + COUNT]!;
  }

  rewardSum(node: number): number {
    return this.records[node * STRIDE + REWARD_SUM]!;
  }

  // The running totals a sampling tick reads for every node (sim/run/timeseries.ts), one number each: no NodeTotals per node and tick.

  slashed(node: number): number {
    return this.records[node * STRIDE + SLASHED_SUM]!;
  }

  /** Inference nodes: normalized consensus quality; evaluator nodes: agreement with consensus. */
  qualitySum(node: number): number {
    return this.records[node * STRIDE + QUALITY_SUM]!;
  }

  /** Σ y of the node's accuracy pairs: the true quality of the answers it produced (inference) or scored (evaluators). */
  trueQualitySum(node: number): number {
    return this.records[node * STRIDE + PAIR_SUM_Y]!;
  }

  trueCostUsdSum(node: number): number {
    return this.records[node * STRIDE + TRUE_COST_SUM]!;
  }

  reportedCostUsdSum(node: number): number {
    return this.records[node * STRIDE + REPORTED_COST_SUM]!;
  }

  serviceMsSum(node: number): number {
    return this.records[node * STRIDE + SERVICE_MS_SUM]!;
  }

  waitMsSum(node: number): number {
    return this.records[node * STRIDE + WAIT_MS_SUM]!;
  }

  waitedRounds(node: number): number {
    return this.records[node * STRIDE + WAITED_ROUNDS]!;
  }

  totals(node: number): NodeTotals {
    const r = this.records;
    const at = node * STRIDE;
    const ejectedAt = r[at + EJECTED_AT_MS]!;
    return {
      rounds: r[at + COUNT]!,
      rewardMean: r[at + REWARD_MEAN]!,
      rewardM2: r[at + REWARD_M2]!,
      rewardSum: r[at + REWARD_SUM]!,
      qualitySum: r[at + QUALITY_SUM]!,
      costSum: r[at + COST_SUM]!,
      reportedCostUsdSum: r[at + REPORTED_COST_SUM]!,
      trueCostUsdSum: r[at + TRUE_COST_SUM]!,
      serviceMsSum: r[at + SERVICE_MS_SUM]!,
      waitMsSum: r[at + WAIT_MS_SUM]!,
      waitedRounds: r[at + WAITED_ROUNDS]!,
      slashed: r[at + SLASHED_SUM]!,
      audits: r[at + AUDITS]!,
      flags: r[at + FLAGS]!,
      auditsOfMisreports: r[at + AUDITS_OF_MISREPORTS]!,
      flagsOfMisreports: r[at + FLAGS_OF_MISREPORTS]!,
      ejectedAtMs: Number.isNaN(ejectedAt) ? null : ejectedAt,
      pairs: {
        n: r[at + COUNT]!,
        sumX: r[at + PAIR_SUM_X]!,
        sumY: r[at + PAIR_SUM_Y]!,
        sumXX: r[at + PAIR_SUM_XX]!,
        sumYY: r[at + PAIR_SUM_YY]!,
        sumXY: r[at + PAIR_SUM_XY]!,
      },
    };
  }
}
