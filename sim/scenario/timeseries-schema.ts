/**
 * `output.timeseries`: what a run records at every sampling tick. The
 * metrics are listed here once, with their unit, meaning and the groups they
 * apply to: the schema's enum, the JSON Schema's help, the collector
 * (sim/run/timeseries.ts) and docs/results-format.md all follow this table.
 */
import * as z from 'zod';
import { replacedField } from '../input/replaced-field.js';

/**
 * Which groups a metric is reported for: every group; groups with inference
 * nodes (computed over those nodes only); groups with evaluator nodes (over
 * those only); or the whole run only.
 */
export type TimeseriesScope = 'group' | 'inference' | 'evaluator' | 'run';

export interface TimeseriesMetricInfo {
  readonly unit: string;
  readonly scope: TimeseriesScope;
  readonly meaning: string;
  /**
   * A metric of a feature (issue 18): recorded whenever the scenario uses the
   * feature, listed or not, and left out of the default list, which would
   * otherwise change the series files of every scenario that records the
   * default metrics.
   */
  readonly feature?: 'entry-exit' | 'economics';
}

/** Every metric, in the order the tables list them. Values are over the interval just ended unless the name says cumulative. */
export const TIMESERIES_METRICS = {
  rounds: {
    unit: 'rounds',
    scope: 'group',
    meaning:
      'rounds settled in the interval that the group’s nodes took part in (a request is one round of its inference node and one of each of its K evaluators)',
  },
  mean_reward: { unit: 'reward units per round', scope: 'group', meaning: 'reward paid per round' },
  cumulative_reward: { unit: 'reward units', scope: 'group', meaning: 'total reward paid since the start of the run' },
  mean_profit: { unit: 'reward units per round', scope: 'group', meaning: 'reward minus stake slashed, per round' },
  mean_consensus_quality: {
    unit: 'normalized quality',
    scope: 'inference',
    meaning: 'normalized consensus score of the inference nodes’ answers, per round',
  },
  mean_true_quality: { unit: 'quality, [0, 1]', scope: 'inference', meaning: 'true quality of the inference nodes’ answers, per round' },
  mean_agreement: {
    unit: 'agreement',
    scope: 'evaluator',
    meaning: 'agreement of the evaluator nodes’ scores with the consensus, per round',
  },
  mean_cost_usd: { unit: 'USD per round', scope: 'group', meaning: 'reported cost per round' },
  mean_service_ms: { unit: 'ms', scope: 'group', meaning: 'service time per round' },
  mean_wait_ms: { unit: 'ms', scope: 'group', meaning: 'time waited in the node’s queue per round' },
  utilization: {
    unit: 'fraction',
    scope: 'group',
    meaning: 'service time of the rounds settled in the interval over the group’s capacity (its servers’ concurrency) × the interval',
  },
  mean_in_system: {
    unit: 'jobs',
    scope: 'group',
    meaning:
      'time-average number of the group’s jobs waiting or in service: Σ (wait + service) of the rounds settled in the interval ÷ its length',
  },
  mean_in_queue: {
    unit: 'jobs',
    scope: 'group',
    meaning: 'time-average number of the group’s jobs waiting: Σ wait of the rounds settled in the interval ÷ its length',
  },
  p_wait: { unit: 'fraction', scope: 'group', meaning: 'share of the rounds whose job waited in its queue' },
  requests_settled: { unit: 'requests', scope: 'run', meaning: 'requests settled in the interval' },
  consensus_mae: {
    unit: 'quality, [0, 1]',
    scope: 'run',
    meaning: 'mean absolute error of the consensus against the answers’ true quality, over the requests settled in the interval',
  },
  active_nodes: {
    unit: 'nodes',
    scope: 'group',
    meaning:
      'nodes of the group in the market at the sample (entry and exit decide at epochs’ ends, just after a sample that falls on one); recorded whenever economics.entry or economics.exit is declared',
    feature: 'entry-exit',
  },
  token_price_usd: {
    unit: 'USD',
    scope: 'run',
    meaning:
      'the token price at the last settlement before the sample (read, not drawn: recording it moves no price); recorded whenever economics: is declared',
    feature: 'economics',
  },
  true_cost_usd: {
    unit: 'USD',
    scope: 'group',
    meaning: 'true cost of the jobs paid in the interval, summed: what the group’s work cost (recorded whenever economics: is declared)',
    feature: 'economics',
  },
  revenue_usd: {
    unit: 'USD',
    scope: 'group',
    meaning:
      'rewards paid in the interval valued in USD (with a pool, its payouts at each epoch’s end), summed (recorded whenever economics: is declared)',
    feature: 'economics',
  },
} as const satisfies Record<string, TimeseriesMetricInfo>;

export type TimeseriesMetric = keyof typeof TIMESERIES_METRICS;

/**
 * The reward controller's metrics (issue 18): recorded at the run level of
 * every output.timeseries, whatever its `metrics` list, when the scenario
 * declares `mechanism.rewards.controller`, and never otherwise. They are
 * not in the list a scenario chooses from (nor its default), so a file
 * without a controller is written exactly as before.
 */
