/**
 * What one run produces: plain data, written to summary.json and nodes.csv
 * (run-files.ts) and read by reports. These types are the results format
 * that sim/run fills in and everything above it reads, so they live here,
 * below the run, with the files they become. Rewards and profits are per
 * round (a request served or an evaluation made) in reward units; costs
 * are in USD unless marked normalized. Profit is reward minus stake
 * slashed.
 */
import type { ControllerStep, ControllerTarget } from '../mechanism/reward-controller.js';
import type { StopReason } from '../engine/environment.js';
import type { NodeRole } from '../scenario/resolved.js';
import type { RunTimeseries } from './timeseries.js';

/**
 * How busy a set of nodes is, after the run's warm-up: time averages over the
 * kept window, P(wait) over its rounds.
 */
export interface QueueMetrics {
  /** Busy server time over capacity (Σ concurrency of the physical nodes) × time; null without servers. */
  readonly utilization: number | null;
  /** Time-average number of jobs in system (waiting or in service). */
  readonly meanInSystem: number;
  /** Time-average number of jobs waiting. */
  readonly meanInQueue: number;
  /** Share of jobs that waited before service. */
  readonly pWait: number;
}

/** How a run's intervals were computed. */
export interface RunStatistics {
  /** Non-overlapping batch means over the rounds after the warm-up (Student-t, batches − 1 degrees of freedom). */
  readonly intervalMethod: 'batch-means';
  readonly level: number;
  /** Batches each interval was computed from. */
  readonly batches: number;
  /** What was deleted from every steady-state mean: mser (found by MSER-5), declared (analysis.warmup) or none. */
  readonly warmup: { readonly rule: 'mser' | 'declared' | 'none'; readonly rounds: number; readonly seconds: number };
  /** What a reader of the intervals should doubt (correlated batches, too few batches, a warm-up that may not have ended). */
  readonly warnings: readonly string[];
}

/**
 * What "quality" means depends on the role, so each measure has its own
 * name and a role has only its own: inference nodes' answers as the
 * consensus judged them and as they were, evaluators' agreement with the
 * consensus and the scores they gave. Each is a mean per round.
 */
export interface RoleQuality {
  /** Inference: mean normalized consensus score of the answers, the quality that entered the reward (score units, [0, 1]). */
  readonly meanConsensusQuality?: number;
  /** Inference: mean true quality of the answers ([0, 1]). */
  readonly meanTrueQuality?: number;
  /** Evaluators: mean agreement with the consensus, the quality that entered the reward ([0, 1] under the absolute form). */
  readonly meanAgreement?: number;
  /** Evaluators: mean score given (score units, [0, 1]). */
  readonly meanScore?: number;
}

/**
 * Statistics shared by every grouping of nodes. Means are steady-state
 * estimates: per round over the rounds settled after the run's warm-up,
 * each with its 95% batch-means interval in `intervals`. Totals and counts
 * are over the whole run. Rewards and profits in reward units; times in ms.
 */
