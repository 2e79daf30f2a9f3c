/**
 * Routing of a request to an F node: uniform (the paper), static weights
 * (expected quality per cost), or reputation, an exponentially weighted
 * average of each node's consensus quality that changes every round.
 * Weighted choice uses a Fenwick tree: O(log n) to draw and to update.
 */
import type { StreamBank } from '../random/streams.js';

export interface Router {
  pick(): number;
  /** Called when a node's request settles with normalized consensus quality `quality`. */
  observe(node: number, quality: number): void;
}

export class UniformRouter implements Router {
  constructor(
    private readonly nodes: number,
    private readonly bank: StreamBank,
    private readonly stream: number,
  ) {}
  pick(): number {
    return Math.floor(this.bank.uniform(this.stream) * this.nodes);
  }
  observe(): void {}
}

/** Prefix sums over non-negative weights, with weighted sampling by descent. */
export class FenwickTree {
  private readonly tree: Float64Array;
  private readonly weights: Float64Array;
  private readonly topBit: number;
  private sum = 0;

  constructor(weights: ArrayLike<number>) {
    const n = weights.length;
    this.tree = new Float64Array(n + 1);
    this.weights = new Float64Array(n);
    let bit = 1;
    while (bit * 2 <= n) bit *= 2;
    this.topBit = bit;
    for (let i = 0; i < n; i++) this.set(i, weights[i]!);
  }

  get total(): number {
    return this.sum;
  }

  weight(index: number): number {
    return this.weights[index]!;
  }

  set(index: number, weight: number): void {
    const delta = weight - this.weights[index]!;
    this.weights[index] = weight;
    this.sum += delta;
    for (let i = index + 1; i < this.tree.length; i += i & -i) this.tree[i] = this.tree[i]! + delta;
  }

  /** The index whose cumulative weight interval contains `target` in [0, total). */
  find(target: number): number {
    let position = 0;
    for (let bit = this.topBit; bit > 0; bit >>= 1) {
      const next = position + bit;
      if (next < this.tree.length && this.tree[next]! <= target) {
        position = next;
        target -= this.tree[next]!;
      }
    }
    // Rounding can land on a zero-weight node at the end; step back to one that can be chosen.
    let index = Math.min(position, this.weights.length - 1);
    while (index > 0 && this.weights[index] === 0) index--;
    return index;
  }
}

export class WeightedRouter implements Router {
  protected readonly tree: FenwickTree;
  constructor(
    weights: ArrayLike<number>,
    private readonly bank: StreamBank,
    private readonly stream: number,
  ) {
    this.tree = new FenwickTree(weights);
  }
  pick(): number {
    return this.tree.find(this.bank.uniform(this.stream) * this.tree.total);
  }
  observe(_node: number, _quality: number): void {}
}

export class ReputationRouter extends WeightedRouter {
  private readonly reputation: Float64Array;
  constructor(
    nodes: number,
    bank: StreamBank,
    stream: number,
    private readonly smoothing: number,
    initial: number,
    private readonly exponent: number,
  ) {
    super(new Float64Array(nodes).fill(Math.pow(initial, exponent)), bank, stream);
    this.reputation = new Float64Array(nodes).fill(initial);
  }
  override observe(node: number, quality: number): void {
    const updated = this.reputation[node]! + this.smoothing * (quality - this.reputation[node]!);
    this.reputation[node] = updated;
    // A floor keeps every node reachable, so a node can recover from a bad streak.
    this.tree.set(node, Math.pow(Math.max(updated, 1e-6), this.exponent));
  }
}
