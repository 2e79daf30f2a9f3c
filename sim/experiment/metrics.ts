/**
 * The metrics of a run, read generically from its RunResult: every numeric
 * field of the run and of each group becomes a snake_case metric
 * (meanReward → mean_reward), nested objects flatten with "_"
 * (consensus.correlation → consensus_correlation), and null stands for a
 * value the run could not compute. Strings, arrays and booleans are not
 * metrics (a group's ci95 is recomputed over replications instead). New
 * numeric fields added to RunResult or GroupSummary flow through
 * unchanged (and a test asks for their meaning in metric-meanings.ts). A
 * null is a metric only when metric-meanings.ts knows the name: a null
 * section (a population's twin when none ran) is an absent group of
 * metrics, not a metric named after the section.
 */
import type { GroupLevel } from '../results/levels.js';
import { metricMeaning } from '../results/metric-meanings.js';
import type { RunResult } from '../results/run-result.js';
import { snakeCase } from './parameter-path.js';

export type MetricValue = number | null;

/** A group's identity in the tables: its level, and the columns that name it at that level (null where they do not apply). */
export interface GroupKey {
  readonly level: GroupLevel;
  readonly role: string | null;
  readonly model: string | null;
  readonly population: string | null;
  readonly operator: string | null;
}

export interface GroupMetrics extends GroupKey {
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
  // The reward controller's target is one column whichever measure it names (the run's `controller.target` says which).
  controller_target_total_cost_usd: 'controller_target',
  controller_target_evaluator_share: 'controller_target',
  controller_target_tokens_per_epoch: 'controller_target',
};
/** Run fields that are not metrics: the seed identifies the run; the time series has a table of its own; statistics say how it was measured. */
const RUN_IDENTITY = new Set(['seed', 'timeseries', 'statistics']);
/** Group fields that name the group (its key columns) rather than measure it. */
const GROUP_IDENTITY = new Set(['role', 'model', 'population', 'operator']);
/** Fields at any depth that are not metrics: a run's own intervals (a sweep computes its intervals over replications). */
const NOT_METRICS = new Set(['intervals']);

function numericFields(
  record: Readonly<Record<string, unknown>>,
  skip: ReadonlySet<string>,
  aliases: Readonly<Record<string, string>> = {},
  prefix = '',
  out: Array<[string, MetricValue]> = [],
): Array<[string, MetricValue]> {
  for (const [key, value] of Object.entries(record)) {
    if ((prefix === '' && skip.has(key)) || NOT_METRICS.has(key)) continue;
    const name = `${prefix}${snakeCase(key)}`;
    const metric = aliases[name] ?? name;
    if (typeof value === 'number') out.push([metric, Number.isFinite(value) ? value : null]);
    else if (value === null && metricMeaning(metric)) out.push([metric, null]);
    else if (typeof value === 'object' && value !== null && !Array.isArray(value))
      numericFields(value as Record<string, unknown>, skip, aliases, `${name}_`, out);
  }
  return out;
}

export function runMetrics(result: RunResult): RunMetrics {
  const run = numericFields(result as unknown as Record<string, unknown>, RUN_IDENTITY, RUN_ALIASES);
  const fieldsOf = (record: object) => numericFields(record as Record<string, unknown>, GROUP_IDENTITY);
  const groups: GroupMetrics[] = [
    ...result.groups.map((g) => ({
      level: 'role-model' as const,
      role: g.role,
      model: g.model,
      population: null,
      operator: null,
      metrics: fieldsOf(g),
    })),
    ...result.populations.map((p) => ({
      level: 'population' as const,
      role: p.role,
      model: p.model,
      population: p.population,
      operator: null,
      metrics: fieldsOf(p),
    })),
    ...result.operators.map((o) => ({
      level: 'operator' as const,
      role: null,
      model: null,
      population: null,
      operator: o.operator,
      metrics: fieldsOf(o),
    })),
  ];
  return { stopReason: result.stopReason, run, groups };
}
