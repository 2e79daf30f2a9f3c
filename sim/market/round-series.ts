/**
 * What each round contributed, over time, for the run's steady-state
 * intervals (sim/stats/batch-means.ts): per cell (the nodes of one role,
 * population and model) and for the run as a whole, sums over consecutive
 * stretches of rounds ("microbatches"), with the virtual time each stretch
 * ended.
 *
 * Memory is fixed: at most CAPACITY microbatches are kept. When they are all
 * used, neighbours are merged pairwise and stretches from then on are twice
 * as long, so a run of any length ends with between CAPACITY/2 and CAPACITY
 * microbatches (or fewer, for a short run) — enough for MSER to place a
 * warm-up and for batch means to form their batches. Cells are summed into
 * any grouping afterwards (role-model, population, operator), since sums add.
 *
 * Recording is a few additions into one small array, with no allocation.
 */
import type { LedgerEntry } from './ledger.js';

/** What a participant's round adds to its cell, each as a sum; the reward also as a sum of squares (for its effective sample size). */
export const CELL_VALUES = [
  'reward',
  'profit',
  /** Inference: normalized consensus quality; evaluators: agreement with the consensus. */
  'quality',
  /** Inference: the answer's true quality; evaluators: the score given. */
  'truth',
  'cost',
  'reportedCostUsd',
  'trueCostUsd',
  'serviceMs',
  'waitMs',
  /** 1 when the job waited in its queue, else 0. */
  'waited',
] as const;
export type CellValue = (typeof CELL_VALUES)[number];

/** What each settled round adds to the run's series. */
export const RUN_VALUES = ['responseMs', 'consensusError', 'honestReferenceError', 'trueQuality', 'trueInferenceCostUsd'] as const;
export type RunValue = (typeof RUN_VALUES)[number];

/** Microbatches kept; a power of two. */
export const CAPACITY = 256;
/** Rounds in a microbatch before the first merge: MSER-5's batches. */
const FIRST_SIZE = 5;
const COUNT = 0;
const VALUES = CELL_VALUES.length;
/** count, then each value's sum, then the reward's sum of squares. */
const CELL_SLOTS = 2 + VALUES;
const REWARD_SQUARES = 1 + VALUES;
const RUN_SLOTS = 1 + RUN_VALUES.length;
/** What the series holds per cell, in bytes (for the memory estimate). */
export const SERIES_BYTES_PER_CELL = CAPACITY * CELL_SLOTS * 8;

const REWARD = 1;
const PROFIT = 2;
const QUALITY = 3;
const TRUTH = 4;
const COST = 5;
const REPORTED_COST = 6;
const TRUE_COST = 7;
const SERVICE = 8;
const WAIT = 9;
const WAITED = 10;

export class RoundSeries {
  private readonly cells: Float64Array;
  private readonly run: Float64Array;
  private readonly ends: Float64Array;
  private batch = 0;
  private roundsInBatch = 0;
  private batchSize = FIRST_SIZE;
  private finished = false;

  constructor(readonly cellCount: number) {
    this.cells = new Float64Array(cellCount * CAPACITY * CELL_SLOTS);
    this.run = new Float64Array(CAPACITY * RUN_SLOTS);
    this.ends = new Float64Array(CAPACITY);
  }

  /** Adds a participant's round (its ledger entry, and the stake slashed from it) to its cell's current microbatch. */
  record(cell: number, entry: Readonly<LedgerEntry>, slashed: number, inference: boolean): void {
    const c = this.cells;
    const at = (cell * CAPACITY + this.batch) * CELL_SLOTS;
    const truth = inference ? entry.pairY : entry.pairX;
    const waited = entry.waitMs > 0 ? 1 : 0;
    const reward = entry.reward;
    c[at + COUNT]!++;
    c[at + REWARD] = c[at + REWARD]! + reward;
    c[at + REWARD_SQUARES] = c[at + REWARD_SQUARES]! + reward * reward;
    c[at + PROFIT] = c[at + PROFIT]! + reward - slashed;
    c[at + QUALITY] = c[at + QUALITY]! + entry.quality;
    c[at + TRUTH] = c[at + TRUTH]! + truth;
    c[at + COST] = c[at + COST]! + entry.cost;
    c[at + REPORTED_COST] = c[at + REPORTED_COST]! + entry.reportedCostUsd;
    c[at + TRUE_COST] = c[at + TRUE_COST]! + entry.trueCostUsd;
    c[at + SERVICE] = c[at + SERVICE]! + entry.serviceMs;
    c[at + WAIT] = c[at + WAIT]! + entry.waitMs;
    c[at + WAITED] = c[at + WAITED]! + waited;
  }

