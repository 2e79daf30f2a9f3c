/**
 * A run's groups as summary rows: a run folder's figure is drawn by the
 * same code as a sweep's, from summary.json's (role, model) groups and
 * populations, each metric's mean with its 95% interval (batch means) and
 * one run behind it.
 */
import type { TableLevel } from '../../../sim/results/levels.js';
import type { RunFolder, SweepSummaryRow } from '../../folder/results-folder.js';

type Interval = readonly [number, number] | null;

/** mean_reward → meanReward: a metric is its summary.json field in snake_case (sim/experiment/metrics.ts). */
const camelCase = (metric: string) => metric.replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());

function intervalOf(group: Record<string, unknown>, field: string): Interval {
  const intervals = group['intervals'];
  const fromIntervals = intervals && typeof intervals === 'object' ? (intervals as Record<string, unknown>)[field] : undefined;
  const found = fromIntervals ?? (field === 'meanReward' ? group['ci95'] : undefined);
  if (!Array.isArray(found) || found.length !== 2) return null;
  const [low, high] = found as unknown[];
  return typeof low === 'number' && typeof high === 'number' ? [low, high] : null;
}

function asRow(group: Record<string, unknown>, level: TableLevel, metric: string): SweepSummaryRow | null {
  const field = camelCase(metric);
  const mean = group[field];
  if (typeof mean !== 'number') return null;
  const ci = intervalOf(group, field);
  const text = (key: string) => (typeof group[key] === 'string' ? group[key] : '');
  return {
    pointId: 0,
    parameters: {},
    level,
    role: text('role'),
    model: text('model'),
    population: level === 'population' ? text('population') : '',
    operator: level === 'operator' ? text('operator') : '',
    metric,
    n: 1,
    mean,
    sd: null,
    ciLow: ci ? ci[0] : null,
    ciHigh: ci ? ci[1] : null,
  };
}

/** The rows of one metric at one level of a run (role-model: summary.json groups; population: its populations). */
export function runRows(folder: RunFolder, metric: string, level: TableLevel): SweepSummaryRow[] {
  const groups = level === 'role-model' ? folder.summary.groups : level === 'population' ? (folder.summary.populations ?? []) : [];
  return groups
    .map((group) => asRow(group as Record<string, unknown>, level, metric))
    .filter((row): row is SweepSummaryRow => row !== null);
}
