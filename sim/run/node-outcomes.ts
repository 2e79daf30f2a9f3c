/**
 * A finished market reduced to plain per-node records: everything the
 * summaries need, with no live objects, so summaries are pure functions and
 * two runs (a scenario and its honest twin) can be compared node by node.
 */
import { findLearning } from '../../agents/adaptive.js';
import type { Market } from '../market/market.js';
import type { NodeLedger, PairedSums } from '../market/ledger.js';
import type { Reputation } from '../mechanism/reputation.js';
import type { Stake } from '../mechanism/stake.js';
import type { EvaluatorBehaviourSpec, InferenceBehaviourSpec } from '../scenario/behaviour-schema.js';
import type { ResolvedNode } from '../scenario/resolved.js';

export interface AdaptiveOutcome {
  /** The deviation the learner believes most profitable at the end. */
  readonly greedyValue: number;
  /** Exponentially weighted average of the values it played lately. */
  readonly recentValue: number;
  /** The value that means "honest" for what it tunes (factor 1, boost 0, probability 0). */
  readonly honestValue: number;
  readonly epochs: number;
}

export interface NodeOutcome {
  readonly node: ResolvedNode;
  readonly rounds: number;
  readonly rewardMean: number;
  readonly rewardM2: number;
  readonly rewardSum: number;
  readonly qualitySum: number;
  readonly costSum: number;
  readonly reportedCostUsdSum: number;
  readonly trueCostUsdSum: number;
  readonly serviceMsSum: number;
  readonly waitMsSum: number;
  readonly slashed: number;
  readonly audits: number;
  readonly flags: number;
  readonly auditsOfMisreports: number;
  readonly flagsOfMisreports: number;
  readonly ejectedAtMs: number | null;
  readonly reputation: number;
  readonly stake: number;
  /** Inference: (normalized consensus, true quality); evaluators: (score, true quality). */
  readonly pairs: { n: number; sumX: number; sumY: number; sumXX: number; sumYY: number; sumXY: number };
  readonly adaptive: AdaptiveOutcome | null;
}

function honestValueOf(behaviours: readonly (InferenceBehaviourSpec | EvaluatorBehaviourSpec)[]): number {
  const adaptive = behaviours.find((b) => b.kind === 'adaptive');
  return adaptive && 'tune' in adaptive && adaptive.tune === 'misreport-factor' ? 1 : 0;
}

function outcomes(
  nodes: readonly ResolvedNode[],
  agents: readonly object[],
  ledger: NodeLedger,
  accuracy: PairedSums,
  reputation: Reputation,
  stake: Stake,
): NodeOutcome[] {
  return nodes.map((node, i) => {
    const learning = findLearning(agents[i] as Parameters<typeof findLearning>[0]);
    const ejectedAt = ledger.ejectedAtMs[i]!;
    return {
      node,
      rounds: ledger.count[i]!,
      rewardMean: ledger.rewardMean[i]!,
      rewardM2: ledger.rewardM2[i]!,
      rewardSum: ledger.rewardSum[i]!,
      qualitySum: ledger.qualitySum[i]!,
      costSum: ledger.costSum[i]!,
      reportedCostUsdSum: ledger.reportedCostUsdSum[i]!,
      trueCostUsdSum: ledger.trueCostUsdSum[i]!,
      serviceMsSum: ledger.serviceMsSum[i]!,
      waitMsSum: ledger.waitMsSum[i]!,
      slashed: ledger.slashedSum[i]!,
      audits: ledger.audits[i]!,
      flags: ledger.flags[i]!,
      auditsOfMisreports: ledger.auditsOfMisreports[i]!,
      flagsOfMisreports: ledger.flagsOfMisreports[i]!,
      ejectedAtMs: Number.isNaN(ejectedAt) ? null : ejectedAt,
      reputation: reputation.value[i]!,
      stake: stake.balance[i]!,
      pairs: {
        n: accuracy.n[i]!,
        sumX: accuracy.sumX[i]!,
        sumY: accuracy.sumY[i]!,
        sumXX: accuracy.sumXX[i]!,
        sumYY: accuracy.sumYY[i]!,
        sumXY: accuracy.sumXY[i]!,
      },
      adaptive: learning
        ? {
            greedyValue: learning.greedyValue(),
            recentValue: learning.recentValue,
            honestValue: honestValueOf(node.behaviours),
            epochs: learning.epochs,
          }
        : null,
    };
  });
}

export function marketOutcomes(
  market: Market,
  inferenceNodes: readonly ResolvedNode[],
  evaluatorNodes: readonly ResolvedNode[],
): NodeOutcome[] {
  return [
    ...outcomes(
      inferenceNodes,
      market.inferenceAgents,
      market.inferenceLedger,
      market.inferenceAccuracy,
      market.inferenceReputation,
      market.inferenceStake,
    ),
    ...outcomes(
      evaluatorNodes,
      market.evaluatorAgents,
      market.evaluatorLedger,
      market.evaluatorAccuracy,
      market.evaluatorReputation,
      market.evaluatorStake,
    ),
  ];
}
