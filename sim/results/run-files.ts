/**
 * The files of one run: summary.json (deterministic: no wall-clock values)
 * and nodes.csv (tidy, one row per node, snake_case columns for pandas,
 * polars and DuckDB). The time series' table is written with the
 * experiments' table writer (sim/experiment/timeseries-table.ts).
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
  readonly statistics: RunResult['statistics'];
  readonly intervals: RunResult['intervals'];
  readonly queues: RunResult['queues'];
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
    statistics: result.statistics,
    intervals: result.intervals,
    queues: result.queues,
    groups: result.groups,
    populations: result.populations,
    operators: result.operators,
    adversaries: result.adversaries,
    reference: resolved.scenario.reference ?? null,
  };
}

type NodeRow = RunResult['nodes'][number];

/** The columns of nodes.csv in order, each with the value it shows. */
const NODE_COLUMNS: readonly (readonly [string, (node: NodeRow) => unknown])[] = [
  // Every results table says what its rows are taken over (levels.ts); here, one node each.
  ['level', () => 'node'],
  ['node', (node) => node.id],
  ['role', (node) => node.role],
  ['population', (node) => node.population],
  ['model', (node) => node.model],
  ['served_model', (node) => node.servedModel],
  ['hardware', (node) => node.hardware],
  ['operator', (node) => node.operator],
  ['behaviour', (node) => node.behaviour],
  ['adversarial', (node) => node.adversarial],
  ['rounds', (node) => node.rounds],
  ['total_reward', (node) => node.totalReward],
  ['mean_reward', (node) => node.meanReward],
  ['sd_reward', (node) => node.sdReward],
  ['mean_consensus_quality', (node) => node.meanConsensusQuality],
  ['mean_true_quality', (node) => node.meanTrueQuality],
  ['mean_agreement', (node) => node.meanAgreement],
  ['mean_score', (node) => node.meanScore],
  ['mean_cost', (node) => node.meanCost],
  ['total_reported_cost_usd', (node) => node.totalReportedCostUsd],
  ['total_true_cost_usd', (node) => node.totalTrueCostUsd],
  ['mean_service_ms', (node) => node.meanServiceMs],
  ['mean_wait_ms', (node) => node.meanWaitMs],
  ['total_slashed', (node) => node.totalSlashed],
  ['total_profit', (node) => node.totalProfit],
  ['audits', (node) => node.audits],
  ['flags', (node) => node.flags],
  ['ejected_at_s', (node) => (node.ejectedAtMs === null ? '' : node.ejectedAtMs / 1000)],
  ['reputation', (node) => node.reputation],
  ['stake', (node) => node.stake],
  ['utilization', (node) => node.utilization],
  ['mean_in_system', (node) => node.meanInSystem],
  ['mean_in_queue', (node) => node.meanInQueue],
  ['p_wait', (node) => node.pWait],
];

export function nodesCsv(result: RunResult): string {
  return stringify(
    result.nodes.map((node) => NODE_COLUMNS.map(([, value]) => value(node))),
    {
      header: true,
      // csv-stringify writes false as an empty field by default; pandas, polars and DuckDB read true/false as booleans.
      cast: { boolean: (value: boolean) => (value ? 'true' : 'false') },
      columns: NODE_COLUMNS.map(([name]) => name),
    },
  );
}
