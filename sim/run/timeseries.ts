/**
 * Records output.timeseries: at each of the market's sampling ticks (and
 * once more when the run ends, for the interval it ends in) it reads every
 * node's running totals from the ledgers, adds them up per group, and keeps
 * the difference from the previous tick: the values over the interval just
 * ended. Nothing is counted per event; the market's hot path is untouched.
 *
 * Values are attributed to the interval in which a round settles: a job's
 * service and wait count where its round settles, not where they were
 * spent, so an interval's utilization can exceed what its own seconds
 * held; summed over the run they are exact.
 */
import type { Market } from '../market/market.js';
import type { NodeLedger } from '../market/ledger.js';
import type { RunTimeseries, TimeseriesSeries } from '../results/timeseries.js';
import type { ResolvedScenario } from '../scenario/resolved.js';
import type { RewardControllerLedger } from '../market/reward-controller-ledger.js';
import type { Role } from '../market/role.js';
import type { RoleMoney } from '../market/money-ledger.js';
import {
  CONTROLLER_TIMESERIES_METRICS,
  type ControllerTimeseriesMetric,
  type RecordedTimeseriesMetric,
  TIMESERIES_METRIC_NAMES,
  TIMESERIES_METRICS,
  type TimeseriesMetric,
  type TimeseriesMetricInfo,
} from '../scenario/timeseries-schema.js';
import { GROUPS_PER_NODE, type SeriesGroup, timeseriesGroups } from './timeseries-groups.js';

// A group's running totals, one record of FIELDS slots per group.
const ROUNDS = 0;
const REWARD = 1;
const SLASHED = 2;
const INFERENCE_ROUNDS = 3;
const CONSENSUS_QUALITY = 4;
const TRUE_QUALITY = 5;
const EVALUATOR_ROUNDS = 6;
const AGREEMENT = 7;
const COST_USD = 8;
const SERVICE_MS = 9;
const WAIT_MS = 10;
const WAITED = 11;
/** Nodes in the market at the sample (entry and exit): a count, not a running total. */
const ACTIVE = 12;
/** With economics: Σ true USD cost of the jobs paid, and Σ revenue in USD. */
const TRUE_COST_USD = 13;
const REVENUE_USD = 14;
const FIELDS = 15;

/** The run's own totals, beside the groups'. */
interface RunTotals {
  settled: number;
  consensusCount: number;
  consensusErrorSum: number;
  /** The token price at the last settlement (NaN without economics:). */
  tokenPriceUsd: number;
}

/** What one metric of one group is computed from: this tick's totals, the previous tick's, and the interval. */
interface Interval {
  readonly now: Float64Array;
  readonly before: Float64Array;
  /** The group's record in both. */
  readonly at: number;
  readonly ms: number;
  readonly capacity: number;
  readonly run: RunTotals;
  readonly runBefore: RunTotals;
}

const over = (part: number, whole: number) => (whole > 0 ? part / whole : Number.NaN);

function metricValue(metric: TimeseriesMetric, i: Interval): number {
  const delta = (field: number) => i.now[i.at + field]! - i.before[i.at + field]!;
  const rounds = delta(ROUNDS);
  switch (metric) {
    case 'rounds':
      return rounds;
    case 'mean_reward':
      return over(delta(REWARD), rounds);
    case 'cumulative_reward':
      return i.now[i.at + REWARD]!;
    case 'mean_profit':
      return over(delta(REWARD) - delta(SLASHED), rounds);
    case 'mean_consensus_quality':
      return over(delta(CONSENSUS_QUALITY), delta(INFERENCE_ROUNDS));
    case 'mean_true_quality':
      return over(delta(TRUE_QUALITY), delta(INFERENCE_ROUNDS));
    case 'mean_agreement':
      return over(delta(AGREEMENT), delta(EVALUATOR_ROUNDS));
    case 'mean_cost_usd':
      return over(delta(COST_USD), rounds);
    case 'mean_service_ms':
      return over(delta(SERVICE_MS), rounds);
    case 'mean_wait_ms':
      return over(delta(WAIT_MS), rounds);
    case 'utilization':
      return over(delta(SERVICE_MS), i.capacity * i.ms);
    case 'mean_in_system':
      return over(delta(WAIT_MS) + delta(SERVICE_MS), i.ms);
    case 'mean_in_queue':
      return over(delta(WAIT_MS), i.ms);
    case 'p_wait':
      return over(delta(WAITED), rounds);
    case 'requests_settled':
      return i.run.settled - i.runBefore.settled;
    case 'consensus_mae':
      return over(i.run.consensusErrorSum - i.runBefore.consensusErrorSum, i.run.consensusCount - i.runBefore.consensusCount);
    case 'active_nodes':
      return i.now[i.at + ACTIVE]!;
    case 'token_price_usd':
      return i.run.tokenPriceUsd;
    case 'true_cost_usd':
      return delta(TRUE_COST_USD);
    case 'revenue_usd':
      return delta(REVENUE_USD);
  }
}

