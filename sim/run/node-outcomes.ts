/**
 * A finished market reduced to plain per-node records: everything the
 * summaries need, with no live objects, so summaries are pure functions and
 * two runs (a scenario and its honest twin) can be compared node by node.
 */
import { findLearning } from '../../agents/adaptive.js';
import type { BatchQueues } from '../market/batch-queues.js';
import type { Market } from '../market/market.js';
import type { MultiplicativeTrustConsensus } from '../mechanism/multiplicative-trust.js';
import type { NodeHardwareCost } from '../market/hardware-accounting.js';
import type { NodeTotals } from '../market/ledger.js';
import type { Role } from '../market/role.js';
import type { EvaluatorBehaviourSpec, InferenceBehaviourSpec } from '../scenario/behaviour-schema.js';
import type { ResolvedNode } from '../scenario/resolved.js';
import type { RoleMoney } from '../market/money-ledger.js';
import type { RoleMembership } from '../market/entry-exit.js';
import type { Money } from '../results/run-result.js';
import type { RunCells } from './cells.js';
import { nodeMoney } from './money-summary.js';
import type { SpotChecks, SpotCheckTotals } from '../market/spot-checks.js';

export interface AdaptiveOutcome {
  /** The deviation the learner believes most profitable at the end. */
  readonly greedyValue: number;
  /** Exponentially weighted average of the values it played lately. */
  readonly recentValue: number;
  /** The value that means "honest" for what it tunes (factor 1, boost 0, probability 0). */
  readonly honestValue: number;
  readonly epochs: number;
}

export interface NodeOutcome extends NodeTotals {
  readonly node: ResolvedNode;
  /** The node's cell in the run's round series (sim/run/cells.ts). */
  readonly cell: number;
  readonly reputation: number;
  readonly stake: number;
  readonly adaptive: AdaptiveOutcome | null;
  /** Energy and costs over the run; null when the scenario keeps no hardware accounting. */
  readonly hardwareCost: NodeHardwareCost | null;
  /** USD revenue, cost and profit; null without `economics:`. */
  readonly money: Money | null;
  /** Batches its server completed and the jobs they held (its server's, shared by Sybil identities); null when it serves jobs alone. */
  readonly batches: { readonly count: number; readonly jobs: number } | null;
  /** Tokens the pool paid it over the run; null without `mechanism.rewards.pool`. */
  readonly poolPayout: number | null;
  /** When it was in the market (issue 18's entry and exit); null when the network's make-up is fixed. */
  readonly membership: NodeMembership | null;
  /** Spot checks of its jobs; null for evaluators and without `mechanism.spotChecks`. */
  readonly spotChecks: SpotCheckTotals | null;
  /** Its consensus weight at the end; null for inference nodes and unless the consensus rule is multiplicative trust. */
  readonly trust: NodeTrust | null;
}

/** An evaluator's multiplicative-trust weight at the run's end, and whether it sits at a bound (within 1e-9). */
export interface NodeTrust {
  readonly weight: number;
  readonly atMax: boolean;
  readonly atMin: boolean;
}

/** How close to a bound a weight must be to count as at it: the clip lands on the bound exactly, a float step may not. */
const AT_BOUND = 1e-9;

function trustOf(trust: MultiplicativeTrustConsensus | null, node: number): NodeTrust | null {
  if (trust === null) return null;
  const weight = trust.weight(node);
  const { minWeight, maxWeight } = trust.parameters;
  return { weight, atMax: Math.abs(weight - maxWeight) <= AT_BOUND, atMin: Math.abs(weight - minWeight) <= AT_BOUND };
}

/** A node's time in the market under entry and exit. */
export interface NodeMembership {
  /** 0 for a node in from the start; null for a candidate that never joined. */
  readonly joinedAtMs: number | null;
  /** null while it stayed. */
  readonly leftAtMs: number | null;
  /** The token price when it left; null while it stayed. */
  readonly leftAtPriceUsd: number | null;
  readonly entryCostUsd: number;
}

