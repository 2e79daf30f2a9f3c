/**
 * What every metric of the results tables means and in which unit: the one
 * source from which the Parquet files' metadata and the metric table of
 * docs/results-format.md are written (a test checks the document against
 * it). A metric is a numeric field of summary.json in snake_case
 * (meanReward → mean_reward; sim/experiment/metrics.ts), so this is also
 * the unit of each summary.json field.
 *
 * Means per round are steady-state estimates, over the rounds after the
 * run's warm-up (docs/statistics.md); totals and counts are over the whole
 * run. Units: `reward` is the PoQ reward R = α·quality − β·cost (no physical
 * unit); `normalized` is on the scale the mechanism's normalization gives
 * (quality method, cost normalization), [0, 1] by default; `[0, 1]` is a
 * share, a score or a true quality; `r` a Pearson correlation in [−1, 1];
 * `—` an identifier or a label.
 */
import type { TableLevel } from './levels.js';

export interface Meaning {
  readonly unit: string;
  readonly meaning: string;
}

export interface MetricMeaning extends Meaning {
  /** The levels whose rows carry the metric. */
  readonly levels: readonly TableLevel[];
}

const RUN: readonly TableLevel[] = ['run'];
const GROUPS: readonly TableLevel[] = ['role-model', 'population'];
const POPULATION: readonly TableLevel[] = ['population'];
const OPERATOR: readonly TableLevel[] = ['operator'];

const metric = (levels: readonly TableLevel[], unit: string, meaning: string): MetricMeaning => ({ unit, meaning, levels });

/** A role's queues over all its nodes, after the warm-up (summary.json `queues.<role>`). */
function roleQueueMetrics(role: 'inference' | 'evaluator'): Record<string, MetricMeaning> {
  const nodes = `${role} nodes`;
  return {
    [`queues_${role}_utilization`]: metric(RUN, '[0, 1]', `busy server time of all ${nodes} over their capacity × time`),
    [`queues_${role}_mean_in_system`]: metric(RUN, 'jobs', `time-average number of jobs waiting or in service at ${nodes}`),
    [`queues_${role}_mean_in_queue`]: metric(RUN, 'jobs', `time-average number of jobs waiting at ${nodes}`),
    [`queues_${role}_p_wait`]: metric(RUN, '[0, 1]', `share of the jobs of ${nodes} that waited before service`),
  };
}

/** Run-level metrics, in the order a run reports them. */
const RUN_METRICS: Readonly<Record<string, MetricMeaning>> = {
  events: metric(RUN, 'events', 'engine events processed'),
  virtual_time_ms: metric(RUN, 'ms', 'virtual time at the end of the run'),
  requests_generated: metric(RUN, 'requests', 'requests created by the demand'),
  requests_settled: metric(RUN, 'requests', 'requests whose round settled (paid)'),
  mean_response_ms: metric(RUN, 'ms', 'mean time from a request’s arrival to its settlement, as its requester sees it (after the warm-up)'),
  quality_per_usd: metric(RUN, 'quality/USD', 'true answer quality delivered per USD of true inference cost (after the warm-up)'),
  consensus_mae: metric(RUN, '[0, 1]', 'mean absolute error of the consensus score against true quality (after the warm-up)'),
  consensus_correlation: metric(RUN, 'r', 'Pearson correlation of the consensus score with true quality'),
  consensus_honest_mae: metric(
    RUN,
    '[0, 1]',
    'mean absolute error of the consensus against what the round’s evaluators would score, in expectation, if honest: the error manipulation adds (after the warm-up)',
  ),
  ...roleQueueMetrics('inference'),
  ...roleQueueMetrics('evaluator'),
  adversary_reward_share: metric(RUN, '[0, 1]', 'adversarial nodes’ share of all rewards paid'),
  honest_loss_per_round: metric(RUN, 'reward/round', 'honest nodes’ mean reward per round in the honest twin minus in this run (positive: a loss)'),
  honest_loss_total: metric(RUN, 'reward', 'honest nodes’ total reward in the honest twin minus in this run'),
  audit_detection_rate: metric(RUN, '[0, 1]', 'share of the audits of real misreports that flagged them'),
  audit_false_positive_rate: metric(RUN, '[0, 1]', 'share of the audits of truthful reports that flagged them'),
  ejected_nodes: metric(RUN, 'nodes', 'nodes ejected for stake or reputation during the run'),
  ...hardwareCostMetrics(RUN, 'hardware_costs_', 'all nodes'),
  ...networkMoneyMetrics(),
  pool_emission_paid: metric(
    RUN,
    'tokens',
    'tokens the pool paid over the run: each epoch’s emission when any node scored, the last partial epoch’s pro rata (only with `mechanism.rewards.pool`)',
  ),
  pool_epochs: metric(RUN, 'epochs', 'epochs the pool settled, the last partial one included (only with `mechanism.rewards.pool`)'),
  ...entryExitRunMetrics(),
  ...verificationMetrics(),
  ...cascadeMetrics(),
  controller_target: metric(
    RUN,
    'the measure’s',
    'the value the reward controller steers its measure to: USD per epoch (totalCostUsd), a share (evaluatorShare) or tokens per epoch (tokensPerEpoch), as summary.json’s `controller.target` names it (only with `mechanism.rewards.controller`)',
  ),
  controller_initial: metric(RUN, 'α or β', 'the coefficient the reward controller moves, at the start: the scenario’s α or β (only with `mechanism.rewards.controller`)'),
  controller_final: metric(RUN, 'α or β', 'that coefficient in force at the run’s end (only with `mechanism.rewards.controller`)'),
  controller_epochs: metric(RUN, 'epochs', 'full epochs the reward controller stepped at; the last partial one moves nothing (only with `mechanism.rewards.controller`)'),
  ...trustRunMetrics(),
};

