/**
 * One run: a resolved scenario and a run key in, a RunResult out. A run
 * never knows where it executes (this process, a worker, another machine);
 * the same inputs always give the same result.
 */
import { Environment } from '../engine/environment.js';
import type { Market } from '../market/market.js';
import { packageVersion } from '../package-info.js';
import { StreamBank } from '../random/streams.js';
import type { ResolvedScenario } from '../scenario/resolved.js';
import { buildMarket } from './build-market.js';
import type { RunResult, TimeseriesRow } from './result.js';
import { summarizeMarket } from './summarize.js';

export interface RunOptions {
  /** Distinguishes replications of one scenario; part of every stream key. */
  readonly runKey?: number | string;
  /** Called after the market is built and before it starts, to subscribe observers. */
  readonly observe?: (market: Market, env: Environment) => void;
}

export function runScenario(resolved: ResolvedScenario, options: RunOptions = {}): RunResult {
  const { scenario } = resolved;
  const env = new Environment();
  const market = buildMarket(resolved, new StreamBank(scenario.seed, options.runKey ?? 0), env);
  const timeseries = collectTimeseries(market, resolved);
  options.observe?.(market, env);

  market.start();
  const stopReason = env.run({
    untilTime: scenario.stop.timeSeconds === undefined ? undefined : scenario.stop.timeSeconds * 1000,
    maxEvents: scenario.stop.events,
  });
  market.close();
  env.close();

  return {
    scenario: scenario.name,
    seed: scenario.seed,
    scenarioHash: resolved.hash,
    profileHash: resolved.profile.hash,
    version: packageVersion(),
    stopReason,
    events: env.eventsProcessed,
    virtualTimeMs: env.now,
    requestsGenerated: market.generated,
    requestsSettled: market.settled,
    meanResponseMs: market.settled > 0 ? market.responseMsSum / market.settled : 0,
    ...summarizeMarket(market, resolved.inferenceNodes, resolved.evaluatorNodes),
    timeseries,
  };
}

/** Subscribes to the market's sampling ticks and records cumulative rewards per group. */
function collectTimeseries(market: Market, resolved: ResolvedScenario): TimeseriesRow[] {
  const rows: TimeseriesRow[] = [];
  if (!resolved.scenario.output.timeseriesIntervalSeconds) return rows;
  const groups = [
    { role: 'inference' as const, nodes: resolved.inferenceNodes, ledger: market.inferenceLedger },
    { role: 'evaluator' as const, nodes: resolved.evaluatorNodes, ledger: market.evaluatorLedger },
  ].flatMap(({ role, nodes, ledger }) => {
    const byModel = new Map<string, number[]>();
    nodes.forEach((node, i) => byModel.set(node.model, [...(byModel.get(node.model) ?? []), i]));
    return [...byModel].map(([model, indices]) => ({ role, model, indices, ledger }));
  });
  market.samples$.subscribe(({ timeMs }) => {
    for (const { role, model, indices, ledger } of groups) {
      let rounds = 0;
      let reward = 0;
      for (const i of indices) {
        rounds += ledger.count[i]!;
        reward += ledger.rewardSum[i]!;
      }
      rows.push({ timeMs, role, model, rounds, cumulativeReward: reward });
    }
  });
  return rows;
}
