/**
 * The files of one run: summary.json (deterministic: no wall-clock values)
 * and nodes.csv (tidy, one row per node, snake_case columns for pandas,
 * polars and DuckDB). The time series' table is written with the
 * experiments' table writer (sim/experiment/timeseries-table.ts).
 */
import { stringify } from 'csv-stringify/sync';
import type { RewardRuleSpec } from '../scenario/schema.js';
import type { ResolvedScenario } from '../scenario/resolved.js';
import type { Meaning } from './metric-meanings.js';
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
  /** Energy and costs of the whole run, only when the scenario keeps hardware accounting. */
  readonly hardwareCosts?: RunResult['hardwareCosts'];
  /** The network's books, only when the scenario declares `economics:`. */
  readonly money?: RunResult['money'];
  /** Who joined and left, only when the scenario declares `economics.entry` or `economics.exit`. */
  readonly entryExit?: RunResult['entryExit'];
  /** What the pool paid, only when the scenario declares `mechanism.rewards.pool`. */
  readonly pool?: RunResult['pool'];
  /** The reward controller's path, only when the scenario declares `mechanism.rewards.controller`. */
  readonly controller?: RunResult['controller'];
  /** The evaluators' trust weights at the end, only when `mechanism.consensus.rule` is multiplicative-trust. */
  readonly trust?: RunResult['trust'];
  /** What the judge cascade escalated and cost, only when the scenario declares `mechanism.cascade`. */
  readonly cascade?: RunResult['cascade'];
  /** The reward rule the run paid by, only when the scenario declares one (absent: linear, as before rules were named). */
  readonly rewardRule?: RewardRuleSpec;
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
    ...(result.hardwareCosts ? { hardwareCosts: result.hardwareCosts } : {}),
    ...(result.money ? { money: result.money } : {}),
    ...(result.pool ? { pool: result.pool } : {}),
    ...(result.entryExit ? { entryExit: result.entryExit } : {}),
    ...(result.controller ? { controller: result.controller } : {}),
    ...(result.trust ? { trust: result.trust } : {}),
    ...(result.cascade ? { cascade: result.cascade } : {}),
    ...(resolved.scenario.mechanism.rewards.rule ? { rewardRule: resolved.scenario.mechanism.rewards.rule } : {}),
  };
}

type NodeRow = RunResult['nodes'][number];

/** A column of nodes.csv: its name, unit and meaning (listed in docs/results-format.md, checked by a test) and the value it shows. */
export interface NodeColumn extends Meaning {
  readonly name: string;
  readonly value: (node: NodeRow) => unknown;
}

const column = (name: string, unit: string, meaning: string, value: (node: NodeRow) => unknown): NodeColumn => ({ name, unit, meaning, value });

/** The columns of nodes.csv in order. */
export const NODE_COLUMNS: readonly NodeColumn[] = [
  // Every results table says what its rows are taken over (levels.ts); here, one node each.
  column('level', '—', '`node`: one row per node', () => 'node'),
  column('node', '—', 'the node’s id', (node) => node.id),
  column('role', '—', '`inference` or `evaluator`', (node) => node.role),
  column('population', '—', 'the declared population it belongs to', (node) => node.population),
  column('model', '—', 'the model it claims to run', (node) => node.model),
  column('served_model', '—', 'the model it serves (another under model substitution)', (node) => node.servedModel),
  column('hardware', '—', 'its hardware tier', (node) => node.hardware),
  column('operator', '—', 'who runs it: a declared operator, or its own id', (node) => node.operator),
  column('behaviour', '—', 'behaviour kinds stacked on it, joined by `+`, or `honest`', (node) => node.behaviour),
  column('adversarial', '—', 'whether it deviates, or belongs to an operator that does', (node) => node.adversarial),
  column('rounds', 'rounds', 'rounds it took part in: requests served or evaluations made', (node) => node.rounds),
  column('total_reward', 'reward', 'reward over the run', (node) => node.totalReward),
  column('mean_reward', 'reward/round', 'mean reward per round', (node) => node.meanReward),
  column('sd_reward', 'reward/round', 'standard deviation of the reward per round', (node) => node.sdReward),
  column('mean_consensus_quality', 'normalized', 'inference only: mean normalized consensus score of its answers', (node) => node.meanConsensusQuality),
  column('mean_true_quality', '[0, 1]', 'inference only: mean true quality of its answers', (node) => node.meanTrueQuality),
  column('mean_agreement', '[0, 1]', 'evaluators only: mean agreement with the consensus', (node) => node.meanAgreement),
  column('mean_score', '[0, 1]', 'evaluators only: mean score given', (node) => node.meanScore),
  column('mean_cost', 'normalized', 'mean normalized cost that entered the reward', (node) => node.meanCost),
  column('total_reported_cost_usd', 'USD', 'cost it reported over the run', (node) => node.totalReportedCostUsd),
  column('total_true_cost_usd', 'USD', 'cost it incurred over the run', (node) => node.totalTrueCostUsd),
  column('mean_service_ms', 'ms', 'mean service time per round', (node) => node.meanServiceMs),
  column('mean_wait_ms', 'ms', 'mean time a job waited in its queue', (node) => node.meanWaitMs),
  column('total_slashed', 'reward', 'stake slashed from it over the run', (node) => node.totalSlashed),
  column('total_profit', 'reward', 'total reward minus stake slashed', (node) => node.totalProfit),
  column('audits', 'audits', 'cost audits of its reports', (node) => node.audits),
  column('flags', 'flags', 'audits that flagged its report', (node) => node.flags),
  column('ejected_at_s', 's', 'virtual time it was ejected; empty if never', (node) => (node.ejectedAtMs === null ? '' : node.ejectedAtMs / 1000)),
  column('reputation', '[0, 1]', 'its reputation at the end of the run', (node) => node.reputation),
  column('stake', 'reward', 'its stake left at the end of the run', (node) => node.stake),
  column('utilization', '[0, 1]', 'over the whole run: busy time over its concurrency × the run’s virtual time', (node) => node.utilization),
  column('mean_in_system', 'jobs', 'over the whole run: time-average number of its jobs waiting or in service', (node) => node.meanInSystem),
  column('mean_in_queue', 'jobs', 'over the whole run: time-average number of its jobs waiting', (node) => node.meanInQueue),
  column('p_wait', '[0, 1]', 'share of its jobs that waited before service', (node) => node.pWait),
];