/** What verifying the answers cost (summary.json `verification`), only with `mechanism.spotChecks`. */
function verificationMetrics(): Record<string, MetricMeaning> {
  const only = 'only with `mechanism.spotChecks`';
  return {
    verification_spot_checks: metric(RUN, 'checks', `inference jobs re-executed by a verifier (${only})`),
    verification_spot_check_flags: metric(RUN, 'flags', `spot checks that flagged the answer (${only})`),
    verification_spot_check_detection_rate: metric(
      RUN,
      '[0, 1]',
      `share of the spot checks of nodes that substitute a model or answer lazily that flagged them (${only})`,
    ),
    verification_spot_check_false_positive_rate: metric(RUN, '[0, 1]', `share of the spot checks of nodes that keep their claim that flagged them (${only})`),
    verification_spot_check_cost_usd: metric(RUN, 'USD', `the re-executions' cost: verifier latency × its tier's hourly price (${only})`),
    verification_evaluation_cost_usd: metric(RUN, 'USD', `PoQ's evaluation cost: Σ true cost of the evaluators' jobs, 0 instead of PoQ (${only})`),
    verification_cost_usd: metric(RUN, 'USD', `spot-check cost + evaluation cost: what verifying the answers cost (${only})`),
    verification_cost_per_round_usd: metric(RUN, 'USD/round', `verification_cost_usd over the rounds settled (${only})`),
  };
}

/** The evaluators' consensus weights at the end (summary.json `trust`), only under multiplicative trust. */
function trustRunMetrics(): Record<string, MetricMeaning> {
  const only = 'over the evaluators that scored, only with `mechanism.consensus.rule: multiplicative-trust`';
  return {
    trust_gold_rounds: metric(
      RUN,
      'rounds',
      'gold rounds drawn, the only ones the weights learned from, each evaluator against what it would score honestly on the item (only with `mechanism.consensus.gold`)',
    ),
    trust_evaluators: metric(RUN, 'nodes', `evaluators that scored at least once, which the trust metrics are over (${only})`),
    // One name at both levels: the run's evaluators, or the group's.
    trust_share_at_max_weight: metric(
      [...RUN, ...GROUPS],
      '[0, 1]',
      `share of the evaluators (the run’s, or the group’s) whose weight ended at w_max, within 1e-9: 1 is saturation, the weighted mean a plain mean (${only})`,
    ),
    trust_share_at_min_weight: metric(RUN, '[0, 1]', `share whose weight ended at w_min, within 1e-9 (${only})`),
    trust_weight_entropy: metric(
      RUN,
      'nats',
      `−Σ p ln p of the final weights normalized to sum 1: ln(trust_evaluators) when all are equal, lower when trust is concentrated (${only})`,
    ),
    trust_correlation_with_accuracy: metric(
      RUN,
      'r',
      `Pearson correlation of the final weights with each evaluator’s accuracy, minus the RMS error of its scores against true quality; NULL when either is constant (${only})`,
    ),
    trust_correlation_with_honesty: metric(
      RUN,
      'r',
      `Pearson correlation of the final weights with honesty, 1 for an honest evaluator and 0 for an adversarial one; NULL when either is constant (${only})`,
    ),
  };
}