export interface GroupStatistics extends QueueMetrics, RoleQuality, GroupTrust, RewardDispersion {
  /** Number of nodes in the group. */
  readonly count: number;
  /** Rounds the group's nodes took part in (requests served, or evaluations made). */
  readonly rounds: number;
  /** Mean reward per round. */
  readonly meanReward: number;
  /** 95% batch-means interval of the mean reward per round (after the warm-up); null with fewer than 2 batches. */
  readonly ci95: [number, number] | null;
  /** Rounds after the warm-up, which the means are over. */
  readonly steadyRounds: number;
  /** Effective number of independent rounds behind the mean reward: its per-round variance over its mean's variance, at most steadyRounds. */
  readonly effectiveRounds: number | null;
  /** Standard deviation of the reward per round. */
  readonly sdReward: number;
  /** Reward over the run, summed over the group's nodes. */
  readonly totalReward: number;
  /** Mean normalized cost that entered the reward. */
  readonly meanCost: number;
  /** Mean reported cost per round, USD. */
  readonly meanCostUsd: number;
  /** Mean true cost per round, USD. */
  readonly meanTrueCostUsd: number;
  /** Mean service time per round; under batching, the job's share of its batch's time (what it costs). */
  readonly meanServiceMs: number;
  /** Mean wait per round; under batching, the rest of the job's time at the node (queueing, the batch forming, the others' part of its run). */
  readonly meanWaitMs: number;
  /** Jobs per batch over the group's batching servers; present only when some of its nodes batch. */
  readonly meanBatchSize?: number;
  /** Mean profit per round: reward minus stake slashed. */
  readonly meanProfit: number;
  /** Stake slashed over the run, reward units. */
  readonly totalSlashed: number;
  readonly audits: number;
  readonly flags: number;
  /** Nodes of the group ejected during the run. */
  readonly ejected: number;
  /** Evaluators: Pearson correlation of their scores with true quality. */
  readonly correlationWithTruth?: number | null;
  /** Energy and costs over the run, summed over the group's nodes; absent without hardware accounting. */
  readonly energyKwh?: number;
  readonly energyCostUsd?: number;
  readonly hardwareCostUsd?: number;
  readonly totalCostUsd?: number;
  /** USD revenue, cost, slashed stake and profit summed over the group's nodes; absent without `economics:` (see Money). */
  readonly revenueUsd?: number;
  readonly operatingCostUsd?: number;
  readonly slashedUsd?: number;
  readonly profitUsd?: number;
  /** Tokens the pool paid the group's nodes; absent without `mechanism.rewards.pool`. */
  readonly poolPayout?: number;
  /** Spot checks of the group's inference jobs, those that flagged, and what their re-executions cost in USD; absent without `mechanism.spotChecks`. */
  readonly spotChecks?: number;
  readonly spotCheckFlags?: number;
  readonly spotCheckCostUsd?: number;
  /** Entry and exit (see Membership); absent when the network's make-up is fixed. */
  readonly joined?: number;
  readonly left?: number;
  readonly inMarketAtEnd?: number;
  readonly survival?: number;
  /** The mean token price at which the group's nodes left (NaN when none left). */
  readonly meanExitPriceUsd?: number;
  /** The 95% batch-means interval of each mean above, by field name (meanReward, meanWaitMs, utilization, …). */
  readonly intervals: Readonly<Record<string, [number, number] | null>>;
}

/** Evaluator groups under `mechanism.consensus.rule: multiplicative-trust` (issue 19), over the nodes that scored. */
export interface GroupTrust {
  /** Mean of the nodes' consensus weights at the run's end. */
  readonly meanTrustWeight?: number;
  /** Share of the nodes whose weight ended at w_max (within 1e-9). */
  readonly trustShareAtMaxWeight?: number;
}

/** How unequally a group's nodes were paid (issue 19), only with `analysis.rewardDispersion: true`. */
export interface RewardDispersion {
  /** Sample standard deviation over the nodes that took part of each node's mean reward per round (0 with one node). */
  readonly nodeMeanRewardSd?: number;
  /** Sample standard deviation over the nodes of each node's total reward over the run (0 with one node). */
  readonly nodeTotalRewardSd?: number;
}

/**
 * The evaluators' consensus weights at the run's end (issue 19), only under
 * `mechanism.consensus.rule: multiplicative-trust`: over the evaluators that
 * scored at least once.
 */
export interface TrustOutcome {
  /** Gold rounds drawn, the only ones the weights learned from; absent unless `gold` anchors the trust. */
  readonly goldRounds?: number;
  readonly evaluators: number;
  /** Share whose weight ended at w_max, and at w_min (within 1e-9). */
  readonly shareAtMaxWeight: number;
  readonly shareAtMinWeight: number;
  /** −Σ p ln p of the weights normalized to sum 1, nats: ln(evaluators) when all are equal (saturation), lower when trust is concentrated. */
  readonly weightEntropy: number;
  /** Pearson correlation of the weights with each evaluator's accuracy, minus the RMS error of its scores against true quality; null when either is constant. */
  readonly correlationWithAccuracy: number | null;
  /** Pearson correlation of the weights with honesty (1 for an honest evaluator, 0 for an adversarial one); null when either is constant. */
  readonly correlationWithHonesty: number | null;
}

