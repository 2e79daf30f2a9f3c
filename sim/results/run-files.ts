/**
 * The files of one run: summary.json (deterministic: no wall-clock values),
 * nodes.csv and timeseries.csv (tidy, one row per node or per sample ×
 * group, snake_case columns for pandas, polars and DuckDB).
 */
import { stringify } from 'csv-stringify/sync';
import type { ResolvedScenario } from '../scenario/resolved.js';
import type { RunResult } from './run-result.js';

export interface RunSummaryFile {
  readonly version: string;
  readonly scenario: string;
  readonly seed: number | string;
  readonly scenarioHash: string;
  readonly profileHash: string;
  readonly stopReason: string;
  readonly events: number;
  readonly virtualTimeMs: number;
  readonly requestsGenerated: number;
  readonly requestsSettled: number;
  readonly meanResponseMs: number;
  readonly qualityPerUsd: number;
  readonly consensus: RunResult['consensus'];
  readonly groups: RunResult['groups'];
  readonly populations: RunResult['populations'];
  readonly operators: RunResult['operators'];
  readonly adversaries: RunResult['adversaries'];
  readonly reference: { readonly citation: string; readonly meanReward: Record<string, number> } | null;
}

export function summaryFile(result: RunResult, resolved: ResolvedScenario): RunSummaryFile {
  return {
    version: result.version,
    scenario: result.scenario,
    seed: result.seed,
    scenarioHash: result.scenarioHash,
    profileHash: result.profileHash,
    stopReason: result.stopReason,
    events: result.events,
    virtualTimeMs: result.virtualTimeMs,
    requestsGenerated: result.requestsGenerated,
    requestsSettled: result.requestsSettled,
    meanResponseMs: result.meanResponseMs,
    qualityPerUsd: result.qualityPerUsd,
    consensus: result.consensus,
    groups: result.groups,
    populations: result.populations,
    operators: result.operators,
    adversaries: result.adversaries,
    reference: resolved.scenario.reference ?? null,
  };
}

export function nodesCsv(result: RunResult): string {
  return stringify(
    result.nodes.map((node) => [
      node.id,
      node.role,
      node.population,
      node.model,
      node.servedModel,
      node.hardware,
      node.operator,
      node.behaviour,
      node.adversarial,
      node.rounds,
      node.totalReward,
      node.meanReward,
      node.sdReward,
      node.meanQuality,
      node.meanCost,
      node.totalReportedCostUsd,
      node.totalTrueCostUsd,
      node.meanServiceMs,
      node.meanWaitMs,
      node.totalSlashed,
      node.totalProfit,
      node.audits,
      node.flags,
      node.ejectedAtMs === null ? '' : node.ejectedAtMs / 1000,
      node.reputation,
      node.stake,
    ]),
    {
      header: true,
      // csv-stringify writes false as an empty field by default; pandas, polars and DuckDB read true/false as booleans.
      cast: { boolean: (value: boolean) => (value ? 'true' : 'false') },
      columns: [
        'node',
        'role',
        'population',
        'model',
        'served_model',
        'hardware',
        'operator',
        'behaviour',
        'adversarial',
        'rounds',
        'total_reward',
        'mean_reward',
        'sd_reward',
        'mean_quality',
        'mean_cost',
        'total_reported_cost_usd',
        'total_true_cost_usd',
        'mean_service_ms',
        'mean_wait_ms',
        'total_slashed',
        'total_profit',
        'audits',
        'flags',
        'ejected_at_s',
        'reputation',
        'stake',
      ],
    },
  );
}

export function timeseriesCsv(result: RunResult): string {
  return stringify(
    result.timeseries.map((row) => [row.timeMs / 1000, row.role, row.model, row.rounds, row.cumulativeReward]),
    { header: true, columns: ['time_s', 'role', 'model', 'rounds', 'cumulative_reward'] },
  );
}
