/** The stake rule's constants (a scenario's `mechanism.stake`). */
export interface StakeParameters {
  /** Stake each node deposits, in reward units. */
  readonly initial: number;
  /** Eject a node whose stake is slashed to zero. */
  readonly ejectWhenExhausted: boolean;
}

/** Deposited stake per node, from which audits slash. */
export class Stake {
  private readonly balance: Float64Array;

  constructor(nodes: number, initial: number) {
    this.balance = new Float64Array(nodes).fill(initial);
  }

  /** Takes up to `amount` from the node's stake; returns what was taken. */
  slash(node: number, amount: number): number {
    const taken = Math.min(amount, this.balance[node]!);
    this.balance[node] = this.balance[node]! - taken;
    return taken;
  }

  balanceOf(node: number): number {
    return this.balance[node]!;
  }

  exhausted(node: number): boolean {
    return this.balance[node]! <= 0;
  }
}