/**
 * Energy and costs over the whole run, summed over nodes (issue 17): only
 * when the scenario declares hardware tiers, regions or a cost measure, or
 * names a catalogue tier. USD; energy in kWh.
 */
export interface HardwareCosts {
  /** Energy drawn: busy power over billed time plus idle power over the rest of the run, kWh. */
  readonly energyKwh: number;
  /** That energy priced by the region's electricity price, USD. */
  readonly energyCostUsd: number;
  /** Rental, or purchase amortized, over the whole run (busy or idle), USD. */
  readonly hardwareCostUsd: number;
  /** hardwareCostUsd + energyCostUsd, USD. */
  readonly totalCostUsd: number;
}

/**
 * A node's money over the run (issue 18), only when the scenario declares
 * `economics:`. Rewards and slashed stake are valued at the token price of
 * the settlement that paid or slashed them.
 */
export interface Money {
  /** Σ reward × token price, USD. */
  readonly revenueUsd: number;
  /** Its real cost: total_cost_usd with hardware accounting, else its true cost over the run, USD. */
  readonly operatingCostUsd: number;
  /** Σ stake slashed × token price, USD. */
  readonly slashedUsd: number;
  /** revenueUsd − operatingCostUsd − slashedUsd. */
  readonly profitUsd: number;
}

/** The network's books over the run, only when the scenario declares `economics:`. */
export interface NetworkMoney {
  /** feeUsdPerRequest × requests settled, USD. */
  readonly feesUsd: number;
  /** Σ rewards paid to every node, tokens (reward units). */
  readonly tokensEmitted: number;
  /** Those rewards valued at each settlement's token price, USD. */
  readonly tokensEmittedUsd: number;
  /** Stake slashed valued at the token price, USD. */
  readonly slashedUsd: number;
  /** feesUsd − tokensEmittedUsd + slashedUsd: what the network keeps after paying its nodes. */
  readonly networkProfitUsd: number;
  /** Σ of every node's profitUsd. */
  readonly nodesProfitUsd: number;
  /** The token price at the last settlement, USD. */
  readonly finalTokenPriceUsd: number;
  /** Σ of every node's operatingCostUsd: what running the network cost, idle machines included. */
  readonly operatingCostUsd: number;
  /** Σ true quality of the answers settled over operatingCostUsd: the quality the network delivers per USD it costs to run. */
  readonly qualityPerOperatingUsd: number;
}

export interface GroupSummary extends GroupStatistics {
  readonly role: NodeRole;
  readonly model: string;
}

/** Comparison with the same nodes played honestly under common random numbers. */
export interface TwinComparison {
  /** Mean profit per round of these nodes when every node is honest. */
  readonly honestMeanProfit: number;
  /** Mean profit per round minus the honest twin's: the gain from deviating, per round. */
  readonly gainPerRound: number;
  /** Total profit minus the honest twin's, per node: the gain over the whole run (ejection included). */
  readonly gainPerNode: number;
  /** True cost the twin incurred minus what these nodes incurred, per node, USD. */
  readonly costSavedUsdPerNode: number;
}

/** What a population's model, served model or behaviour says when its nodes differ in it (a weighted `model:` or a `mix:`). */
export const MIXTURE = 'mixture';

/** One kind of node in a population: its nodes that share a model, served model, hardware and behaviour. */
export interface PopulationPart {
  readonly model: string;
  readonly servedModel: string;
  readonly hardware: string;
  readonly behaviour: string;
  readonly nodes: number;
}

