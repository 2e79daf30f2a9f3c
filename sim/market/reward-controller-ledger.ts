/**
 * The reward controller's books (issue 18), kept only when a scenario
 * declares `mechanism.rewards.controller`: at each full epoch's end it
 * measures the epoch from the role ledgers' running totals (and the pool's
 * payouts, which the pool, an earlier listener, has just paid), moves the
 * coefficient it adjusts and has the payments rebuild their rule. The scan
 * is O(nodes) per epoch and nothing is counted per round: epochs are rare.
 * The run's last, partial epoch moves nothing.
 */
import {
  type ControllerMeasure,
  type ControllerParameters,
  type ControllerStep,
  controlledValue,
  targetOf,
} from '../mechanism/reward-controller.js';
import type { EpochListener } from './epoch-clock.js';
import type { NodeLedger } from './ledger.js';
import type { PoolLedger } from './pool-ledger.js';

/** Where the coefficients go: the payments, which rebuild their rule from them. */
export interface CoefficientSink {
  setCoefficients(alpha: number, beta: number): void;
}

/** What the controller reads and tells, known once the market is built. */
export interface ControlledMarket {
  readonly inference: NodeLedger;
  readonly evaluators: NodeLedger;
  /** With a pool, the tokens paid are its payouts, not Σ R. */
  readonly pool: PoolLedger | null;
  readonly payments: CoefficientSink;
}

/** Running totals at an epoch's end: the epoch's measure is the difference from the previous one's. */
class EpochTotals {
  rounds = 0;
  costUsd = 0;
  tokens = 0;
  evaluatorTokens = 0;
}

export class RewardControllerLedger implements EpochListener {
  alpha: number;
  beta: number;
  /** The value the scenario gave the adjusted coefficient. */
  readonly initial: number;
  /** The last full epoch's measure; NaN before one has ended, or when it measured nothing. */
  lastMeasure = Number.NaN;
  /** Every full epoch's step, in order: epochs are few, so the path is kept whole. */
  readonly path: ControllerStep[] = [];
  private readonly measure: ControllerMeasure;
  private readonly target: number;
  private market: ControlledMarket | null = null;
  private before = new EpochTotals();
  private now = new EpochTotals();

  constructor(
    readonly spec: ControllerParameters,
    alpha: number,
    beta: number,
  ) {
    this.alpha = alpha;
    this.beta = beta;
    this.initial = spec.adjust === 'alpha' ? alpha : beta;
    ({ measure: this.measure, value: this.target } = targetOf(spec.target));
  }

  /** The adjusted coefficient in force. */
  get value(): number {
    return this.spec.adjust === 'alpha' ? this.alpha : this.beta;
  }

  /** Called by the market once its ledgers and payments exist, before any event. */
  attach(market: ControlledMarket): void {
    this.market = market;
  }

  epochEnded(endMs: number, epoch: number, fraction: number): void {
    if (fraction < 1) return;
    this.total(this.now);
    const measure = this.epochMeasure();
    [this.before, this.now] = [this.now, this.before];
    this.lastMeasure = measure;
    const value = controlledValue(this.value, measure, this.target, this.spec);
    if (this.spec.adjust === 'alpha') this.alpha = value;
    else this.beta = value;
    this.market!.payments.setCoefficients(this.alpha, this.beta);
    this.path.push({ epoch, endSeconds: endMs / 1000, measure: Number.isFinite(measure) ? measure : null, value });
  }

  /** The epoch's measure from this end's totals and the previous one's; NaN when no round was paid in it. */
  private epochMeasure(): number {
    const { now, before } = this;
    if (now.rounds === before.rounds) return Number.NaN;
    const tokens = now.tokens - before.tokens;
    switch (this.measure) {
      case 'totalCostUsd':
        return now.costUsd - before.costUsd;
      case 'tokensPerEpoch':
        return tokens;
      case 'evaluatorShare':
        return tokens > 0 ? (now.evaluatorTokens - before.evaluatorTokens) / tokens : Number.NaN;
    }
  }

  /** Fills `into` with the run's totals so far: rounds, true cost, and tokens paid (Σ R, or the pool's payouts). */
  private total(into: EpochTotals): void {
    const { inference, evaluators, pool } = this.market!;
    let rounds = 0;
    let costUsd = 0;
    let inferenceTokens = 0;
    let evaluatorTokens = 0;
    for (let node = 0; node < inference.size; node++) {
      rounds += inference.rounds(node);
      costUsd += inference.trueCostUsdSum(node);
      inferenceTokens += pool === null ? inference.rewardSum(node) : pool.payout(true, node);
    }
    for (let node = 0; node < evaluators.size; node++) {
      rounds += evaluators.rounds(node);
      costUsd += evaluators.trueCostUsdSum(node);
      evaluatorTokens += pool === null ? evaluators.rewardSum(node) : pool.payout(false, node);
    }
    into.rounds = rounds;
    into.costUsd = costUsd;
    into.tokens = inferenceTokens + evaluatorTokens;
    into.evaluatorTokens = evaluatorTokens;
  }
}
