/**
 * output.timeseries in a run: the values of each interval add up to the
 * run's totals (rounds, reward, busy time, sojourn time, settled requests,
 * consensus error), each group is recorded at its level with the metrics
 * that apply to it, the last interval ends with the run, and recording
 * changes nothing else the run reports.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { GroupStatistics, RunResult } from '../../sim/results/run-result.js';
import type { RunTimeseries, TimeseriesLevel, TimeseriesSeries } from '../../sim/results/timeseries.js';
import { RECORDED_TIMESERIES_METRICS } from '../../sim/scenario/timeseries-schema.js';
import { group as roleModel, ROOT, runText } from '../helpers.js';
import { population } from '../network.js';

const INTERVAL_SECONDS = 30;
const DURATION_SECONDS = 600;

/**
 * A queueing network: big nodes at ρ ≈ 0.5, three small Sybil identities on
 * one server, evaluators with two slots each, audits that slash (without
 * ejecting, so the routing stays uniform) and an operator across two
 * populations.
 */
function scenario(output: string): string {
  return `
name: timeseries
seed: 11
profile: ../profiles/market.yaml
demand: { mode: poisson, ratePerSecond: 4 }
stop: { timeSeconds: ${DURATION_SECONDS} }
network:
  inference:
    - { name: big-a, model: big, count: 2, operator: acme }
    - { name: small, model: small, count: 3 }
    - { name: sybils, model: small, count: 3, sybil: true, operator: acme, behaviour: { kind: misreport-cost, factor: 0.5 } }
  evaluators:
    - { name: judges, model: good, count: 6, concurrency: 2 }
mechanism:
  evaluatorsPerRound: 3
  audits: { probability: 0.3, slash: 0.2 }
  stake: { ejectWhenExhausted: false }
# The groups' means are then over the whole run, as the time series' sums are.
analysis: { warmup: none }
${output}
`;
}

const result = runText(scenario(`output: { timeseries: { intervalSeconds: ${INTERVAL_SECONDS} } }`));
const timeseries = result.timeseries!;

function series(level: TimeseriesLevel, group: string | null, metric: string, role?: string): TimeseriesSeries {
  const found = timeseries.series.filter(
    (s) => s.level === level && s.group === group && s.metric === metric && (role === undefined || s.role === role),
  );
  expect(found, `${level} ${group} ${metric}`).toHaveLength(1);
  return found[0]!;
}

const sum = (values: readonly number[]) => values.reduce((a, v) => a + v, 0);
/** Interval lengths in ms. */
const lengths = (ts: RunTimeseries) => ts.timesMs.map((t, i) => t - (i === 0 ? 0 : ts.timesMs[i - 1]!));
/** Σ over intervals of a per-round mean × that interval's rounds (0 rounds: no mean, no weight). */
function weighted(level: TimeseriesLevel, group: string | null, metric: string): number {
  const rounds = series(level, group, 'rounds').values;
  return sum(series(level, group, metric).values.map((v, t) => (rounds[t]! > 0 ? v * rounds[t]! : 0)));
}

/** The groups of a run at each level, with their summary statistics and their capacity (servers × concurrency). */
function groupsOf(run: RunResult): Array<{ level: TimeseriesLevel; group: string; stats: GroupStatistics; capacity: number }> {
  return [
    { level: 'role-model', group: 'big', stats: roleModel(run, 'big'), capacity: 2 },
    { level: 'role-model', group: 'small', stats: roleModel(run, 'small'), capacity: 3 + 1 },
    { level: 'role-model', group: 'good', stats: roleModel(run, 'good'), capacity: 6 * 2 },
    { level: 'population', group: 'big-a', stats: population(run, 'big-a'), capacity: 2 },
    { level: 'population', group: 'small', stats: population(run, 'small'), capacity: 3 },
    { level: 'population', group: 'sybils', stats: population(run, 'sybils'), capacity: 1 },
    { level: 'population', group: 'judges', stats: population(run, 'judges'), capacity: 12 },
  ];
}