export interface PopulationSummary extends GroupStatistics {
  readonly role: NodeRole;
  readonly population: string;
  /** The nodes' model, or "mixture" when they run several (listed in `composition`). */
  readonly model: string;
  /** The model the nodes serve (another under substitution), or "mixture". */
  readonly servedModel: string;
  /** Behaviour kinds stacked on the node, joined by "+", or "honest"; "mixture" when the nodes differ. */
  readonly behaviour: string;
  /** The kinds of node in the population, in order of first appearance, with their node counts: one part unless it is a mixture. */
  readonly composition: readonly PopulationPart[];
  readonly operator: string | null;
  /** Whether any of its nodes is adversarial. */
  readonly adversarial: boolean;
  readonly twin: TwinComparison | null;
  /** Adaptive populations: the learners' state at the end. */
  readonly adaptive: {
    /** Mean over nodes of the value each learner believes most profitable. */
    readonly meanGreedyValue: number;
    /** Mean over nodes of the values played lately. */
    readonly meanRecentValue: number;
    /** Share of nodes whose learner believes the honest value most profitable. */
    readonly honestShare: number;
  } | null;
}

/** A declared operator (a ring or a Sybil owner) across all its nodes and roles. */
export interface OperatorSummary {
  readonly operator: string;
  readonly nodes: number;
  readonly populations: readonly string[];
  readonly adversarial: boolean;
  /** Profit over the run (reward minus stake slashed), summed over the operator's nodes, reward units. */
  readonly totalProfit: number;
  /** Total profit minus the same nodes' total profit played honestly (the honest twin), reward units; null without the twin. */
  readonly totalGain: number | null;
  /** Summed over the operator's nodes; absent without `economics:`. */
  readonly revenueUsd?: number;
  readonly operatingCostUsd?: number;
  readonly slashedUsd?: number;
  readonly profitUsd?: number;
  /** Tokens the pool paid the operator's nodes; absent without `mechanism.rewards.pool`. */
  readonly poolPayout?: number;
}

export interface AdversaryMetrics {
  /** Adversarial nodes' share of all rewards paid. */
  readonly rewardShare: number;
  /** Honest nodes' mean reward per round in the honest twin minus in this run (positive: what they lose). */
  readonly honestLossPerRound: number | null;
  /** Honest nodes' total reward in the twin minus in this run. */
  readonly honestLossTotal: number | null;
  /** Of the audits of real misreports, the share flagged. */
  readonly auditDetectionRate: number | null;
  /** Of the audits of truthful reports, the share flagged. */
  readonly auditFalsePositiveRate: number | null;
  readonly ejectedNodes: number;
}

export interface NodeSummary extends RoleQuality {
  /** Jobs per batch its server formed; present only when it batches. */
  readonly meanBatchSize?: number;
  readonly id: string;
  readonly role: NodeRole;
  readonly population: string;
  readonly model: string;
  readonly servedModel: string;
  readonly hardware: string;
  readonly operator: string;
  readonly behaviour: string;
  readonly adversarial: boolean;
  readonly rounds: number;
  readonly totalReward: number;
  readonly meanReward: number;
  readonly sdReward: number;
  readonly meanCost: number;
  readonly totalReportedCostUsd: number;
  readonly totalTrueCostUsd: number;
  readonly meanServiceMs: number;
  readonly meanWaitMs: number;
  readonly totalSlashed: number;
  readonly totalProfit: number;
  readonly audits: number;
  readonly flags: number;
  readonly ejectedAtMs: number | null;
  readonly reputation: number;
  readonly stake: number;
  /** Over the whole run: busy time over concurrency × run time. */
  readonly utilization: number;
  /** Over the whole run: time-average jobs in system and waiting, and the share of its jobs that waited. */
  readonly meanInSystem: number;
  readonly meanInQueue: number;
  readonly pWait: number;
  /** Energy and costs over the run; absent without hardware accounting. */
  readonly hardwareCost?: HardwareCosts;
  /** USD revenue, cost and profit; absent without `economics:`. */
  readonly money?: Money;
  /** Tokens the pool paid it over the run; absent without `mechanism.rewards.pool`. */
  readonly poolPayout?: number;
  /** Virtual time it joined (0: in from the start; null: a candidate that never joined); absent without entry and exit. */
  readonly joinedAtMs?: number | null;
  /** Virtual time it left the market (null: it stayed); absent without entry and exit. */
  readonly leftAtMs?: number | null;
  /** The token price when it left (the last settlement's; null: it stayed); absent without entry and exit. */
  readonly leftAtPriceUsd?: number | null;
}