function membershipOf(members: RoleMembership | null, node: number): NodeMembership | null {
  if (members === null) return null;
  const joined = members.joinedAtMs[node]!;
  const left = members.leftAtMs[node]!;
  return {
    joinedAtMs: Number.isNaN(joined) ? null : joined,
    leftAtMs: Number.isNaN(left) ? null : left,
    leftAtPriceUsd: Number.isNaN(left) ? null : members.leftAtPriceUsd[node]!,
    entryCostUsd: members.entryCostUsd[node]!,
  };
}

/** The interval a node's machine is paid for: the run, or its time in the market (none for a candidate that never joined). */
function paidInterval(membership: NodeMembership | null, runMs: number): [number, number] {
  if (membership === null) return [0, runMs];
  if (membership.joinedAtMs === null) return [0, 0];
  return [membership.joinedAtMs, membership.leftAtMs ?? runMs];
}

function honestValueOf(behaviours: readonly (InferenceBehaviourSpec | EvaluatorBehaviourSpec)[]): number {
  const adaptive = behaviours.find((b) => b.kind === 'adaptive');
  return adaptive && 'tune' in adaptive && adaptive.tune === 'misreport-factor' ? 1 : 0;
}

function outcomes(
  nodes: readonly ResolvedNode[],
  role: Role,
  cells: Int32Array,
  runMs: number,
  batches: BatchQueues | null,
  money: RoleMoney | null,
  payout: ((node: number) => number) | null,
  members: RoleMembership | null,
  spotChecks: SpotChecks | null,
  trust: MultiplicativeTrustConsensus | null,
): NodeOutcome[] {
  return nodes.map((node, i) => {
    const server = node.server;
    const learning = findLearning(role.nodes.agents[i] as Parameters<typeof findLearning>[0]);
    const totals = role.ledger.totals(i);
    const membership = membershipOf(members, i);
    const hardwareCost = role.accounting?.totals(i, ...paidInterval(membership, runMs)) ?? null;
    // The totals object is fresh: extending it in place costs a few fields, where copying it (spread) costs every field.
    return Object.assign(totals, {
      hardwareCost,
      money:
        money === null
          ? null
          : nodeMoney({
              revenueUsd: money.revenueUsd[i]!,
              slashedUsd: money.slashedUsd[i]!,
              trueCostUsdSum: totals.trueCostUsdSum,
              hardwareCost,
              entryCostUsd: membership?.entryCostUsd ?? 0,
            }),
      node,
      cell: cells[i]!,
      reputation: role.reputation.value(i),
      stake: role.stake.balanceOf(i),
      adaptive: learning
        ? {
            greedyValue: learning.greedyValue(),
            recentValue: learning.recentValue,
            honestValue: honestValueOf(node.behaviours),
            epochs: learning.epochs,
          }
        : null,
      batches:
        batches !== null && batches.batching(server) ? { count: batches.batchesServed[server]!, jobs: batches.jobsServed[server]! } : null,
      poolPayout: payout === null ? null : payout(i),
      membership,
      spotChecks: spotChecks === null ? null : spotChecks.totals(i),
      trust: trustOf(trust, i),
    });
  });
}

export function marketOutcomes(
  market: Market,
  inferenceNodes: readonly ResolvedNode[],
  evaluatorNodes: readonly ResolvedNode[],
  cells: RunCells,
  runMs: number,
): NodeOutcome[] {
  const pool = market.pool;
  const payout = (isInference: boolean) => (pool === null ? null : (node: number) => pool.payout(isInference, node));
  return [
    ...outcomes(
      inferenceNodes,
      market.inference,
      cells.inference,
      runMs,
      market.inferenceBatches,
      market.money?.inference ?? null,
      payout(true),
      market.entryExit?.membership(true) ?? null,
      market.spotChecks,
      null,
    ),
    ...outcomes(
      evaluatorNodes,
      market.evaluators,
      cells.evaluators,
      runMs,
      market.evaluatorBatches,
      market.money?.evaluators ?? null,
      payout(false),
      market.entryExit?.membership(false) ?? null,
      null,
      market.trust,
    ),
  ];
}
