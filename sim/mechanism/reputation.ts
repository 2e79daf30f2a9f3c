/**
 * Reputation: an exponentially weighted average per node of its consensus
 * quality (F nodes) or its agreement with consensus (M nodes), lowered by
 * audit flags. It can weight routing and evaluator selection, and eject
 * nodes that fall below a threshold.
 */
import type { ReputationSpec } from '../scenario/defence-schema.js';

export class Reputation {
  readonly value: Float64Array;
  readonly rounds: Float64Array;

  constructor(
    nodes: number,
    private readonly spec: ReputationSpec,
  ) {
    this.value = new Float64Array(nodes).fill(spec.initial);
    this.rounds = new Float64Array(nodes);
  }

  /** Folds one round's outcome (on [0, 1]) into the node's reputation and returns the new value. */
  record(node: number, outcome: number): number {
    this.rounds[node]!++;
    const updated = this.value[node]! + this.spec.smoothing * (outcome - this.value[node]!);
    return (this.value[node] = updated < 0 ? 0 : updated > 1 ? 1 : updated);
  }

  penalize(node: number, amount: number): number {
    const updated = this.value[node]! - amount;
    return (this.value[node] = updated < 0 ? 0 : updated);
  }

  /** True when the node has played long enough and its reputation is below the ejection threshold. */
  belowThreshold(node: number): boolean {
    return this.spec.ejectBelow > 0 && this.rounds[node]! >= this.spec.minRounds && this.value[node]! < this.spec.ejectBelow;
  }
}