export interface ConsensusAccuracy {
  /** Mean absolute error of the consensus score against true quality. */
  readonly meanAbsoluteError: number;
  readonly correlation: number | null;
  /** The same error in ten equal windows of the request budget (empty when the run is bounded by time): how it evolves. */
  readonly meanAbsoluteErrorByWindow: readonly number[];
  /**
   * Mean absolute error against the honest reference: the mean of what the
   * round's evaluators would score in expectation if honest. Zero-mean noise
   * aside, this is the error that manipulation adds, free of the evaluators'
   * own miscalibration (scores on another scale than true quality).
   */
  readonly meanAbsoluteErrorVsHonest: number;
  readonly meanAbsoluteErrorVsHonestByWindow: readonly number[];
}

/**
 * The rule that ended a run: `requests` (the stop.requests budget was
 * generated and every request settled), `time` (stop.timeSeconds),
 * `events` (stop.events), or the engine's own reason when no rule did
 * (`empty`: nothing left to happen; `stopped`: asked to stop).
 */
export type RunStopReason = 'requests' | StopReason;

export interface RunResult {
  readonly scenario: string;
  readonly seed: number | string;
  readonly scenarioHash: string;
  readonly profileHash: string;
  readonly version: string;
  readonly stopReason: RunStopReason;
  readonly events: number;
  readonly virtualTimeMs: number;
  readonly requestsGenerated: number;
  readonly requestsSettled: number;
  readonly meanResponseMs: number;
  /** True answer quality delivered per USD of inference compute. */
  readonly qualityPerUsd: number;
  readonly consensus: ConsensusAccuracy;
  /** How the steady-state means and their intervals were computed. */
  readonly statistics: RunStatistics;
  /** The 95% interval of each run-level mean (meanResponseMs, qualityPerUsd, consensusMeanAbsoluteError, consensusMeanAbsoluteErrorVsHonest). */
  readonly intervals: Readonly<Record<string, [number, number] | null>>;
  /** Each role's queues over all its nodes, with their intervals. */
  readonly queues: Readonly<Record<NodeRole, QueueMetrics & { readonly intervals: Readonly<Record<string, [number, number] | null>> }>>;
  readonly groups: readonly GroupSummary[];
  readonly populations: readonly PopulationSummary[];
  readonly operators: readonly OperatorSummary[];
  readonly adversaries: AdversaryMetrics;
  readonly nodes: readonly NodeSummary[];
  /** output.timeseries, when the scenario declares it. */
  readonly timeseries: RunTimeseries | null;
  /** Energy and costs over the run, all nodes; absent without hardware accounting. */
  readonly hardwareCosts?: HardwareCosts;
  /** Fees, tokens emitted and the network's profit; absent without `economics:`. */
  readonly money?: NetworkMoney;
  /** What the pool paid; absent without `mechanism.rewards.pool`. */
  readonly pool?: PoolOutcome;
  /** Who joined and left; absent without `economics.entry` or `economics.exit`. */
  readonly entryExit?: EntryExitOutcome;
  /** The reward controller's path; absent without `mechanism.rewards.controller`. */
  readonly controller?: ControllerOutcome;
  /** What verifying the answers cost, PoQ's evaluations and spot checks apart; absent without `mechanism.spotChecks`. */
  readonly verification?: VerificationOutcome;
  /** The evaluators' consensus weights at the end; absent unless `mechanism.consensus.rule` is multiplicative-trust. */
  readonly trust?: TrustOutcome;
  /** What the judge cascade escalated and cost; absent without `mechanism.cascade`. */
  readonly cascade?: CascadeOutcome;
}