export const CONTROLLER_TIMESERIES_METRICS = {
  reward_alpha: {
    unit: 'α',
    scope: 'run',
    meaning:
      'the reward rule’s α at the end of the interval, the one a round settled then is paid by (only with `mechanism.rewards.controller`, recorded whatever `metrics` lists)',
  },
  reward_beta: {
    unit: 'β',
    scope: 'run',
    meaning:
      'the reward rule’s β at the end of the interval, the one a round settled then is paid by (only with `mechanism.rewards.controller`, recorded whatever `metrics` lists)',
  },
  controller_measure: {
    unit: 'the target’s',
    scope: 'run',
    meaning:
      'the controller’s measure of the last full epoch ended by the end of the interval: true USD cost, evaluators’ share or tokens paid (NULL before the first, or after an epoch that paid nothing; only with `mechanism.rewards.controller`)',
  },
} as const satisfies Record<string, TimeseriesMetricInfo>;

export type ControllerTimeseriesMetric = keyof typeof CONTROLLER_TIMESERIES_METRICS;

/** Every metric a time series can hold: the ones a scenario chooses, then the controller's. */
export const RECORDED_TIMESERIES_METRICS = { ...TIMESERIES_METRICS, ...CONTROLLER_TIMESERIES_METRICS };

export type RecordedTimeseriesMetric = TimeseriesMetric | ControllerTimeseriesMetric;

export const RECORDED_TIMESERIES_METRIC_NAMES = Object.keys(RECORDED_TIMESERIES_METRICS) as [
  RecordedTimeseriesMetric,
  ...RecordedTimeseriesMetric[],
];

export const TIMESERIES_METRIC_NAMES = Object.keys(TIMESERIES_METRICS) as [TimeseriesMetric, ...TimeseriesMetric[]];

/** The metrics recorded when a scenario lists none: every metric that belongs to no feature. */
export const DEFAULT_TIMESERIES_METRICS = TIMESERIES_METRIC_NAMES.filter(
  (name) => (TIMESERIES_METRICS[name] as TimeseriesMetricInfo).feature === undefined,
);

export const TimeseriesSchema = z
  .strictObject({
    intervalSeconds: z
      .number()
      .positive()
      .describe(
        'Virtual seconds between samples; each sample holds the values over the interval just ended (the last one ends with the run)',
      ),
    metrics: z
      .array(z.enum(TIMESERIES_METRIC_NAMES))
      .min(1)
      .default([...DEFAULT_TIMESERIES_METRICS])
      .describe(
        `Metrics to record (default: all but a feature's, which are recorded whenever the feature is used): ${TIMESERIES_METRIC_NAMES.join(', ')}`,
      ),
  })
  .describe(
    'Record metrics per (role, model), population, operator and the whole run every intervalSeconds of virtual time: timeseries.csv and .parquet in a run folder and in a sweep’s experiment folder',
  );

export type TimeseriesSpec = z.output<typeof TimeseriesSchema>;

/** The form of output.timeseries that replaces output.timeseriesIntervalSeconds, with the interval a scenario wrote. */
export const TimeseriesIntervalReplaced = replacedField('Replaced by output.timeseries: { intervalSeconds }', (value) => {
  const seconds = typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 60;
  return `replaced by output.timeseries: { intervalSeconds: ${seconds} }`;
});

export type TimeseriesFeature = NonNullable<TimeseriesMetricInfo['feature']>;

/** The features of a scenario that add metrics to its time series whatever output.timeseries.metrics lists. */
export interface TimeseriesFeatures {
  readonly 'entry-exit': boolean;
  readonly economics: boolean;
  /** mechanism.rewards.controller: its run-level series. */
  readonly controller: boolean;
}

/** The fields that decide the features, as a validated scenario or a manifest's recorded one holds them. */
export interface FeatureFields {
  readonly economics?: { readonly entry?: unknown; readonly exit?: unknown } | undefined;
  readonly mechanism?: { readonly rewards?: { readonly controller?: unknown } | undefined } | undefined;
}

/** Which features a scenario uses, as the collector (sim/run/timeseries.ts) decides them. */
export function timeseriesFeatures({ economics, mechanism }: FeatureFields): TimeseriesFeatures {
  return {
    'entry-exit': economics?.entry !== undefined || economics?.exit !== undefined,
    economics: economics !== undefined,
    controller: mechanism?.rewards?.controller !== undefined,
  };
}

/** Every metric a run's time series holds: those chosen, a used feature's, then the controller's. */
export function recordedTimeseriesMetrics(chosen: readonly string[], features: TimeseriesFeatures): string[] {
  const featured = TIMESERIES_METRIC_NAMES.filter((name) => {
    const feature = (TIMESERIES_METRICS[name] as TimeseriesMetricInfo).feature;
    return feature !== undefined && features[feature] && !chosen.includes(name);
  });
  return [...chosen, ...featured, ...(features.controller ? Object.keys(CONTROLLER_TIMESERIES_METRICS) : [])];
}
