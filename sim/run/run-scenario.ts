/**
 * One run: a resolved scenario and a run key in, a RunResult out. A run
 * never knows where it executes (this process, a worker, another machine);
 * the same inputs always give the same result. When the scenario has
 * adversaries, its honest twin runs too, under the same seed.
 */
import { Environment, type StopReason } from '../engine/environment.js';
import type { Market } from '../market/market.js';
import type { AbsoluteErrors, ConsensusTally } from '../market/consensus-tally.js';
import { packageVersion } from '../package-info.js';
import { StreamBank } from '../random/streams.js';
import type { ResolvedScenario } from '../scenario/resolved.js';
import { pearson } from '../stats/summary-statistics.js';
import { buildMarket } from './build-market.js';
import { type RunCells, runCells } from './cells.js';
import { roleQueues, runEstimates, runStatistics } from './steady-estimates.js';
import { SteadyState } from './steady-state.js';
import { honestTwin, needsHonestTwin } from './honest-twin.js';
import { TimeseriesCollector } from './timeseries.js';
import { networkMoneyOf } from './money-summary.js';
import { runPoolOf } from './pool-summary.js';
import { runVerificationOf } from './verification-summary.js';
import { runCascadeOf } from './cascade-summary.js';
import { runEntryExitOf } from './membership-summary.js';
import { runControllerOf } from './controller-summary.js';
import { runTrustOf } from './trust-summary.js';
import { marketOutcomes, type NodeOutcome } from './node-outcomes.js';
import type { ConsensusAccuracy, RunResult, RunStopReason } from '../results/run-result.js';
import type { RunTimeseries } from '../results/timeseries.js';
import {
  adversaryMetrics,
  hardwareCostsOf,
  summarizeGroups,
  summarizeNodes,
  summarizeOperators,
  summarizePopulations,
} from './summarize.js';

export interface RunOptions {
  /** Distinguishes replications of one scenario; part of every stream key. */
  readonly runKey?: number | string;
  /** Called after the market is built and before it starts, to subscribe observers. */
  readonly observe?: (market: Market, env: Environment) => void;
}

interface Simulation {
  readonly market: Market;
  readonly env: Environment;
  readonly stopReason: RunStopReason;
  readonly outcomes: NodeOutcome[];
  readonly timeseries: RunTimeseries | null;
  readonly cells: RunCells;
}

/** `record`: whether to keep the time series (the honest twin's is not reported; its ticks still run, as the scenario's do). */
function simulate(resolved: ResolvedScenario, runKey: number | string, record: boolean, observe?: RunOptions['observe']): Simulation {
  const { scenario } = resolved;
  const env = new Environment();
  const market = buildMarket(resolved, new StreamBank(scenario.seed, runKey), env);
  const timeseries = record ? TimeseriesCollector.attach(market, resolved) : null;
  observe?.(market, env);
  market.start();
  const engineReason = runToEnd(env, market, scenario.stop);
  market.close();
  env.close();
  const stopReason = runStopReason(engineReason, scenario.stop.requests, market.generated);
  const cells = runCells(resolved);
  const outcomes = marketOutcomes(market, resolved.inferenceNodes, resolved.evaluatorNodes, cells, env.now);
  return { market, env, stopReason, outcomes, timeseries: timeseries?.finish(env.now) ?? null, cells };
}

/**
 * Runs the engine until a stop condition. When the calendar empties while
 * batchers that wait for full batches still hold jobs, they serve them and
 * the run goes on (Market.drain); without batching the loop runs once.
 */
function runToEnd(env: Environment, market: Market, stop: ResolvedScenario['scenario']['stop']): StopReason {
  const untilTime = stop.timeSeconds === undefined ? undefined : stop.timeSeconds * 1000;
  for (;;) {
    const maxEvents = stop.events === undefined ? undefined : stop.events - env.eventsProcessed;
    const reason = env.run({ untilTime, maxEvents });
    if (reason !== 'empty' || !market.drain()) return reason;
  }
}

