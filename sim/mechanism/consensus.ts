/**
 * Consensus rules: one interface, chosen by name in the scenario. A rule
 * aggregates `count` scores starting at `offset` of `scores`; `scratch` is
 * caller-owned space of at least `count` entries, so nothing is allocated
 * per round.
 */
import type { ConsensusSpec } from '../scenario/schema.js';

export interface ConsensusRule {
  readonly name: string;
  aggregate(scores: Float64Array, offset: number, count: number, scratch: Float64Array): number;
}

export const meanConsensus: ConsensusRule = {
  name: 'mean',
  aggregate(scores, offset, count) {
    let sum = 0;
    for (let i = 0; i < count; i++) sum += scores[offset + i]!;
    return sum / count;
  },
};

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

export const medianConsensus: ConsensusRule = {
  name: 'median',
  aggregate(scores, offset, count, scratch) {
    sortedCopy(scores, offset, count, scratch);
    const middle = count >> 1;
    return count % 2 === 1 ? scratch[middle]! : (scratch[middle - 1]! + scratch[middle]!) / 2;
  },
};

/** Drops floor(trimFraction · K) scores at each end, then averages the rest. */
export function trimmedMeanConsensus(trimFraction: number): ConsensusRule {
  return {
    name: `trimmed-mean(${trimFraction})`,
    aggregate(scores, offset, count, scratch) {
      const trim = Math.floor(trimFraction * count);
      if (trim === 0) return meanConsensus.aggregate(scores, offset, count, scratch);
      sortedCopy(scores, offset, count, scratch);
      let sum = 0;
      for (let i = trim; i < count - trim; i++) sum += scratch[i]!;
      return sum / (count - 2 * trim);
    },
  };
}

export function consensusRule(spec: ConsensusSpec): ConsensusRule {
  switch (spec.rule) {
    case 'mean':
      return meanConsensus;
    case 'median':
      return medianConsensus;
    case 'trimmed-mean':
      return trimmedMeanConsensus(spec.trimFraction);
  }
}