/** What the judge cascade escalated and cost (summary.json `cascade`), only with `mechanism.cascade`. */
function cascadeMetrics(): Record<string, MetricMeaning> {
  const only = 'only with `mechanism.cascade`';
  const priced = 'Σ service time × the evaluator tier’s hourly price';
  return {
    cascade_rounds: metric(RUN, 'rounds', `rounds settled under the cascade (${only})`),
    cascade_escalated_rounds: metric(RUN, 'rounds', `rounds whose first stage’s scores sent them to the escalation stage (${only})`),
    cascade_escalated_share: metric(RUN, '[0, 1]', `cascade_escalated_rounds over cascade_rounds (${only})`),
    cascade_first_stage_cost_usd: metric(RUN, 'USD', `what the first stage’s evaluations cost: ${priced} (${only})`),
    cascade_escalation_cost_usd: metric(RUN, 'USD', `what the escalation stage’s evaluations cost: ${priced} (${only})`),
    cascade_cost_usd: metric(RUN, 'USD', `first stage + escalation: what the cascade’s evaluations cost (${only})`),
    cascade_cost_per_round_usd: metric(RUN, 'USD/round', `cascade_cost_usd over cascade_rounds (${only})`),
    cascade_always_escalate_cost_per_round_usd: metric(
      RUN,
      'USD/round',
      `what escalating every round would have cost per round, estimated in the same run: the rounds not escalated add k₂ × the escalation stage’s expected job cost for their task (${only})`,
    ),
    cascade_cost_saved_share: metric(RUN, '[0, 1]', `1 − cascade_cost_per_round_usd / cascade_always_escalate_cost_per_round_usd (${only})`),
  };
}

/** Who joined and left over the run (summary.json `entryExit`), only with `economics.entry` or `economics.exit`. */
function entryExitRunMetrics(): Record<string, MetricMeaning> {
  const only = 'only with `economics.entry` or `economics.exit`';
  return {
    entry_exit_joins: metric(RUN, 'nodes', `candidate nodes that joined the market (${only})`),
    entry_exit_exits: metric(RUN, 'nodes', `nodes that left the market after a sustained loss (${only})`),
    entry_exit_inference_in_market_at_end: metric(RUN, 'nodes', `inference nodes in the market when the run ended (${only})`),
    entry_exit_evaluators_in_market_at_end: metric(RUN, 'nodes', `evaluator nodes in the market when the run ended (${only})`),
  };
}

/** The network's books over the run (summary.json `money`), only when the scenario declares `economics:`. */
function networkMoneyMetrics(): Record<string, MetricMeaning> {
  const only = 'only with `economics:`';
  return {
    money_fees_usd: metric(RUN, 'USD', `fee per request × requests settled: what users paid (${only})`),
    money_tokens_emitted: metric(RUN, 'reward', `rewards paid to all nodes over the run, in tokens (${only})`),
    money_tokens_emitted_usd: metric(RUN, 'USD', `those rewards valued at the token price of the settlement that paid each (${only})`),
    money_slashed_usd: metric(RUN, 'USD', `stake slashed from all nodes, valued at the token price when slashed (${only})`),
    money_network_profit_usd: metric(RUN, 'USD', `fees − tokens emitted in USD + stake slashed in USD: what the network keeps (${only})`),
    money_nodes_profit_usd: metric(RUN, 'USD', `the nodes’ USD profit summed over every node (${only})`),
    money_final_token_price_usd: metric(RUN, 'USD', `the token price at the last settlement (${only})`),
    money_operating_cost_usd: metric(RUN, 'USD', `the nodes’ operating cost summed: what running the network cost, idle machines included (${only})`),
    money_quality_per_operating_usd: metric(
      RUN,
      'quality/USD',
      `Σ true quality of the answers settled ÷ money_operating_cost_usd: the quality the network delivers per USD it costs to run (${only})`,
    ),
  };
}

/** A group's, population's or operator's money, summed over its nodes, only when the scenario declares `economics:`. */
function moneyMetrics(levels: readonly TableLevel[]): Record<string, MetricMeaning> {
  const only = 'summed over the nodes, only with `economics:`';
  return {
    revenue_usd: metric(levels, 'USD', `Σ reward × the token price at the settlement that paid it (${only})`),
    operating_cost_usd: metric(levels, 'USD', `real cost: total cost with hardware accounting, else true cost of the jobs (${only})`),
    slashed_usd: metric(levels, 'USD', `Σ stake slashed × the token price when it was slashed (${only})`),
    profit_usd: metric(levels, 'USD', `revenue − operating cost − stake slashed, in USD (${only})`),
  };
}

