/**
 * Samples K distinct evaluators per round from the active pool: uniformly
 * (the paper), by a partial Fisher–Yates shuffle over a permutation kept
 * between rounds (any starting permutation gives uniformly distributed
 * K-subsets), or in proportion to reputation, by K weighted draws without
 * replacement on a Fenwick tree.
 */
import type { StreamBank } from '../random/streams.js';
import { FenwickTree, reputationWeight } from './routing.js';

export interface EvaluatorSelection {
  /** Writes `k` distinct evaluator indices into `out[offset..offset+k)`; `k` never exceeds `active`. */
  sampleInto(out: Int32Array, offset: number, k: number): void;
  setReputation(evaluator: number, reputation: number): void;
  remove(evaluator: number): void;
  /** Puts a removed evaluator back, at its current `reputation` (a candidate joining). */
  restore(evaluator: number, reputation: number): void;
  readonly active: number;
}

export class UniformEvaluatorSelection implements EvaluatorSelection {
  private readonly permutation: Int32Array;
  private readonly position: Int32Array;
  private count: number;

  constructor(
    poolSize: number,
    private readonly bank: StreamBank,
    private readonly stream: number,
  ) {
    this.permutation = new Int32Array(poolSize);
    this.position = new Int32Array(poolSize);
    for (let i = 0; i < poolSize; i++) this.permutation[i] = this.position[i] = i;
    this.count = poolSize;
  }

  get active(): number {
    return this.count;
  }

  sampleInto(out: Int32Array, offset: number, k: number): void {
    const permutation = this.permutation;
    const position = this.position;
    const n = this.count;
    for (let i = 0; i < k; i++) {
      const j = i + Math.floor(this.bank.uniform(this.stream) * (n - i));
      const chosen = permutation[j]!;
      const displaced = permutation[i]!;
      permutation[j] = displaced;
      position[displaced] = j;
      permutation[i] = chosen;
      position[chosen] = i;
      out[offset + i] = chosen;
    }
  }

  setReputation(): void {}

  remove(evaluator: number): void {
    const at = this.position[evaluator]!;
    if (at >= this.count) return;
    const last = this.permutation[--this.count]!;
    this.permutation[at] = last;
    this.position[last] = at;
    this.permutation[this.count] = evaluator;
    this.position[evaluator] = this.count;
  }

  restore(evaluator: number): void {
    const at = this.position[evaluator]!;
    if (at < this.count) return;
    const first = this.permutation[this.count]!;
    this.permutation[at] = first;
    this.position[first] = at;
    this.permutation[this.count] = evaluator;
    this.position[evaluator] = this.count++;
  }
}

export class ReputationEvaluatorSelection implements EvaluatorSelection {
  private readonly tree: FenwickTree;
  private readonly removed: Uint8Array;
  private count: number;
  /** Weights of the evaluators drawn in the current round, restored after the draw. */
  private held = new Float64Array(8);

  constructor(
    poolSize: number,
    private readonly bank: StreamBank,
    private readonly stream: number,
    initial: number,
    private readonly exponent: number,
  ) {
    this.tree = new FenwickTree(new Float64Array(poolSize).fill(reputationWeight(initial, exponent)));
    this.removed = new Uint8Array(poolSize);
    this.count = poolSize;
  }

  get active(): number {
    return this.count;
  }

  /**
   * Weighted draws without replacement. Redrawing on a repeat samples from
   * the remaining weights exactly as zeroing the picks would, and with K
   * much smaller than the pool it needs only K tree lookups; when weight is
   * so concentrated that repeats keep coming, fall back to zeroing.
   */
  sampleInto(out: Int32Array, offset: number, k: number): void {
    const tree = this.tree;
    let attempts = 0;
    for (let i = 0; i < k; i++) {
      let chosen: number;
      do {
        if (++attempts > 4 * k + 16) return this.sampleByZeroing(out, offset, k);
        chosen = tree.find(this.bank.uniform(this.stream) * tree.total);
      } while (includes(out, offset, i, chosen));
      out[offset + i] = chosen;
    }
  }

  private sampleByZeroing(out: Int32Array, offset: number, k: number): void {
    const tree = this.tree;
    if (this.held.length < k) this.held = new Float64Array(k);
    // Draw one at a time, zeroing each pick's weight so it cannot be drawn twice, then restore.
    for (let i = 0; i < k; i++) {
      const chosen = tree.find(this.bank.uniform(this.stream) * tree.total);
      out[offset + i] = chosen;
      this.held[i] = tree.weight(chosen);
      tree.set(chosen, 0);
    }
    for (let i = k - 1; i >= 0; i--) tree.set(out[offset + i]!, this.held[i]!);
  }

  setReputation(evaluator: number, reputation: number): void {
    if (this.removed[evaluator] === 0) this.tree.set(evaluator, reputationWeight(reputation, this.exponent));
  }

  remove(evaluator: number): void {
    if (this.removed[evaluator] === 1) return;
    this.removed[evaluator] = 1;
    this.count--;
    this.tree.set(evaluator, 0);
  }

  restore(evaluator: number, reputation: number): void {
    if (this.removed[evaluator] === 0) return;
    this.removed[evaluator] = 0;
    this.count++;
    this.tree.set(evaluator, reputationWeight(reputation, this.exponent));
  }
}

function includes(values: Int32Array, offset: number, count: number, value: number): boolean {
  for (let i = 0; i < count; i++) if (values[offset + i] === value) return true;
  return false;
}
