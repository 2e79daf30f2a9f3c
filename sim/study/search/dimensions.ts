/**
 * The dimensions of a search space: a closed numeric range (integer, log
 * scale) or a choice among a list's entries, and how a unit-cube coordinate
 * maps onto each (the same mapping as a sweep's sampled designs, design.ts's
 * valueAt: integer ranges include both ends, a log scale is uniform in the
 * logarithm).
 */
export type SearchDimension =
  | { readonly kind: 'range'; readonly low: number; readonly high: number; readonly integer: boolean; readonly scale: 'linear' | 'log' }
  | { readonly kind: 'choice'; readonly count: number };

/** A candidate: one value per dimension (a number in its range, or a choice's index). */
export type CandidatePoint = readonly number[];

/** The dimension's value at u ∈ [0, 1] (u = 1 gives the high end, or the last choice). */
export function valueOfUnit(dimension: SearchDimension, u: number): number {
  const t = Math.min(1, Math.max(0, u));
  if (dimension.kind === 'choice') return Math.min(dimension.count - 1, Math.floor(t * dimension.count));
  const { low, high, integer, scale } = dimension;
  if (integer) {
    // Each integer v owns the cell [v, v + 1) of [low, high + 1): both ends are equally likely.
    const top = scale === 'log' ? Math.log(high + 1) : high + 1;
    const x = scale === 'log' ? Math.exp(Math.log(low) + t * (top - Math.log(low))) : low + t * (top - low);
    return Math.min(high, Math.max(low, Math.floor(x)));
  }
  return scale === 'log' ? Math.exp(Math.log(low) + t * (Math.log(high) - Math.log(low))) : low + t * (high - low);
}

/** The unit-cube coordinate of a range's value (its inverse mapping, for boxes around an incumbent); a choice keeps its index's centre. */
export function unitOfValue(dimension: SearchDimension, value: number): number {
  if (dimension.kind === 'choice') return (value + 0.5) / dimension.count;
  const { low, high, integer, scale } = dimension;
  if (high === low) return 0.5;
  const top = integer ? high + 1 : high;
  const at = integer ? value + 0.5 : value;
  const u = scale === 'log' ? (Math.log(at) - Math.log(low)) / (Math.log(top) - Math.log(low)) : (at - low) / (top - low);
  return Math.min(1, Math.max(0, u));
}

/** Why a dimension cannot be searched, or null when it can. */
export function dimensionProblem(dimension: SearchDimension): string | null {
  if (dimension.kind === 'choice') {
    return Number.isInteger(dimension.count) && dimension.count >= 1
      ? null
      : `a choice needs a whole number of choices ≥ 1 (got ${dimension.count})`;
  }
  const { low, high, integer, scale } = dimension;
  const shown = `[${low}, ${high}]`;
  if (!(Number.isFinite(low) && Number.isFinite(high) && high >= low)) return `a range needs finite bounds with high ≥ low (got ${shown})`;
  if (integer && !(Number.isInteger(low) && Number.isInteger(high))) return `an integer range needs integer bounds (got ${shown})`;
  if (scale === 'log' && !(low > 0)) return `a log-scale range needs low > 0 (got ${shown})`;
  return null;
}