const isController = (metric: RecordedTimeseriesMetric): metric is ControllerTimeseriesMetric => metric in CONTROLLER_TIMESERIES_METRICS;

/** A controller metric: the coefficients in force and the last full epoch's measure, read from the controller as the tick ends. */
function controllerValue(metric: ControllerTimeseriesMetric, controller: RewardControllerLedger): number {
  switch (metric) {
    case 'reward_alpha':
      return controller.alpha;
    case 'reward_beta':
      return controller.beta;
    case 'controller_measure':
      return controller.lastMeasure;
  }
}

function applies(metric: TimeseriesMetric, group: SeriesGroup): boolean {
  switch (TIMESERIES_METRICS[metric].scope) {
    case 'group':
      return true;
    case 'inference':
      return group.hasInference;
    case 'evaluator':
      return group.hasEvaluators;
    case 'run':
      return group.level === 'run';
  }
}

/** Counts the role's nodes in the market (not outside it, not ejected) into the records of their groups. */
function addActive(role: Role, membership: Int32Array, totals: Float64Array): void {
  const nodes = membership.length / GROUPS_PER_NODE;
  for (let node = 0; node < nodes; node++) {
    if ((role.absent !== null && role.absent[node] !== 0) || role.ledger.isEjected(node)) continue;
    for (let slot = 0; slot < GROUPS_PER_NODE; slot++) {
      const group = membership[node * GROUPS_PER_NODE + slot]!;
      if (group >= 0) totals[group * FIELDS + ACTIVE]! += 1;
    }
  }
}

/** Adds each node's true job cost and USD revenue into the records of its groups (with economics:). */
function addMoney(ledger: NodeLedger, money: RoleMoney, membership: Int32Array, totals: Float64Array): void {
  const nodes = membership.length / GROUPS_PER_NODE;
  for (let node = 0; node < nodes; node++) {
    const cost = ledger.trueCostUsdSum(node);
    const revenue = money.revenueUsd[node]!;
    if (cost === 0 && revenue === 0) continue;
    for (let slot = 0; slot < GROUPS_PER_NODE; slot++) {
      const group = membership[node * GROUPS_PER_NODE + slot]!;
      if (group < 0) continue;
      totals[group * FIELDS + TRUE_COST_USD]! += cost;
      totals[group * FIELDS + REVENUE_USD]! += revenue;
    }
  }
}

/** Whether a feature's metric is recorded: whenever the scenario uses the feature. */
function featureOn(metric: TimeseriesMetric, resolved: ResolvedScenario): boolean {
  const economics = resolved.scenario.economics;
  switch ((TIMESERIES_METRICS[metric] as TimeseriesMetricInfo).feature) {
    case 'entry-exit':
      return economics?.entry !== undefined || economics?.exit !== undefined;
    case 'economics':
      return economics !== undefined;
    case undefined:
      return false;
  }
}

/** Adds each node's totals into the records of the groups it belongs to. */
function addRole(ledger: NodeLedger, membership: Int32Array, inference: boolean, totals: Float64Array): void {
  const nodes = membership.length / GROUPS_PER_NODE;
  const roundsField = inference ? INFERENCE_ROUNDS : EVALUATOR_ROUNDS;
  const qualityField = inference ? CONSENSUS_QUALITY : AGREEMENT;
  for (let node = 0; node < nodes; node++) {
    const rounds = ledger.rounds(node);
    if (rounds === 0) continue;
    const reward = ledger.rewardSum(node);
    const slashed = ledger.slashed(node);
    const quality = ledger.qualitySum(node);
    const trueQuality = inference ? ledger.trueQualitySum(node) : 0;
    const cost = ledger.reportedCostUsdSum(node);
    const service = ledger.serviceMsSum(node);
    const wait = ledger.waitMsSum(node);
    const waited = ledger.waitedRounds(node);
    for (let slot = 0; slot < GROUPS_PER_NODE; slot++) {
      const group = membership[node * GROUPS_PER_NODE + slot]!;
      if (group < 0) continue;
      const at = group * FIELDS;
      totals[at + ROUNDS]! += rounds;
      totals[at + roundsField]! += rounds;
      totals[at + REWARD]! += reward;
      totals[at + SLASHED]! += slashed;
      totals[at + qualityField]! += quality;
      totals[at + TRUE_QUALITY]! += trueQuality;
      totals[at + COST_USD]! += cost;
      totals[at + SERVICE_MS]! += service;
      totals[at + WAIT_MS]! += wait;
      totals[at + WAITED]! += waited;
    }
  }
}

/** A series being recorded: its key, the group it reads, and its values so far. */
interface Recording {
  readonly group: number;
  readonly series: TimeseriesSeries & { readonly values: number[] };
}

