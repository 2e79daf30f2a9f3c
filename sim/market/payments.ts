/**
 * The payment path every participant of a settled round goes through, the
 * inference node first, then each evaluator: bill its time, price it in the
 * cost measure, take its reported cost, normalize it, compute its reward by the scenario's rule (then the clip), record it, maybe
 * audit the report (slashing stake and reputation on a flag), maybe
 * spot-check an inference node's answer (likewise), move its reputation, add the round to its cell's series and tell it its profit.
 */
import { type AuditParameters, auditFlags, isMisreport, measuredCost } from '../mechanism/audit.js';
import { normalizeCost } from '../mechanism/cost-normalization.js';
import { type RewardRule, rewardRule } from '../mechanism/reward-rules.js';
import { clipReward, type RewardParameters } from '../mechanism/rewards.js';
import type { StreamBank } from '../random/streams.js';
import type { LedgerEntry } from './ledger.js';
import type { MarketMoney } from './money-ledger.js';
import type { PoolLedger } from './pool-ledger.js';
import type { Role } from './role.js';
import type { RoundSeries } from './round-series.js';
import type { SpotChecks } from './spot-checks.js';

export class Payments {
  private readonly auditProbability: number;
  /** Built once (and again only when a controller moves α or β): the payment path makes one call and never asks which form it is. */
  private rule: RewardRule;

  /** @param audits  null when audits are off (probability 0) */
  constructor(
    private readonly rewards: RewardParameters,
    private readonly audits: AuditParameters | null,
    private readonly bank: StreamBank,
    private readonly series: RoundSeries,
    /** The market's clock: a job's energy is priced at the instant it is paid. */
    private readonly clock: { readonly now: number },
    /** Rewards valued in USD; null without `economics:`. */
    private readonly money: MarketMoney | null = null,
    /** The pool's books; null without `mechanism.rewards.pool`. With a pool, R is a score and the revenue is the pool's payouts. */
    private readonly pool: PoolLedger | null = null,
    /** Re-executions of inference jobs; null without `mechanism.spotChecks`. */
    private readonly spotChecks: SpotChecks | null = null,
  ) {
    this.auditProbability = audits?.probability ?? 0;
    this.rule = rewardRule(rewards.alpha, rewards.beta, rewards.rule);
  }

  /** The reward controller's new coefficients, from the next round paid on; the rule keeps its form, so the call site stays as it was. */
  setCoefficients(alpha: number, beta: number): void {
    this.rule = rewardRule(alpha, beta, this.rewards.rule);
  }

  /**
   * Pays `node` of `role` for its part in a round. `entry` holds what the
   * node did (quality, service and wait times, its accuracy pair); its cost
   * and reward fields are filled here and the whole entry recorded in the
   * role's ledger. `reputationOutcome` (on [0, 1]) is folded into its
   * reputation. Returns the reward (before any stake slashed).
   */
  pay(role: Role, node: number, entry: LedgerEntry, reputationOutcome: number): number {
    const rewards = this.rewards;
    const costRule = rewards.cost;
    const parameters = role.parameters;
    const billedMs = costRule.basis === 'service' ? entry.serviceMs : entry.serviceMs + entry.waitMs;
    // Without tiers, regions or a measure of the scenario's own, a job's cost is its billed time × its tier's price, in USD.
    const accounting = role.accounting;
    const trueCost = accounting === null ? billedMs * parameters.costUsdPerMs(node) : accounting.charge(node, billedMs, this.clock.now);
    const reportedCost = role.nodes.reportCost(node, trueCost);
    const cost = normalizeCost(costRule.signal === 'request' ? reportedCost : parameters.expectedCostUsd(node), role.costScale);
    const reward = clipReward(this.rule.reward(entry.quality, cost), rewards.clip);
    entry.trueCostUsd = accounting === null ? trueCost : accounting.lastUsd;
    entry.reportedCostUsd = accounting === null ? reportedCost : accounting.reportedUsd(trueCost, reportedCost);
    entry.cost = cost;
    entry.reward = reward;
    role.ledger.record(node, entry);
    // Whether the report is audited is drawn here; the audit itself, rarer, is a call of its own.
    const audited = this.auditProbability > 0 && this.bank.uniform(role.parameters.auditStream(node)) < this.auditProbability;
    const auditSlashed = audited ? this.audit(role, node, reportedCost, trueCost) : 0;
    const slashed = role.isInference && this.spotChecks !== null ? auditSlashed + this.spotCheck(role, node, entry) : auditSlashed;
    this.series.record(parameters.cell(node), entry, slashed, role.isInference);
    if (this.pool !== null) this.pool.score(role.isInference, node, reward);
    if (this.money !== null) this.money.credit(role.isInference, node, this.pool === null ? reward : 0, slashed, this.clock.now);
    role.chooser.setReputation(node, role.reputation.record(node, reputationOutcome));
    role.nodes.feedback(node, reward - slashed);
    return reward;
  }

  /** Maybe re-executes the inference node's job (its task and true quality are the entry's); returns the stake slashed. */
  private spotCheck(role: Role, node: number, entry: LedgerEntry): number {
    const slashed = this.spotChecks!.settle(role, node, entry.task, entry.pairY);
    if (slashed > 0) role.ledger.recordSlash(node, slashed);
    return slashed;
  }

  /** Re-measures a reported cost; flags, slashes and penalizes a misreport. Returns the stake slashed. */
  private audit(role: Role, node: number, reportedCost: number, trueCost: number): number {
    const audits = this.audits!;
    const measured = measuredCost(trueCost, audits.measurementNoise, this.bank.standardNormal(role.parameters.auditStream(node)));
    const flagged = auditFlags(reportedCost, measured, audits.tolerance);
    const slashed = flagged ? role.stake.slash(node, audits.slash) : 0;
    if (flagged) role.reputation.penalize(node, audits.reputationPenalty);
    role.ledger.recordAudit(node, flagged, isMisreport(reportedCost, trueCost, audits.tolerance), slashed);
    return slashed;
  }
}