/** Energy and costs over the whole run, only when the scenario keeps hardware accounting (tiers, regions or a cost measure of its own). */
function hardwareCostMetrics(levels: readonly TableLevel[], prefix: string, over: string): Record<string, MetricMeaning> {
  const only = 'only with hardware accounting';
  return {
    [`${prefix}energy_kwh`]: metric(levels, 'kWh', `energy drawn by ${over} over the run: busy power over billed time, idle power over the rest (${only})`),
    [`${prefix}energy_cost_usd`]: metric(levels, 'USD', `that energy priced by each node’s region’s electricity price (${only})`),
    [`${prefix}hardware_cost_usd`]: metric(levels, 'USD', `rental, or purchase amortized, of ${over} over the whole run, busy or idle (${only})`),
    [`${prefix}total_cost_usd`]: metric(levels, 'USD', `hardware cost plus energy cost of ${over} over the run (${only})`),
  };
}

/** Metrics of a (role, model) group and of a population, in the order a group reports them. */
const GROUP_METRICS: Readonly<Record<string, MetricMeaning>> = {
  count: metric(GROUPS, 'nodes', 'nodes in the group'),
  rounds: metric(GROUPS, 'rounds', 'rounds the group’s nodes took part in: requests served (inference), evaluations made (evaluators)'),
  mean_reward: metric(GROUPS, 'reward/round', 'mean reward per round (after the warm-up, as every mean per round)'),
  sd_reward: metric(GROUPS, 'reward/round', 'standard deviation of the reward per round, over the whole run'),
  total_reward: metric(GROUPS, 'reward', 'reward over the run, summed over the group’s nodes'),
  mean_consensus_quality: metric(
    GROUPS,
    'normalized',
    'inference only: mean normalized consensus score of the answers, the quality that entered the reward',
  ),
  mean_true_quality: metric(GROUPS, '[0, 1]', 'inference only: mean true quality of the answers'),
  mean_agreement: metric(GROUPS, '[0, 1]', 'evaluators only: mean agreement with the consensus, the quality that entered the reward'),
  mean_score: metric(GROUPS, '[0, 1]', 'evaluators only: mean score given'),
  mean_cost: metric(GROUPS, 'normalized', 'mean normalized cost that entered the reward'),
  mean_cost_usd: metric(GROUPS, 'USD/round', 'mean reported cost per round'),
  mean_true_cost_usd: metric(GROUPS, 'USD/round', 'mean true cost per round'),
  mean_service_ms: metric(GROUPS, 'ms', 'mean service time per round (inference, or one evaluation)'),
  mean_wait_ms: metric(GROUPS, 'ms', 'mean time a round’s job waited in the node’s queue'),
  mean_batch_size: metric(
    GROUPS,
    'jobs',
    'jobs per batch over the group’s batching servers, only when some of its nodes batch; a batched job’s service time is then its share of its batch, its wait the rest of its time at the node',
  ),
  mean_profit: metric(GROUPS, 'reward/round', 'mean profit per round: reward minus stake slashed'),
  utilization: metric(GROUPS, '[0, 1]', 'busy server time over the servers’ capacity (their concurrency) × time, after the warm-up'),
  mean_in_system: metric(GROUPS, 'jobs', 'time-average number of the group’s jobs waiting or in service (L), after the warm-up'),
  mean_in_queue: metric(GROUPS, 'jobs', 'time-average number of the group’s jobs waiting (Lq), after the warm-up'),
  p_wait: metric(GROUPS, '[0, 1]', 'share of the group’s jobs that waited before service, after the warm-up'),
  steady_rounds: metric(GROUPS, 'rounds', 'rounds after the warm-up, which the means per round are over'),
  effective_rounds: metric(
    GROUPS,
    'rounds',
    'independent rounds the mean reward is worth: its per-round variance over its mean’s variance (batch means), at most steady_rounds',
  ),
  total_slashed: metric(GROUPS, 'reward', 'stake slashed over the run'),
  audits: metric(GROUPS, 'audits', 'cost audits of the group’s reports'),
  flags: metric(GROUPS, 'flags', 'audits that flagged a report'),
  ejected: metric(GROUPS, 'nodes', 'nodes of the group ejected during the run'),
  correlation_with_truth: metric(GROUPS, 'r', 'evaluators only: Pearson correlation of the scores given with true quality'),
  ...hardwareCostMetrics(GROUPS, '', 'the group’s nodes'),
  ...moneyMetrics([...GROUPS, ...OPERATOR]),
  pool_payout: metric(
    [...GROUPS, ...OPERATOR],
    'tokens',
    'tokens the pool paid, summed over the nodes: their shares of the epochs’ emissions (only with `mechanism.rewards.pool`)',
  ),
  spot_checks: metric(GROUPS, 'checks', 'spot checks of the group’s inference jobs (only with `mechanism.spotChecks`)'),
  spot_check_flags: metric(GROUPS, 'flags', 'spot checks that flagged the group’s answers (only with `mechanism.spotChecks`)'),
  spot_check_cost_usd: metric(GROUPS, 'USD', 'what re-executing the group’s checked jobs cost the verifiers (only with `mechanism.spotChecks`)'),
  joined: metric(GROUPS, 'nodes', 'candidate nodes of the group that joined the market (only with `economics.entry` or `economics.exit`)'),
  left: metric(GROUPS, 'nodes', 'nodes of the group that left the market after a sustained loss (only with entry or exit)'),
  in_market_at_end: metric(GROUPS, 'nodes', 'nodes of the group in the market when the run ended (only with entry or exit)'),
  survival: metric(
    GROUPS,
    '[0, 1]',
    'in_market_at_end over the group’s nodes that were ever in the market; NaN when none was (only with entry or exit)',
  ),
  mean_exit_price_usd: metric(
    GROUPS,
    'USD',
    'mean token price at which the group’s nodes left the market (the last settlement’s); NaN when none left (only with entry or exit)',
  ),
  node_mean_reward_sd: metric(
    GROUPS,
    'reward/round',
    'sample standard deviation over the group’s nodes that took part of each node’s mean reward per round (whole run): how unequally they were paid; 0 with one node (only with `analysis.rewardDispersion: true`)',
  ),
  node_total_reward_sd: metric(
    GROUPS,
    'reward',
    'sample standard deviation over the group’s nodes of each node’s total reward over the run; 0 with one node (only with `analysis.rewardDispersion: true`)',
  ),
  mean_trust_weight: metric(
    GROUPS,
    'weight',
    'evaluators only: mean of the nodes’ consensus weights at the end, over those that scored (only with `mechanism.consensus.rule: multiplicative-trust`)',
  ),
};

