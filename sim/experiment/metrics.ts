/**
 * The metrics of a run, read generically from its RunResult: every numeric
 * field of the run and of each group becomes a snake_case metric
 * (meanReward → mean_reward), nested objects flatten with "_"
 * (consensus.correlation → consensus_correlation), and null stands for a
 * value the run could not compute. Strings, arrays and booleans are not
 * metrics (a group's ci95 is recomputed over replications instead). New
 * fields added to RunResult or GroupSummary flow through unchanged.
 */
import type { RunResult } from '../results/run-result.js';
import { snakeCase } from './parameter-path.js';

export type MetricValue = number | null;

export interface GroupMetrics {
  readonly role: string;
  readonly model: string;
  /** Empty when the group spans populations. */
  readonly population: string;
  readonly metrics: ReadonlyArray<readonly [string, MetricValue]>;
}

export interface RunMetrics {
  readonly stopReason: string;
  readonly run: ReadonlyArray<readonly [string, MetricValue]>;
  readonly groups: readonly GroupMetrics[];
}

/** Short names kept for metrics whose generic name would be long or awkward. */
const RUN_ALIASES: Readonly<Record<string, string>> = {
  consensus_mean_absolute_error: 'consensus_mae',
  consensus_mean_absolute_error_vs_honest: 'consensus_honest_mae',
  adversaries_reward_share: 'adversary_reward_share',
  adversaries_honest_loss_per_round: 'honest_loss_per_round',
  adversaries_honest_loss_total: 'honest_loss_total',
  adversaries_audit_detection_rate: 'audit_detection_rate',
  adversaries_audit_false_positive_rate: 'audit_false_positive_rate',
  adversaries_ejected_nodes: 'ejected_nodes',
};
/** Run fields that are not metrics: the seed identifies the run; the time series has a table of its own; statistics say how it was measured. */
const RUN_IDENTITY = new Set(['seed', 'timeseries', 'statistics']);
const GROUP_IDENTITY = new Set(['role', 'model', 'population']);
/** Fields at any depth that are not metrics: a run's own intervals (a sweep computes its intervals over replications). */
const NOT_METRICS = new Set(['intervals']);

function numericFields(
  record: Readonly<Record<string, unknown>>,
  skip: ReadonlySet<string>,
  prefix = '',
  out: Array<[string, MetricValue]> = [],
): Array<[string, MetricValue]> {
  for (const [key, value] of Object.entries(record)) {
    if ((prefix === '' && skip.has(key)) || NOT_METRICS.has(key)) continue;
    const name = `${prefix}${snakeCase(key)}`;
    if (typeof value === 'number') out.push([name, Number.isFinite(value) ? value : null]);
    else if (value === null) out.push([name, null]);
    else if (typeof value === 'object' && !Array.isArray(value)) numericFields(value as Record<string, unknown>, skip, `${name}_`, out);
  }
  return out;
}

export function runMetrics(result: RunResult): RunMetrics {
  const run = numericFields(result as unknown as Record<string, unknown>, RUN_IDENTITY).map(
    ([name, value]) => [RUN_ALIASES[name] ?? name, value] as const,
  );
  // Groups: one per (role, model) with an empty population, one per population, one per declared operator (role "operator").
  const groups = [...result.groups, ...result.populations].map((group) => {
    const record = group as unknown as Record<string, unknown>;
    return {
      role: String(record.role ?? ''),
      model: String(record.model ?? ''),
      population: typeof record.population === 'string' ? record.population : '',
      metrics: numericFields(record, GROUP_IDENTITY),
    };
  });
  const operators = result.operators.map((operator) => ({
    role: 'operator',
    model: '',
    population: operator.operator,
    metrics: numericFields(operator as unknown as Record<string, unknown>, new Set(['operator'])),
  }));
  return { stopReason: result.stopReason, run, groups: [...groups, ...operators] };
}