/** Columns nodes.csv adds after NODE_COLUMNS when the scenario keeps hardware accounting (sim/market/hardware-accounting.ts). */
export const HARDWARE_NODE_COLUMNS: readonly NodeColumn[] = [
  column('energy_kwh', 'kWh', 'energy drawn: busy power over billed time plus idle power over the rest of the run', (n) => n.hardwareCost?.energyKwh),
  column('energy_cost_usd', 'USD', 'that energy priced by its region’s electricity price', (n) => n.hardwareCost?.energyCostUsd),
  column('hardware_cost_usd', 'USD', 'rental, or purchase amortized, over the whole run (busy or idle)', (n) => n.hardwareCost?.hardwareCostUsd),
  column('total_cost_usd', 'USD', 'hardware_cost_usd + energy_cost_usd', (n) => n.hardwareCost?.totalCostUsd),
];

/** Columns nodes.csv adds after the hardware columns when the scenario declares `economics:` (sim/run/money-summary.ts). */
export const MONEY_NODE_COLUMNS: readonly NodeColumn[] = [
  column('revenue_usd', 'USD', 'Σ reward × the token price at the settlement that paid it', (n) => n.money?.revenueUsd),
  column('operating_cost_usd', 'USD', 'its real cost: total_cost_usd with hardware accounting, else total_true_cost_usd', (n) => n.money?.operatingCostUsd),
  column('slashed_usd', 'USD', 'Σ stake slashed × the token price when it was slashed', (n) => n.money?.slashedUsd),
  column('profit_usd', 'USD', 'revenue_usd − operating_cost_usd − slashed_usd', (n) => n.money?.profitUsd),
];

/** The column nodes.csv adds after the money columns when the scenario declares `mechanism.rewards.pool` (sim/market/pool-ledger.ts). */
export const POOL_NODE_COLUMNS: readonly NodeColumn[] = [
  column('pool_payout', 'tokens', 'tokens the pool paid it: its share of each epoch’s emission it scored in', (n) => n.poolPayout),
];

/** Columns nodes.csv adds after the pool's when the scenario declares `economics.entry` or `economics.exit` (sim/market/entry-exit.ts). */
export const MEMBERSHIP_NODE_COLUMNS: readonly NodeColumn[] = [
  column('joined_at_s', 's', 'virtual time it joined the market: 0 if in from the start, empty for a candidate that never joined', (n) =>
    n.joinedAtMs === null || n.joinedAtMs === undefined ? '' : n.joinedAtMs / 1000,
  ),
  column('left_at_s', 's', 'virtual time it left the market after a sustained loss; empty if it stayed', (n) =>
    n.leftAtMs === null || n.leftAtMs === undefined ? '' : n.leftAtMs / 1000,
  ),
  column('left_at_price_usd', 'USD', 'the token price when it left (the last settlement’s); empty if it stayed', (n) => n.leftAtPriceUsd ?? ''),
];

/** Columns nodes.csv adds last when some node batches (sim/market/batch-queues.ts). */
export const BATCH_NODE_COLUMNS: readonly NodeColumn[] = [
  column('mean_batch_size', 'jobs', 'jobs per batch its server formed; empty when it serves jobs one at a time', (node) => node.meanBatchSize),
];

/** The columns of a run's nodes.csv: the hardware, money and batch columns only when its nodes have them, so a run without them writes the file it always did. */
export function nodeColumnsOf(result: RunResult): readonly NodeColumn[] {
  return [
    ...NODE_COLUMNS,
    ...(result.nodes.some((node) => node.hardwareCost) ? HARDWARE_NODE_COLUMNS : []),
    ...(result.nodes.some((node) => node.money) ? MONEY_NODE_COLUMNS : []),
    ...(result.nodes.some((node) => node.poolPayout !== undefined) ? POOL_NODE_COLUMNS : []),
    ...(result.nodes.some((node) => node.joinedAtMs !== undefined) ? MEMBERSHIP_NODE_COLUMNS : []),
    ...(result.nodes.some((node) => node.meanBatchSize !== undefined) ? BATCH_NODE_COLUMNS : []),
  ];
}

export function nodesCsv(result: RunResult): string {
  const columns = nodeColumnsOf(result);
  return stringify(
    result.nodes.map((node) => columns.map((c) => c.value(node))),
    {
      header: true,
      // csv-stringify writes false as an empty field by default; pandas, polars and DuckDB read true/false as booleans.
      cast: { boolean: (value: boolean) => (value ? 'true' : 'false') },
      columns: columns.map((c) => c.name),
    },
  );
}