/** Metrics of a population alone: against its honest twin, and its learners' state. */
const POPULATION_METRICS: Readonly<Record<string, MetricMeaning>> = {
  twin_honest_mean_profit: metric(POPULATION, 'reward/round', 'mean profit per round of the same nodes played honestly under the same seed'),
  twin_gain_per_round: metric(POPULATION, 'reward/round', 'mean profit per round minus the honest twin’s: what deviating gains per round'),
  twin_gain_per_node: metric(POPULATION, 'reward/node', 'total profit minus the honest twin’s, per node: the gain over the whole run'),
  twin_cost_saved_usd_per_node: metric(POPULATION, 'USD/node', 'true cost the honest twin incurred minus what these nodes incurred, per node'),
  adaptive_mean_greedy_value: metric(
    POPULATION,
    'behaviour value',
    'learners: mean over nodes of the value (e.g. misreport factor) each believes most profitable at the end',
  ),
  adaptive_mean_recent_value: metric(POPULATION, 'behaviour value', 'learners: mean over nodes of the values played lately'),
  adaptive_honest_share: metric(POPULATION, '[0, 1]', 'learners: share of nodes that believe the honest value most profitable'),
};

/** Metrics of a declared operator across its nodes and roles. */
const OPERATOR_METRICS: Readonly<Record<string, MetricMeaning>> = {
  nodes: metric(OPERATOR, 'nodes', 'nodes the operator runs'),
  total_profit: metric(OPERATOR, 'reward', 'profit over the run (reward minus stake slashed), summed over the operator’s nodes'),
  total_gain: metric(OPERATOR, 'reward', 'total profit minus the same nodes’ total profit played honestly (the honest twin); NULL without the twin'),
};

/** Every metric, by name: run level first, then groups, populations and operators. */
export const METRIC_MEANINGS: Readonly<Record<string, MetricMeaning>> = {
  ...RUN_METRICS,
  ...GROUP_METRICS,
  ...POPULATION_METRICS,
  ...OPERATOR_METRICS,
};

export function metricMeaning(name: string): MetricMeaning | undefined {
  return Object.hasOwn(METRIC_MEANINGS, name) ? METRIC_MEANINGS[name] : undefined;
}