export class TimeseriesCollector {
  private readonly groups: readonly SeriesGroup[];
  private readonly membership: ReturnType<typeof timeseriesGroups>['membership'];
  private readonly recordings: Recording[] = [];
  private readonly timesMs: number[] = [];
  private now: Float64Array;
  private before: Float64Array;
  private run: RunTotals = { settled: 0, consensusCount: 0, consensusErrorSum: 0, tokenPriceUsd: Number.NaN };
  private runBefore: RunTotals = { settled: 0, consensusCount: 0, consensusErrorSum: 0, tokenPriceUsd: Number.NaN };
  private lastMs = 0;
  /** Whether active_nodes is recorded, so nodes are counted at each sample. */
  private readonly counting: boolean;
  private controller: RewardControllerLedger | null = null;

  private constructor(
    private readonly market: Market,
    resolved: ResolvedScenario,
    private readonly intervalSeconds: number,
    metrics: readonly TimeseriesMetric[],
  ) {
    ({ groups: this.groups, membership: this.membership } = timeseriesGroups(resolved.inferenceNodes, resolved.evaluatorNodes));
    this.now = new Float64Array(this.groups.length * FIELDS);
    this.before = new Float64Array(this.groups.length * FIELDS);
    // Metrics in the table's order, whatever order the scenario lists them in.
    const chosen = TIMESERIES_METRIC_NAMES.filter((metric) => metrics.includes(metric) || featureOn(metric, resolved));
    this.counting = chosen.includes('active_nodes');
    this.groups.forEach((group, index) => {
      for (const metric of chosen) {
        if (!applies(metric, group)) continue;
        this.recordings.push({ group: index, series: { level: group.level, role: group.role, group: group.group, metric, values: [] } });
      }
    });
    if (market.controller !== null) this.recordController(market.controller);
    market.samples$.subscribe(({ timeMs }) => this.sample(timeMs));
  }

  /** The controller's series, at the run level after the chosen metrics: recorded whenever a controller runs. */
  private recordController(controller: RewardControllerLedger): void {
    this.controller = controller;
    const run = this.groups.findIndex((group) => group.level === 'run');
    for (const metric of Object.keys(CONTROLLER_TIMESERIES_METRICS) as ControllerTimeseriesMetric[]) {
      this.recordings.push({ group: run, series: { level: 'run', role: null, group: null, metric, values: [] } });
    }
  }

  /** Starts recording the scenario's output.timeseries on the market's ticks; null when the scenario declares none. */
  static attach(market: Market, resolved: ResolvedScenario): TimeseriesCollector | null {
    const spec = resolved.scenario.output.timeseries;
    return spec ? new TimeseriesCollector(market, resolved, spec.intervalSeconds, spec.metrics) : null;
  }

  /** Closes the interval the run ended in (if any time passed since the last tick) and returns the series. */
  finish(endMs: number): RunTimeseries {
    if (endMs > this.lastMs) this.sample(endMs);
    return { intervalSeconds: this.intervalSeconds, timesMs: this.timesMs, series: this.recordings.map((r) => r.series) };
  }

  private sample(timeMs: number): void {
    const { market } = this;
    // The epochs ended by now, which the clock ends lazily: the coefficients and the nodes in the market at the tick's end.
    // Nothing was paid after an epoch's end and before now (that would have ended it), so ending it here changes none of its books.
    market.epochs?.advance(timeMs);
    this.now.fill(0);
    addRole(market.inference.ledger, this.membership.inference, true, this.now);
    addRole(market.evaluators.ledger, this.membership.evaluator, false, this.now);
    if (this.counting) {
      addActive(market.inference, this.membership.inference, this.now);
      addActive(market.evaluators, this.membership.evaluator, this.now);
    }
    if (market.money !== null) {
      addMoney(market.inference.ledger, market.money.inference, this.membership.inference, this.now);
      addMoney(market.evaluators.ledger, market.money.evaluators, this.membership.evaluator, this.now);
    }
    this.run = {
      settled: market.settled,
      consensusCount: market.tally.accuracy.count(0),
      consensusErrorSum: market.tally.accuracy.absoluteDifferenceSum(0),
      tokenPriceUsd: market.money?.lastPriceUsd ?? Number.NaN,
    };
    const ms = timeMs - this.lastMs;
    for (const { group, series } of this.recordings) {
      const interval = {
        now: this.now,
        before: this.before,
        at: group * FIELDS,
        ms,
        capacity: this.groups[group]!.capacity,
        run: this.run,
        runBefore: this.runBefore,
      };
      series.values.push(
        isController(series.metric) ? controllerValue(series.metric, this.controller!) : metricValue(series.metric, interval),
      );
    }
    this.timesMs.push(timeMs);
    this.lastMs = timeMs;
    [this.now, this.before] = [this.before, this.now];
    this.runBefore = this.run;
  }
}
