/**
 * Consensus rules: one interface, chosen by name in the scenario. A rule
 * aggregates `count` scores starting at `offset` of `scores`, submitted by
 * the evaluators at the same positions of `evaluators`; `scratch` is
 * caller-owned space of at least `count` entries, so nothing is allocated
 * per round. Stateful rules (trust weighting) learn in `observe`, called once
 * per settled round with the round's final consensus. Rules whose weights
 * are reported at the end of a run (multiplicative trust) also expose them
 * through `trustWeights`.
 */
import { MultiplicativeTrustConsensus, type MultiplicativeTrustParameters } from './multiplicative-trust.js';

/** Which rule aggregates a round's scores, and its constants (a scenario's `mechanism.consensus`). */
export type ConsensusParameters =
  | { readonly rule: 'mean' }
  | { readonly rule: 'median' }
  | { readonly rule: 'trimmed-mean'; readonly trimFraction: number }
  | { readonly rule: 'trust-weighted'; readonly smoothing: number; readonly temperature: number }
  | ({ readonly rule: 'multiplicative-trust' } & MultiplicativeTrustParameters);

export interface ConsensusRule {
  readonly name: string;
  aggregate(scores: Float64Array, evaluators: Int32Array, offset: number, count: number, scratch: Float64Array): number;
  observe(scores: Float64Array, evaluators: Int32Array, offset: number, count: number, consensus: number): void;
}

const stateless = (name: string, aggregate: ConsensusRule['aggregate']): ConsensusRule => ({
  name,
  aggregate,
  observe() {},
});

export const meanConsensus: ConsensusRule = stateless('mean', (scores, _evaluators, offset, count) => {
  let sum = 0;
  for (let i = 0; i < count; i++) sum += scores[offset + i]!;
  return sum / count;
});

/** Copies the scores into scratch and sorts them ascending (insertion sort: K is small). */
function sortedCopy(scores: Float64Array, offset: number, count: number, scratch: Float64Array): void {
  for (let i = 0; i < count; i++) {
    const value = scores[offset + i]!;
    let j = i - 1;
    while (j >= 0 && scratch[j]! > value) {
      scratch[j + 1] = scratch[j]!;
      j--;
    }
    scratch[j + 1] = value;
  }
}

export const medianConsensus: ConsensusRule = stateless('median', (scores, _evaluators, offset, count, scratch) => {
  sortedCopy(scores, offset, count, scratch);
  const middle = count >> 1;
  return count % 2 === 1 ? scratch[middle]! : (scratch[middle - 1]! + scratch[middle]!) / 2;
});

/** Drops floor(trimFraction · K) scores at each end, then averages the rest. */
export function trimmedMeanConsensus(trimFraction: number): ConsensusRule {
  return stateless(`trimmed-mean(${trimFraction})`, (scores, evaluators, offset, count, scratch) => {
    const trim = Math.floor(trimFraction * count);
    if (trim === 0) return meanConsensus.aggregate(scores, evaluators, offset, count, scratch);
    sortedCopy(scores, offset, count, scratch);
    let sum = 0;
    for (let i = trim; i < count - trim; i++) sum += scratch[i]!;
    return sum / (count - 2 * trim);
  });
}

/**
 * Adaptive trust weighting: each evaluator's weight is exp(−d / temperature),
 * d its exponentially weighted mean deviation |s − C| from past consensus.
 * Weights use only past rounds, so an evaluator cannot buy trust within the
 * round it is judged in.
 */
export class TrustWeightedConsensus implements ConsensusRule {
  readonly name = 'trust-weighted';
  private readonly deviation: Float64Array;

  constructor(
    evaluators: number,
    private readonly smoothing: number,
    private readonly temperature: number,
  ) {
    this.deviation = new Float64Array(evaluators);
  }

  /** The evaluator's moving average deviation |s − C| from past consensus. */
  deviationOf(evaluator: number): number {
    return this.deviation[evaluator]!;
  }

  weight(evaluator: number): number {
    return Math.exp(-this.deviation[evaluator]! / this.temperature);
  }

  aggregate(scores: Float64Array, evaluators: Int32Array, offset: number, count: number): number {
    let weighted = 0;
    let total = 0;
    for (let i = 0; i < count; i++) {
      const w = this.weight(evaluators[offset + i]!);
      weighted += w * scores[offset + i]!;
      total += w;
    }
    // Every weight can underflow to 0 when all deviations are huge; fall back to the mean.
    return total > 0 ? weighted / total : meanConsensus.aggregate(scores, evaluators, offset, count, scores);
  }

  observe(scores: Float64Array, evaluators: Int32Array, offset: number, count: number, consensus: number): void {
    for (let i = 0; i < count; i++) {
      const e = evaluators[offset + i]!;
      this.deviation[e] = this.deviation[e]! + this.smoothing * (Math.abs(scores[offset + i]! - consensus) - this.deviation[e]!);
    }
  }
}

export function consensusRule(spec: ConsensusParameters, evaluators: number): ConsensusRule {
  switch (spec.rule) {
    case 'mean':
      return meanConsensus;
    case 'median':
      return medianConsensus;
    case 'trimmed-mean':
      return trimmedMeanConsensus(spec.trimFraction);
    case 'trust-weighted':
      return new TrustWeightedConsensus(evaluators, spec.smoothing, spec.temperature);
    case 'multiplicative-trust':
      return new MultiplicativeTrustConsensus(evaluators, spec);
  }
}

/** The rule's weights when a run reports them (multiplicative trust), else null. */
export function trustWeightsOf(rule: ConsensusRule): MultiplicativeTrustConsensus | null {
  return rule instanceof MultiplicativeTrustConsensus ? rule : null;
}
