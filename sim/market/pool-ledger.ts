/**
 * The pool's books (issue 18), kept only when a scenario declares
 * `mechanism.rewards.pool`: each node's score over the current epoch (the
 * sum of its rounds' rule values R), and its payouts in tokens. Nodes are
 * indexed inference first, then evaluators, so a network-wide split reads
 * one array. Everything is allocated here, once.
 *
 * An epoch is settled when the market's epoch clock ends it (epoch-clock.ts).
 */
import { type PoolParameters, splitEmission } from '../mechanism/pool-rules.js';
import type { EpochListener } from './epoch-clock.js';
import type { MarketMoney } from './money-ledger.js';

export class PoolLedger implements EpochListener {
  /** Σ R of each node over the current epoch. */
  private readonly scores: Float64Array;
  /** 1 for a node with a paid round in the current epoch. */
  private readonly scored: Uint8Array;
  /** Tokens paid to each node over the run. */
  readonly payouts: Float64Array;
  private readonly members: Int32Array;
  private readonly shares: Float64Array;
  private readonly order: Int32Array;
  /** Tokens paid over the run. */
  emissionPaid = 0;
  /** Epochs settled, the last partial one included. */
  epochs = 0;

  constructor(
    private readonly spec: PoolParameters,
    private readonly inferenceNodes: number,
    evaluatorNodes: number,
    /** Payouts are valued at the token price of the epoch's end; null without `economics:`. */
    private readonly money: MarketMoney | null,
  ) {
    const nodes = inferenceNodes + evaluatorNodes;
    this.scores = new Float64Array(nodes);
    this.scored = new Uint8Array(nodes);
    this.payouts = new Float64Array(nodes);
    this.members = new Int32Array(nodes);
    this.shares = new Float64Array(nodes);
    this.order = new Int32Array(nodes);
  }

  /** Adds a round's rule value R to the node's score for the epoch under way. */
  score(isInference: boolean, node: number, reward: number): void {
    const i = isInference ? node : this.inferenceNodes + node;
    this.scores[i]! += reward;
    this.scored[i] = 1;
  }

  /** A node's payouts over the run, in tokens. */
  payout(isInference: boolean, node: number): number {
    return this.payouts[isInference ? node : this.inferenceNodes + node]!;
  }

  /** Pays the epoch ended at `endMs`: `fraction` of the emission (1 for a full epoch, less for the run's last partial one). */
  epochEnded(endMs: number, _epoch: number, fraction: number): void {
    const amount = this.spec.emissionPerEpoch * fraction;
    const total = this.scores.length;
    if (this.spec.scope === 'network') this.pay(0, total, amount, endMs);
    else this.payRoles(amount, endMs);
    this.scores.fill(0);
    this.scored.fill(0);
    this.epochs++;
  }

  /**
   * Divides the amount between the roles (a declared inference share, else in
   * proportion to each role's summed non-negative scores, else to its number
   * of scorers); a role without scorers leaves its share to the other.
   */
  private payRoles(amount: number, nowMs: number): void {
    const split = this.inferenceNodes;
    const total = this.scores.length;
    const inference = this.tally(0, split);
    const evaluators = this.tally(split, total);
    let share: number;
    if (inference.scorers === 0 || evaluators.scorers === 0) share = inference.scorers > 0 ? 1 : 0;
    else if (this.spec.inferenceShare !== undefined) share = this.spec.inferenceShare;
    else if (inference.positive + evaluators.positive > 0) share = inference.positive / (inference.positive + evaluators.positive);
    else share = inference.scorers / (inference.scorers + evaluators.scorers);
    this.pay(0, split, amount * share, nowMs);
    this.pay(split, total, amount * (1 - share), nowMs);
  }

  private tally(from: number, to: number): { scorers: number; positive: number } {
    let scorers = 0;
    let positive = 0;
    for (let i = from; i < to; i++) {
      if (this.scored[i] === 0) continue;
      scorers++;
      if (this.scores[i]! > 0) positive += this.scores[i]!;
    }
    return { scorers, positive };
  }

  /** Splits `amount` among the scorers of nodes [from, to); nothing is paid when none scored. */
  private pay(from: number, to: number, amount: number, nowMs: number): void {
    let count = 0;
    for (let i = from; i < to; i++) if (this.scored[i] === 1) this.members[count++] = i;
    if (count === 0 || !(amount > 0)) return;
    splitEmission(this.spec.split, this.scores, this.members, count, amount, this.shares, this.order);
    for (let j = 0; j < count; j++) {
      const i = this.members[j]!;
      this.payouts[i]! += this.shares[j]!;
      this.emissionPaid += this.shares[j]!;
      const isInference = i < this.inferenceNodes;
      if (this.money !== null) this.money.creditPayout(isInference, isInference ? i : i - this.inferenceNodes, this.shares[j]!, nowMs);
    }
  }
}