export function runScenario(resolved: ResolvedScenario, options: RunOptions = {}): RunResult {
  const runKey = options.runKey ?? 0;
  const { market, env, stopReason, outcomes, timeseries, cells } = simulate(resolved, runKey, true, options.observe);
  const twin = needsHonestTwin(resolved) ? simulate(honestTwin(resolved), runKey, false).outcomes : null;
  const analysis = resolved.scenario.analysis;
  const steady = new SteadyState(market.series, cells.cells, analysis);
  const context = { steady, cells: cells.cells, rewardDispersion: analysis.rewardDispersion === true };
  const run = runEstimates(steady);
  const finite = (x: number) => (Number.isFinite(x) ? x : 0);
  return {
    scenario: resolved.scenario.name,
    seed: resolved.scenario.seed,
    scenarioHash: resolved.hash,
    profileHash: resolved.profile.hash,
    version: packageVersion(),
    stopReason,
    events: env.eventsProcessed,
    virtualTimeMs: env.now,
    requestsGenerated: market.generated,
    requestsSettled: market.settled,
    meanResponseMs: finite(run.meanResponseMs.mean),
    qualityPerUsd: finite(run.qualityPerUsd.mean),
    consensus: {
      ...consensusAccuracy(market.tally),
      meanAbsoluteError: finite(run.meanAbsoluteError.mean),
      meanAbsoluteErrorVsHonest: finite(run.meanAbsoluteErrorVsHonest.mean),
    },
    statistics: runStatistics(steady, cells.cells, analysis.batches, market.series.length),
    intervals: {
      meanResponseMs: run.meanResponseMs.interval,
      qualityPerUsd: run.qualityPerUsd.interval,
      consensusMeanAbsoluteError: run.meanAbsoluteError.interval,
      consensusMeanAbsoluteErrorVsHonest: run.meanAbsoluteErrorVsHonest.interval,
    },
    queues: roleQueues(steady, cells.cells),
    groups: summarizeGroups(outcomes, context),
    populations: summarizePopulations(outcomes, twin, context),
    operators: summarizeOperators(outcomes, twin),
    adversaries: adversaryMetrics(outcomes, twin),
    ...hardwareCostsOf(outcomes),
    ...networkMoneyOf(outcomes, market.money, resolved.scenario.economics?.feeUsdPerRequest ?? 0, market.settled, market.pool),
    ...runPoolOf(market.pool),
    ...runEntryExitOf(market.entryExit),
    ...runControllerOf(market.controller),
    ...runVerificationOf(outcomes, market.settled, market.spotChecks !== null),
    ...runTrustOf(outcomes, market.gold),
    ...runCascadeOf(market.cascade),
    nodes: summarizeNodes(outcomes, env.now),
    timeseries,
  };
}

/**
 * The stop rule that ended the run, in the scenario's words. The engine
 * only knows that its calendar ran empty; with a request budget, that is
 * the budget generated and settled.
 */
function runStopReason(engine: StopReason, requestBudget: number | undefined, generated: number): RunStopReason {
  return engine === 'empty' && requestBudget !== undefined && generated >= requestBudget ? 'requests' : engine;
}

/** Mean absolute error per window, or none when the run had no request budget to divide. */
function byWindow(windows: AbsoluteErrors): number[] {
  const indices = Array.from({ length: windows.size }, (_, i) => i);
  return indices.every((i) => windows.count(i) === 0) ? [] : indices.map((i) => windows.mean(i));
}

function consensusAccuracy(tally: ConsensusTally): ConsensusAccuracy {
  return {
    meanAbsoluteError: tally.accuracy.meanAbsoluteDifference(0),
    correlation: pearson(tally.accuracy.totals(0)),
    meanAbsoluteErrorByWindow: byWindow(tally.errorByWindow),
    meanAbsoluteErrorVsHonest: tally.honestReferenceError.mean(0),
    meanAbsoluteErrorVsHonestByWindow: byWindow(tally.honestErrorByWindow),
  };
}
