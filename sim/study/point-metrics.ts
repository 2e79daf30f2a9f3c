/**
 * A metric of a study's point, read from its stored result: per replication,
 * the run's value or one group's (a population, an operator, or a role and
 * model), and the selection in words for tables and figures.
 */
import type { PointResult } from '../experiment/point.js';
import { confidenceInterval, momentsOfValues } from '../stats/summary-statistics.js';
import type { MetricSelection } from '../scenario/study-schema.js';
import type { TableLevel } from '../results/levels.js';
import { metricMeaning } from '../results/metric-meanings.js';
import type { Estimate } from './study-results.js';

export function selectionLevel(selection: MetricSelection): TableLevel {
  if (selection.population !== undefined) return 'population';
  if (selection.operator !== undefined) return 'operator';
  return selection.role !== undefined ? 'role-model' : 'run';
}

/** The selection's group, as the tables' columns name it (empty for the run). */
export function selectionGroup(selection: MetricSelection): Record<string, string> {
  if (selection.population !== undefined) return { population: selection.population };
  if (selection.operator !== undefined) return { operator: selection.operator };
  if (selection.role !== undefined) return { role: selection.role, model: selection.model! };
  return {};
}

/** e.g. "mean_reward · population honest", "mean_latency_s · run". */
export function selectionLabel(selection: MetricSelection): string {
  const group = selectionGroup(selection);
  const words = Object.entries(group).map(([k, v]) => `${k} ${v}`);
  return `${selection.metric} · ${words.length > 0 ? words.join(' ') : 'run'}`;
}

/** Why the selection cannot name a metric of any run, or undefined: a metric its level does not report. */
export function selectionProblem(selection: MetricSelection): string | undefined {
  const meaning = metricMeaning(selection.metric);
  if (!meaning) return `no metric "${selection.metric}" (docs/results-format.md lists them)`;
  const level = selectionLevel(selection);
  if (!meaning.levels.includes(level))
    return `"${selection.metric}" is not a metric of ${level === 'run' ? 'the run' : `a ${level}`} (it is one of: ${meaning.levels.join(', ')})`;
  return undefined;
}

/** The selected metric's value in each replication of the point (null where a run did not report it). */
export function metricValues(point: PointResult, selection: MetricSelection): Array<number | null> {
  const level = selectionLevel(selection);
  const nulls = () => Array.from({ length: point.replications }, () => null);
  if (level === 'run') return [...(point.run[selection.metric] ?? nulls())];
  const group = point.groups.find(
    (g) =>
      g.level === level &&
      (level !== 'population' || g.population === selection.population) &&
      (level !== 'operator' || g.operator === selection.operator) &&
      (level !== 'role-model' || (g.role === selection.role && g.model === selection.model)),
  );
  return [...(group?.metrics[selection.metric] ?? nulls())];
}

/** Mean and Student-t 95% CI of the values that are numbers. */
export function estimateOf(values: ReadonlyArray<number | null>): Estimate {
  const moments = momentsOfValues(values);
  return { mean: moments.n > 0 ? moments.mean : Number.NaN, ci: confidenceInterval(moments), replications: moments.n };
}
