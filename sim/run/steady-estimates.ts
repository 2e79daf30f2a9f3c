/**
 * The steady-state fields of the run summary: for a group of nodes (any union
 * of cells) its per-round means and queue metrics, for the run its
 * request-level means, for each role its queues, each mean with its 95%
 * batch-means interval (sim/run/steady-state.ts), and the warnings a reader
 * of those intervals needs.
 */
import type { CellValue } from '../market/round-series.js';
import type { QueueMetrics, RunStatistics } from '../results/run-result.js';
import type { NodeRole } from '../scenario/resolved.js';
import type { Cell } from './cells.js';
import { type Estimate, INTERVAL_LEVEL, LAG1_WARNING, roleModelGroups, type SteadyState } from './steady-state.js';

export type Interval = [number, number] | null;

/** A group's per-round means, by the summary field each fills. */
const PER_ROUND_FIELDS = {
  meanReward: 'reward',
  meanQuality: 'quality',
  meanCost: 'cost',
  meanCostUsd: 'reportedCostUsd',
  meanTrueCostUsd: 'trueCostUsd',
  meanServiceMs: 'serviceMs',
  meanWaitMs: 'waitMs',
  meanTrueQuality: 'truth',
  meanProfit: 'profit',
} as const satisfies Record<string, CellValue>;

type PerRoundField = keyof typeof PER_ROUND_FIELDS;

export interface GroupEstimates extends Record<PerRoundField, number>, QueueMetrics {
  readonly ci95: Interval;
  readonly steadyRounds: number;
  readonly effectiveRounds: number | null;
  readonly intervals: Readonly<Record<string, Interval>>;
}

const finiteOr0 = (x: number) => (Number.isFinite(x) ? x : 0);

/** Queue metrics of a union of cells: utilization, number in system and in queue (time averages), P(wait). */
function queueEstimates(steady: SteadyState, members: readonly number[], cells: readonly Cell[]) {
  const servers = members.reduce((s, i) => s + cells[i]!.servers, 0);
  return {
    utilization: servers > 0 ? steady.timeAverage(members, ['serviceMs'], servers) : null,
    meanInSystem: steady.timeAverage(members, ['serviceMs', 'waitMs'], 1),
    meanInQueue: steady.timeAverage(members, ['waitMs'], 1),
    pWait: steady.perRound(members, 'waited'),
  };
}

function queueMetrics(estimates: ReturnType<typeof queueEstimates>): { metrics: QueueMetrics; intervals: Record<string, Interval> } {
  const { utilization, meanInSystem, meanInQueue, pWait } = estimates;
  return {
    metrics: {
      utilization: utilization === null ? null : finiteOr0(utilization.mean),
      meanInSystem: finiteOr0(meanInSystem.mean),
      meanInQueue: finiteOr0(meanInQueue.mean),
      pWait: finiteOr0(pWait.mean),
    },
    intervals: {
      utilization: utilization?.interval ?? null,
      meanInSystem: meanInSystem.interval,
      meanInQueue: meanInQueue.interval,
      pWait: pWait.interval,
    },
  };
}

export function groupEstimates(steady: SteadyState, members: readonly number[], cells: readonly Cell[]): GroupEstimates {
  const means = {} as Record<PerRoundField, number>;
  const intervals: Record<string, Interval> = {};
  let reward: Estimate | null = null;
  for (const [field, value] of Object.entries(PER_ROUND_FIELDS) as [PerRoundField, CellValue][]) {
    const estimate = steady.perRound(members, value);
    if (field === 'meanReward') reward = estimate;
    means[field] = finiteOr0(estimate.mean);
    intervals[field] = estimate.interval;
  }
  const queues = queueMetrics(queueEstimates(steady, members, cells));
  return {
    ...means,
    ...queues.metrics,
    ci95: reward!.interval,
    steadyRounds: steady.count(members),
    effectiveRounds: reward!.effectiveSize,
    intervals: { ...intervals, ...queues.intervals },
  };
}

/** Each role's queues over all its nodes. */
export function roleQueues(
  steady: SteadyState,
  cells: readonly Cell[],
): Record<NodeRole, QueueMetrics & { intervals: Record<string, Interval> }> {
  const of = (role: NodeRole) => {
    const members = cells.flatMap((cell, i) => (cell.role === role ? [i] : []));
    const { metrics, intervals } = queueMetrics(queueEstimates(steady, members, cells));
    return { ...metrics, intervals };
  };
  return { inference: of('inference'), evaluator: of('evaluator') };
}

/** The run's request-level steady-state means. */
export function runEstimates(steady: SteadyState) {
  return {
    meanResponseMs: steady.run('responseMs', 'round'),
    qualityPerUsd: steady.run('trueQuality', 'trueInferenceCostUsd'),
    meanAbsoluteError: steady.run('consensusError', 'round'),
    meanAbsoluteErrorVsHonest: steady.run('honestReferenceError', 'round'),
  };
}

/** How the run's intervals were computed, and what a reader should doubt. */
export function runStatistics(steady: SteadyState, cells: readonly Cell[], targetBatches: number, microbatches: number): RunStatistics {
  const warnings: string[] = [];
  const batches = steady.batches;
  if (batches < targetBatches) warnings.push(`only ${batches} batches after the warm-up (${targetBatches} asked): run longer`);
  if (steady.warmup.rule === 'mser' && microbatches > 0 && steady.warmup.rounds > 0 && 2 * steady.warmupMicrobatches >= microbatches - 1) {
    warnings.push('the warm-up MSER found reaches half the run: the run may not have reached steady state; run longer');
  }
  const correlated = (what: string, lag1: number | null) => {
    if (lag1 !== null && lag1 > LAG1_WARNING) {
      warnings.push(`${what}: batch means correlated (lag-1 ${lag1.toFixed(2)}), so its interval may be too narrow; run longer`);
    }
  };
  for (const members of roleModelGroups(cells)) {
    const { role, model } = cells[members[0]!]!;
    for (const value of ['reward', 'waitMs'] as const) correlated(`${role} ${model} ${value}`, steady.perRound(members, value).lag1);
  }
  for (const role of ['inference', 'evaluator'] as const) {
    const members = cells.flatMap((cell, i) => (cell.role === role ? [i] : []));
    correlated(`${role} meanInSystem`, steady.timeAverage(members, ['serviceMs', 'waitMs'], 1).lag1);
  }
  return {
    intervalMethod: 'batch-means',
    level: INTERVAL_LEVEL,
    batches,
    warmup: { rule: steady.warmup.rule, rounds: steady.warmup.rounds, seconds: steady.warmup.timeMs / 1000 },
    warnings,
  };
}
