/**
 * The metrics a `report:` figure draws, checked against the metric
 * catalogue (metric-meanings.ts): the name exists, the level asked for has
 * rows of it, a ranking is of a group metric; a figure over time draws only
 * what the runs' time series record (output.timeseries.metrics and the
 * metrics a feature adds).
 */
import { didYouMean } from '../input/suggest.js';
import type { MetricRef } from '../scenario/report-schema.js';
import { METRIC_MEANINGS, metricMeaning } from './metric-meanings.js';
import type { ReportFindings } from './report-findings.js';

const METRIC_NAMES = Object.keys(METRIC_MEANINGS);

function unknownMetric(name: string, candidates: readonly string[], what: string): string {
  return `no metric "${name}" in ${what}${didYouMean(name, candidates)}`;
}

function checkCatalogued(name: string, level: string | undefined, path: readonly PropertyKey[], findings: ReportFindings): void {
  const meaning = metricMeaning(name);
  if (!meaning) {
    findings.problem(path, unknownMetric(name, METRIC_NAMES, 'the results tables (sim/results/metric-meanings.ts)'));
    return;
  }
  if (level !== undefined && !(meaning.levels as readonly string[]).includes(level)) {
    findings.problem([...path.slice(0, -1), 'level'], `${name} has no rows at level ${level} (its levels: ${meaning.levels.join(', ')})`);
  }
}

/**
 * Checks one metric reference at `path` (the field that holds it). `overTime`:
 * the figure's x is time, so its metrics come from the run's time series.
 */
export function checkMetricRef(
  ref: MetricRef,
  path: readonly PropertyKey[],
  overTime: readonly string[] | null,
  findings: ReportFindings,
): void {
  if (typeof ref !== 'string' && 'orderOf' in ref) {
    const at = [...path, 'orderOf'];
    const meaning = metricMeaning(ref.orderOf);
    if (!meaning) findings.problem(at, unknownMetric(ref.orderOf, METRIC_NAMES, 'the results tables (sim/results/metric-meanings.ts)'));
    else if (!meaning.levels.includes('role-model'))
      findings.problem(at, `orderOf ranks models, so it takes a metric of each (role, model) group; ${ref.orderOf} is a ${meaning.levels.join(', ')} metric`);
    return;
  }
  const name = typeof ref === 'string' ? ref : ref.metric;
  const at = typeof ref === 'string' ? path : [...path, 'metric'];
  if (overTime === null) {
    checkCatalogued(name, typeof ref === 'string' ? undefined : ref.level, at, findings);
    return;
  }
  if (!overTime.includes(name))
    findings.problem(at, `${unknownMetric(name, overTime, 'the run’s time series')} (it records ${overTime.join(', ')})`);
}

/** The metrics of y as a list (a heatmap's y is a parameter, not a metric). */
export function metricsOf(y: MetricRef | readonly MetricRef[]): readonly MetricRef[] {
  const isList = (value: MetricRef | readonly MetricRef[]): value is readonly MetricRef[] => Array.isArray(value);
  return isList(y) ? y : [y];
}
