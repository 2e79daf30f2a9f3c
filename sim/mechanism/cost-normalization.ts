/**
 * Maps a cost in USD to the [0, 1] scale the reward rule weighs against
 * quality. The bounds come from the expected costs of the nodes of one role
 * (min–max, the paper's "cost norms") or from the scenario.
 */

/** How costs enter the reward (a scenario's `mechanism.rewards.cost`). */
export interface CostNormalizationParameters {
  /** minmax: (c − lo) / (hi − lo) over the role's expected costs; max: c / hi; fixed: (c − min) / (max − min). */
  readonly method: 'minmax' | 'max' | 'fixed';
  /** The bounds of the fixed method, in USD. */
  readonly min?: number | undefined;
  readonly max?: number | undefined;
  /** request: the cost of this request; model-mean: the node's expected cost. */
  readonly signal: 'request' | 'model-mean';
  /** service: compute time only; sojourn: time in the node including queueing. */
  readonly basis: 'service' | 'sojourn';
  readonly clip: boolean;
}

export interface CostScale {
  readonly low: number;
  readonly high: number;
  readonly clip: boolean;
}

export function costScale(spec: CostNormalizationParameters, expectedCosts: ArrayLike<number>): CostScale {
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
