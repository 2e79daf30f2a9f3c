/**
 * Whether a candidate meets a threshold: only when the whole 95% interval
 * lies within it (for exploitability, the upper bound of the deviation of
 * largest mean gain over the honest twin).
 */
import type { MetricConstraint } from './tune-plan.js';
import type { MetricSelection } from '../../scenario/study-schema.js';
import type { PointResult } from '../../experiment/point.js';
import { estimateOf, metricValues, selectionLabel } from '../point-metrics.js';
import { namedValues } from '../parameter-space.js';
import type { ExploitFamily } from '../exploit.js';
import type { ConstraintCheck, Estimate } from '../study-results.js';

export function within(estimate: Estimate, min: number | null, max: number | null): boolean {
  const [low, high] = estimate.ci ?? [estimate.mean, estimate.mean];
  return Number.isFinite(estimate.mean) && (min === null || low >= min) && (max === null || high <= max);
}

export function metricCheck(point: PointResult, constraint: MetricConstraint): ConstraintCheck {
  const estimate = estimateOf(metricValues(point, constraint));
  const min = constraint.min ?? null;
  const max = constraint.max ?? null;
  return { id: selectionLabel(constraint), kind: 'metric', estimate, min, max, met: within(estimate, min, max) };
}

/** The family's exploitability from its deviations' points: the deviation of largest mean gain, its interval, its bound. */
export function exploitabilityCheck(
  family: ExploitFamily,
  deviations: readonly PointResult[],
  max: number,
  metric: string,
): ConstraintCheck {
  const selection: MetricSelection = { metric, population: family.spec.population };
  const estimates = deviations.map((point) => estimateOf(metricValues(point, selection)));
  let top = 0;
  estimates.forEach((e, i) => (e.mean > estimates[top]!.mean ? (top = i) : undefined));
  const estimate = estimates[top]!;
  const deviation = namedValues(family.parameters, deviations[top]!.values);
  const upper = estimate.ci?.[1] ?? estimate.mean;
  return {
    id: `exploitability ${family.spec.name}`,
    kind: 'exploitability',
    estimate,
    deviation,
    min: null,
    max,
    met: Number.isFinite(upper) && upper <= max,
  };
}

/** The requests of one candidate in one environment: as written, then each constrained family's deviations. */
