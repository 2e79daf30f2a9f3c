/**
 * Reputation: an exponentially weighted average per node of its consensus
 * quality (inference nodes) or its agreement with consensus (evaluator nodes), lowered by
 * audit flags. It can weight routing and evaluator selection, and eject
 * nodes that fall below a threshold.
 */

/** The reputation rule's constants (a scenario's `mechanism.reputation`). */
export interface ReputationParameters {
  /** Weight of the newest round in the moving average. */
  readonly smoothing: number;
  /** Reputation before a node's first round. */
  readonly initial: number;
  /** Eject a node whose reputation falls below this (0: never)... */
  readonly ejectBelow: number;
  /** ...once it has played this many rounds. */
  readonly minRounds: number;
}

/** Value and rounds played, side by side per node: both are read and written on every settlement. */
const STRIDE = 2;
const VALUE = 0;
const ROUNDS = 1;

export class Reputation {
  private readonly records: Float64Array;

  constructor(
    nodes: number,
    private readonly spec: ReputationParameters,
  ) {
    this.records = new Float64Array(nodes * STRIDE);
    for (let node = 0; node < nodes; node++) this.records[node * STRIDE + VALUE] = spec.initial;
  }

  /** Loads the node's record ahead of use and returns a number made of it (see sim/market/preload.ts); changes nothing. */
  touch(node: number): number {
    return this.records[node * STRIDE]!;
  }

  value(node: number): number {
    return this.records[node * STRIDE + VALUE]!;
  }

  /** Folds one round's outcome (on [0, 1]) into the node's reputation and returns the new value. */
  record(node: number, outcome: number): number {
    const r = this.records;
    const at = node * STRIDE;
    r[at + ROUNDS]!++;
    const current = r[at + VALUE]!;
    const updated = current + this.spec.smoothing * (outcome - current);
    return (r[at + VALUE] = updated < 0 ? 0 : updated > 1 ? 1 : updated);
  }

  penalize(node: number, amount: number): number {
    const at = node * STRIDE + VALUE;
    const updated = this.records[at]! - amount;
    return (this.records[at] = updated < 0 ? 0 : updated);
  }

  /** True when the node has played long enough and its reputation is below the ejection threshold. */
  belowThreshold(node: number): boolean {
    const at = node * STRIDE;
    return (
      this.spec.ejectBelow > 0 && this.records[at + ROUNDS]! >= this.spec.minRounds && this.records[at + VALUE]! < this.spec.ejectBelow
    );
  }
}
