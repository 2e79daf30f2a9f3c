/**
 * Routing of a request to an inference node: uniform over the active nodes (the
 * paper), static weights (expected quality per cost), or reputation.
 * Weighted choice uses a Fenwick tree: O(log n) to draw and to update.
 * Ejected nodes are removed and never chosen again; a candidate node that
 * joins the market (issue 18's entry) is removed before the run starts and
 * restored when it joins.
 */
import type { StreamBank } from '../random/streams.js';

export interface Router {
  pick(): number;
  /** Tells the router a node's current reputation (reputation routing uses it; others ignore it). */
  setReputation(node: number, reputation: number): void;
  remove(node: number): void;
  /** Puts a removed node back, at its current `reputation`. */
  restore(node: number, reputation: number): void;
}

/** Uniform over an active set kept dense by swap-removal. */
export class UniformRouter implements Router {
  private readonly active: Int32Array;
  private readonly position: Int32Array;
  private count: number;

  constructor(
    nodes: number,
    private readonly bank: StreamBank,
    private readonly stream: number,
  ) {
    this.active = new Int32Array(nodes);
    this.position = new Int32Array(nodes);
    for (let i = 0; i < nodes; i++) this.active[i] = this.position[i] = i;
    this.count = nodes;
  }
  pick(): number {
    return this.active[Math.floor(this.bank.uniform(this.stream) * this.count)]!;
  }
  setReputation(): void {}
  remove(node: number): void {
    const at = this.position[node]!;
    if (at >= this.count) return;
    const last = this.active[--this.count]!;
    this.active[at] = last;
    this.position[last] = at;
    this.active[this.count] = node;
    this.position[node] = this.count;
  }
  restore(node: number): void {
    const at = this.position[node]!;
    if (at < this.count) return;
    const first = this.active[this.count]!;
    this.active[at] = first;
    this.position[first] = at;
    this.active[this.count] = node;
    this.position[node] = this.count++;
  }
}

/** Prefix sums over non-negative weights, with weighted sampling by descent. */
export class FenwickTree {
  private readonly tree: Float64Array;
  private readonly weights: Float64Array;
  private readonly topBit: number;
  private sum = 0;

  constructor(weights: ArrayLike<number>) {
    const n = weights.length;
    let bit = 1;
    while (bit * 2 <= n) bit *= 2;
    this.topBit = bit;
    // Padded to a power of two with entries too large to ever be taken, so the descent needs no bounds check.
    this.tree = new Float64Array(Math.max(n + 1, 2 * bit)).fill(Number.MAX_VALUE, n + 1);
    this.weights = new Float64Array(n);
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
    if (delta === 0) return;
    this.weights[index] = weight;
    this.sum += delta;
    const last = this.weights.length;
    for (let i = index + 1; i <= last; i += i & -i) this.tree[i] = this.tree[i]! + delta;
  }

  /** The index whose cumulative weight interval contains `target` in [0, total). */
  find(target: number): number {
    const tree = this.tree;
    let position = 0;
    // Branch-free descent: which way each level goes is a coin flip, and a
    // mispredicted branch per level costs more than the arithmetic.
    // Not taking a step subtracts 0, so the result is the branching one's.
    for (let bit = this.topBit; bit > 0; bit >>= 1) {
      const value = tree[position + bit]!;
      const take = +(value <= target);
      position += take * bit;
      target -= take * value;
    }
    // Rounding can land on a zero-weight node; step to the nearest one that can be chosen.
    let index = Math.min(position, this.weights.length - 1);
    while (index > 0 && this.weights[index] === 0) index--;
    while (index < this.weights.length - 1 && this.weights[index] === 0) index++;
    return index;
  }
}

export class WeightedRouter implements Router {
  protected readonly tree: FenwickTree;
  protected readonly removed: Uint8Array;
  /** The static weights, for a node restored. */
  private readonly initial: Float64Array;
  constructor(
    weights: ArrayLike<number>,
    private readonly bank: StreamBank,
    private readonly stream: number,
  ) {
    this.tree = new FenwickTree(weights);
    this.removed = new Uint8Array(weights.length);
    this.initial = Float64Array.from(weights);
  }
  pick(): number {
    return this.tree.find(this.bank.uniform(this.stream) * this.tree.total);
  }
  setReputation(_node: number, _reputation: number): void {}
  remove(node: number): void {
    this.removed[node] = 1;
    this.tree.set(node, 0);
  }
  restore(node: number, reputation: number): void {
    this.removed[node] = 0;
    this.tree.set(node, this.weightOf(node, reputation));
  }
  protected weightOf(node: number, _reputation: number): number {
    return this.initial[node]!;
  }
}

export class ReputationRouter extends WeightedRouter {
  constructor(
    nodes: number,
    bank: StreamBank,
    stream: number,
    initial: number,
    private readonly exponent: number,
  ) {
    super(new Float64Array(nodes).fill(reputationWeight(initial, exponent)), bank, stream);
  }
  override setReputation(node: number, reputation: number): void {
    if (this.removed[node] === 0) this.tree.set(node, reputationWeight(reputation, this.exponent));
  }
  protected override weightOf(_node: number, reputation: number): number {
    return reputationWeight(reputation, this.exponent);
  }
}

/** reputation^exponent with a floor, so a node can recover from a bad streak. */
export function reputationWeight(reputation: number, exponent: number): number {
  const floored = reputation > 1e-6 ? reputation : 1e-6;
  return exponent === 1 ? floored : Math.pow(floored, exponent);
}