/**
 * A judge cascade over the settled rounds, only when the scenario declares
 * `mechanism.cascade`. Costs are each evaluation's service time × its
 * tier's hourly price, whatever the scenario's cost measure. Always
 * escalating is estimated in the same run: the rounds not escalated add
 * k₂ × the escalation stage's expected job cost for their task (mean
 * latency × speed × price over its members), nothing drawn for it.
 */
export interface CascadeOutcome {
  readonly rounds: number;
  readonly escalatedRounds: number;
  /** escalatedRounds / rounds; null before a round settled. */
  readonly escalatedShare: number | null;
  readonly firstStageCostUsd: number;
  readonly escalationCostUsd: number;
  /** firstStageCostUsd + escalationCostUsd. */
  readonly costUsd: number;
  /** costUsd / rounds; null before a round settled. */
  readonly costPerRoundUsd: number | null;
  /** (costUsd + the avoided escalations' expected cost) / rounds; null before a round settled. */
  readonly alwaysEscalateCostPerRoundUsd: number | null;
  /** 1 − costPerRoundUsd / alwaysEscalateCostPerRoundUsd; null when always escalating would have cost nothing. */
  readonly costSavedShare: number | null;
}

/**
 * Verification over the run, only when the scenario declares
 * `mechanism.spotChecks`: PoQ's evaluation cost is the true cost of every
 * evaluator job, the spot checks' the cost of their re-executions, both in
 * USD of hardware time, so that the two can be compared at equal cost.
 */
export interface VerificationOutcome {
  readonly spotChecks: number;
  readonly spotCheckFlags: number;
  /** Of the checks of nodes that substitute or answer lazily, the share flagged; null when none was checked. */
  readonly spotCheckDetectionRate: number | null;
  /** Of the checks of nodes that keep their claim, the share flagged; null when none was checked. */
  readonly spotCheckFalsePositiveRate: number | null;
  readonly spotCheckCostUsd: number;
  /** Σ true cost of the evaluators' jobs: 0 when spot checks replace PoQ. */
  readonly evaluationCostUsd: number;
  /** spotCheckCostUsd + evaluationCostUsd. */
  readonly costUsd: number;
  /** costUsd over the rounds settled. */
  readonly costPerRoundUsd: number;
}

/**
 * Entry and exit over the run (issue 18). A group's `joined` counts its
 * candidates that joined, `left` its nodes that left, `inMarketAtEnd` those in
 * the market when the run ended, and `survival` is inMarketAtEnd over the
 * nodes that were ever in it (NaN when none was).
 */
export interface EntryExitOutcome {
  readonly joins: number;
  readonly exits: number;
  readonly inferenceInMarketAtEnd: number;
  readonly evaluatorsInMarketAtEnd: number;
}

/** The pool over the run (issue 18), only when the scenario declares `mechanism.rewards.pool`. */
export interface PoolOutcome {
  /** Tokens paid over the run: the emission of each epoch with a scorer, the last partial epoch's pro rata. */
  readonly emissionPaid: number;
  /** Epochs settled, the last partial one included. */
  readonly epochs: number;
}

/** The reward controller over the run (issue 18), only when the scenario declares `mechanism.rewards.controller`. */
export interface ControllerOutcome {
  /** The coefficient it moved: alpha or beta. */
  readonly adjust: 'alpha' | 'beta';
  /** As the scenario gives it: one of totalCostUsd, evaluatorShare, tokensPerEpoch, and its value. */
  readonly target: ControllerTarget;
  /** The coefficient at the start (the scenario's α or β) and in force at the run's end. */
  readonly initial: number;
  readonly final: number;
  /** Full epochs ended, each one step of the path (the last partial epoch moves nothing). */
  readonly epochs: number;
  /** Every full epoch: its number, its end in virtual seconds, its measure (null when nothing was paid in it) and the value after it. */
  readonly path: readonly ControllerStep[];
}
