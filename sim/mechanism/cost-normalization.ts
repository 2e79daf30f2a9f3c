/**
 * Maps a cost in USD to the [0, 1] scale the reward rule weighs against
 * quality. The bounds come from the expected costs of the nodes of one role
 * (min–max, the paper's "cost norms") or from the scenario.
 */
import type { CostNormalizationSpec } from '../scenario/schema.js';

export interface CostScale {
  readonly low: number;
  readonly high: number;
  readonly clip: boolean;
}

export function costScale(spec: CostNormalizationSpec, expectedCosts: ArrayLike<number>): CostScale {
  let low = Number.POSITIVE_INFINITY;
  let high = 0;
  for (let i = 0; i < expectedCosts.length; i++) {
    low = Math.min(low, expectedCosts[i]!);
    high = Math.max(high, expectedCosts[i]!);
  }
  switch (spec.method) {
    case 'minmax':
      return { low, high, clip: spec.clip };
    case 'max':
      return { low: 0, high, clip: spec.clip };
    case 'fixed':
      return { low: spec.min!, high: spec.max!, clip: spec.clip };
  }
}

/** A degenerate scale (every node costs the same) maps every cost to 0: cost then does not discriminate. */
export function normalizeCost(cost: number, scale: CostScale): number {
  const span = scale.high - scale.low;
  if (!(span > 0)) return 0;
  const c = (cost - scale.low) / span;
  if (!scale.clip) return c;
  return c < 0 ? 0 : c > 1 ? 1 : c;
}