describe('output.timeseries in a run', () => {
  it('samples every interval, and once more when the run ends', () => {
    const expected = Array.from({ length: DURATION_SECONDS / INTERVAL_SECONDS }, (_, i) => (i + 1) * INTERVAL_SECONDS * 1000);
    expect(timeseries.timesMs).toEqual(expected);
    expect(timeseries.intervalSeconds).toBe(INTERVAL_SECONDS);
    for (const s of timeseries.series) expect(s.values).toHaveLength(expected.length);
  });

  it('rounds per interval sum to each group’s rounds, and the last cumulative reward is its total', () => {
    for (const { level, group, stats } of groupsOf(result)) {
      expect(sum(series(level, group, 'rounds').values), `${level} ${group}`).toBe(stats.rounds);
      expect(series(level, group, 'cumulative_reward').values.at(-1)).toBeCloseTo(stats.totalReward, 9);
    }
    const allRounds = sum(result.groups.map((g) => g.rounds));
    expect(sum(series('run', null, 'rounds').values)).toBe(allRounds);
  });

  it('per-round means weighted by rounds equal the group’s means', () => {
    for (const { level, group, stats } of groupsOf(result)) {
      const rounds = stats.rounds;
      expect(weighted(level, group, 'mean_reward') / rounds, `${level} ${group}`).toBeCloseTo(stats.meanReward, 10);
      expect(weighted(level, group, 'mean_profit') / rounds).toBeCloseTo(stats.meanProfit, 10);
      expect(weighted(level, group, 'mean_cost_usd') / rounds).toBeCloseTo(stats.meanCostUsd, 14);
      expect(weighted(level, group, 'mean_service_ms') / rounds).toBeCloseTo(stats.meanServiceMs, 8);
      expect(weighted(level, group, 'mean_wait_ms') / rounds).toBeCloseTo(stats.meanWaitMs, 8);
    }
    // The Sybils are slashed: their profit is below their reward.
    expect(population(result, 'sybils').totalSlashed).toBeGreaterThan(0);
    expect(weighted('population', 'sybils', 'mean_profit')).toBeLessThan(weighted('population', 'sybils', 'mean_reward'));
    const big = roleModel(result, 'big');
    expect(weighted('role-model', 'big', 'mean_consensus_quality') / big.rounds).toBeCloseTo(big.meanConsensusQuality!, 10);
    expect(weighted('role-model', 'big', 'mean_true_quality') / big.rounds).toBeCloseTo(big.meanTrueQuality!, 10);
    const good = roleModel(result, 'good');
    expect(weighted('role-model', 'good', 'mean_agreement') / good.rounds).toBeCloseTo(good.meanAgreement!, 10);
  });

  it('utilization is busy time over capacity × interval; number in system and in queue are sojourn and wait over the interval', () => {
    const ms = lengths(timeseries);
    for (const { level, group, stats, capacity } of groupsOf(result)) {
      const rounds = series(level, group, 'rounds').values;
      const service = series(level, group, 'mean_service_ms').values.map((v, t) => (rounds[t]! > 0 ? v * rounds[t]! : 0));
      const wait = series(level, group, 'mean_wait_ms').values.map((v, t) => (rounds[t]! > 0 ? v * rounds[t]! : 0));
      series(level, group, 'utilization').values.forEach((u, t) => expect(u).toBeCloseTo(service[t]! / (capacity * ms[t]!), 12));
      series(level, group, 'mean_in_system').values.forEach((n, t) => expect(n).toBeCloseTo((service[t]! + wait[t]!) / ms[t]!, 12));
      series(level, group, 'mean_in_queue').values.forEach((n, t) => expect(n).toBeCloseTo(wait[t]! / ms[t]!, 12));
      const busy = sum(series(level, group, 'utilization').values.map((u, t) => u * capacity * ms[t]!));
      expect(busy / (stats.meanServiceMs * stats.rounds), `${level} ${group}`).toBeCloseTo(1, 9);
    }
    // Each big node gets an eighth of 4 requests a second (nobody is ejected), of 1 s each: ρ ≈ 0.5.
    expect(result.adversaries.ejectedNodes).toBe(0);
    const bigUtilization = sum(series('role-model', 'big', 'utilization').values.map((u, t) => u * ms[t]!)) / sum(ms);
    expect(bigUtilization).toBeGreaterThan(0.4);
    expect(bigUtilization).toBeLessThan(0.6);
  });

  it('P(wait) is the share of rounds that waited: some at the busy big nodes, more at the shared Sybil server than at the small nodes', () => {
    const waited = (group: string, level: TimeseriesLevel = 'population') =>
      weighted(level, group, 'p_wait') / sum(series(level, group, 'rounds').values);
    expect(waited('big', 'role-model')).toBeGreaterThan(0.2);
    expect(waited('sybils')).toBeGreaterThan(2 * waited('small'));
    for (const p of series('population', 'small', 'p_wait').values.filter((v) => !Number.isNaN(v))) {
      expect(p).toBeGreaterThanOrEqual(0);
      expect(p).toBeLessThanOrEqual(1);
    }
  });

  it('run-level series: requests settled sum to the run’s, and the consensus error weighted by them is the run’s', () => {
    const settled = series('run', null, 'requests_settled').values;
    expect(sum(settled)).toBe(result.requestsSettled);
    const error = sum(series('run', null, 'consensus_mae').values.map((e, t) => (settled[t]! > 0 ? e * settled[t]! : 0)));
    expect(error / result.requestsSettled).toBeCloseTo(result.consensus.meanAbsoluteError, 12);
  });

  it('records each group at its level, with the metrics that apply to it', () => {
    const groups = [...new Set(timeseries.series.map((s) => `${s.level}|${s.role}|${s.group}`))];
    expect(groups).toEqual([
      'role-model|inference|big',
      'role-model|inference|small',
      'role-model|evaluator|good',
      'population|inference|big-a',
      'population|inference|small',
      'population|inference|sybils',
      'population|evaluator|judges',
      'operator|null|acme',
      'run|null|null',
    ]);
    const metricsOf = (level: TimeseriesLevel, group: string | null) =>
      timeseries.series.filter((s) => s.level === level && s.group === group).map((s) => s.metric);
    expect(metricsOf('role-model', 'big')).not.toContain('mean_agreement');
    expect(metricsOf('role-model', 'good')).not.toContain('mean_consensus_quality');
    expect(metricsOf('role-model', 'good')).not.toContain('requests_settled');
    expect(metricsOf('run', null)).toContain('requests_settled');
    expect(metricsOf('run', null)).toContain('mean_agreement');
    // The operator spans its two populations.
    expect(sum(series('operator', 'acme', 'rounds').values)).toBe(population(result, 'big-a').rounds + population(result, 'sybils').rounds);
  });

  it('records the metrics listed, in the table’s order', () => {
    const listed = runText(scenario(`output: { timeseries: { intervalSeconds: 60, metrics: [p_wait, rounds, consensus_mae] } }`));
    const metrics = [...new Set(listed.timeseries!.series.map((s) => s.metric))];
    expect(metrics).toEqual(['rounds', 'p_wait', 'consensus_mae']);
    expect(listed.timeseries!.series.filter((s) => s.metric === 'consensus_mae').map((s) => s.level)).toEqual(['run']);
  });

  it('changes nothing else the run reports', () => {
    const without = runText(scenario(''));
    expect(without.timeseries).toBeNull();
    expect(result.groups).toEqual(without.groups);
    expect(result.populations).toEqual(without.populations);
    expect(result.nodes).toEqual(without.nodes);
    expect(result.consensus).toEqual(without.consensus);
  });
});

describe('the time-series metrics in docs/results-format.md', () => {
  it('lists every metric with the unit, groups and meaning the code gives it', () => {
    const doc = readFileSync(join(ROOT, 'docs', 'results-format.md'), 'utf8');
    const groups = { group: 'every group', inference: 'groups with inference nodes', evaluator: 'groups with evaluator nodes', run: 'run' };
    for (const [name, { unit, scope, meaning }] of Object.entries(RECORDED_TIMESERIES_METRICS)) {
      expect(doc).toContain(`| \`${name}\` | ${unit} | ${groups[scope]} | ${meaning} |`);
    }
  });
});
