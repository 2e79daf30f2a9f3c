/**
 * Samples K distinct evaluators uniformly, by a partial Fisher–Yates shuffle
 * over a permutation kept between rounds (any starting permutation gives
 * uniformly distributed K-subsets, so it need not be reset).
 */
import type { StreamBank } from '../random/streams.js';

export class EvaluatorSampler {
  private readonly permutation: Int32Array;

  constructor(
    poolSize: number,
    private readonly bank: StreamBank,
    private readonly stream: number,
  ) {
    this.permutation = new Int32Array(poolSize);
    for (let i = 0; i < poolSize; i++) this.permutation[i] = i;
  }

  /** Writes `k` distinct evaluator indices into `out[offset..offset+k)`. */
  sampleInto(out: Int32Array, offset: number, k: number): void {
    const permutation = this.permutation;
    const n = permutation.length;
    for (let i = 0; i < k; i++) {
      const j = i + Math.floor(this.bank.uniform(this.stream) * (n - i));
      const chosen = permutation[j]!;
      permutation[j] = permutation[i]!;
      permutation[i] = chosen;
      out[offset + i] = chosen;
    }
  }
}