  /** Closes a settled round: adds its run-level values, and ends the microbatch when it is full. */
  endRound(nowMs: number, responseMs: number, consensusError: number, honestError: number, trueQuality: number, trueCost: number): void {
    const r = this.run;
    const at = this.batch * RUN_SLOTS;
    r[at]!++;
    r[at + 1] = r[at + 1]! + responseMs;
    r[at + 2] = r[at + 2]! + consensusError;
    r[at + 3] = r[at + 3]! + honestError;
    r[at + 4] = r[at + 4]! + trueQuality;
    r[at + 5] = r[at + 5]! + trueCost;
    if (++this.roundsInBatch === this.batchSize) this.closeBatch(nowMs);
  }

  /** Ends the run: a partly filled microbatch is kept, ending at `nowMs`. */
  finish(nowMs: number): void {
    if (this.finished) return;
    this.finished = true;
    if (this.roundsInBatch > 0) this.closeBatch(nowMs);
  }

  /** Microbatches in use, once finished. */
  get length(): number {
    return this.batch;
  }

  /** Virtual time at which microbatch `b` ended. */
  endMs(b: number): number {
    return this.ends[b]!;
  }

  /** Rounds settled in microbatch `b` (the run's count). */
  rounds(b: number): number {
    return this.run[b * RUN_SLOTS]!;
  }

  /** Participations of `cell` in microbatch `b`. */
  count(cell: number, b: number): number {
    return this.cells[(cell * CAPACITY + b) * CELL_SLOTS + COUNT]!;
  }

  /** The sum of `value` over `cell`'s participations in microbatch `b`. */
  sum(cell: number, value: CellValue, b: number): number {
    return this.cells[(cell * CAPACITY + b) * CELL_SLOTS + 1 + CELL_VALUES.indexOf(value)]!;
  }

  /** The sum of squared rewards over `cell`'s participations in microbatch `b`. */
  rewardSquares(cell: number, b: number): number {
    return this.cells[(cell * CAPACITY + b) * CELL_SLOTS + REWARD_SQUARES]!;
  }

  /** The sum of a run-level value over the rounds of microbatch `b`. */
  runSum(value: RunValue, b: number): number {
    return this.run[b * RUN_SLOTS + 1 + RUN_VALUES.indexOf(value)]!;
  }

  private closeBatch(nowMs: number): void {
    this.ends[this.batch] = nowMs;
    this.batch++;
    this.roundsInBatch = 0;
    if (this.batch === CAPACITY && !this.finished) this.halve();
  }

  /** Merges neighbouring microbatches pairwise; from now on a microbatch holds twice as many rounds. */
  private halve(): void {
    const half = CAPACITY / 2;
    for (let cell = 0; cell < this.cellCount; cell++) mergePairs(this.cells, cell * CAPACITY * CELL_SLOTS, CELL_SLOTS);
    mergePairs(this.run, 0, RUN_SLOTS);
    for (let b = 0; b < half; b++) this.ends[b] = this.ends[2 * b + 1]!;
    this.ends.fill(0, half);
    this.batch = half;
    this.batchSize *= 2;
  }
}

/** Replaces CAPACITY records of `slots` from `base` by the sums of neighbouring pairs, zeroing the second half. */
function mergePairs(values: Float64Array, base: number, slots: number): void {
  const half = CAPACITY / 2;
  for (let b = 0; b < half; b++) {
    const to = base + b * slots;
    const first = base + 2 * b * slots;
    for (let s = 0; s < slots; s++) values[to + s] = values[first + s]! + values[first + slots + s]!;
  }
  values.fill(0, base + half * slots, base + CAPACITY * slots);
}
