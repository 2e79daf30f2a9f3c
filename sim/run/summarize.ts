/** Turns a finished market's ledgers into per-node and per-group summaries. */
import type { Market } from '../market/market.js';
import type { NodeLedger, PairedSums } from '../market/ledger.js';
import type { NodeRole, ResolvedNode } from '../scenario/resolved.js';
import { confidenceInterval, EMPTY_MOMENTS, type Moments, mergeMoments, pearson, sampleSd } from '../stats/summary-statistics.js';
import type { GroupSummary, NodeSummary } from './result.js';

function nodeMoments(ledger: NodeLedger, i: number): Moments {
  return { n: ledger.count[i]!, mean: ledger.rewardMean[i]!, m2: ledger.rewardM2[i]! };
}

const perRound = (total: number, rounds: number) => (rounds > 0 ? total / rounds : 0);

export function summarizeNodes(nodes: readonly ResolvedNode[], ledger: NodeLedger): NodeSummary[] {
  return nodes.map((node, i) => {
    const rounds = ledger.count[i]!;
    return {
      id: node.id,
      role: node.role,
      population: node.population,
      model: node.model,
      hardware: node.hardware,
      rounds,
      totalReward: ledger.rewardSum[i]!,
      meanReward: ledger.rewardMean[i]!,
      sdReward: sampleSd(nodeMoments(ledger, i)),
      meanQuality: perRound(ledger.qualitySum[i]!, rounds),
      meanCost: perRound(ledger.costSum[i]!, rounds),
      totalReportedCostUsd: ledger.reportedCostUsdSum[i]!,
      totalTrueCostUsd: ledger.trueCostUsdSum[i]!,
      meanServiceMs: perRound(ledger.serviceMsSum[i]!, rounds),
      meanWaitMs: perRound(ledger.waitMsSum[i]!, rounds),
    };
  });
}

/** Groups nodes by model, in order of first appearance. */
export function summarizeGroups(
  role: NodeRole,
  nodes: readonly ResolvedNode[],
  ledger: NodeLedger,
  accuracy: PairedSums,
): GroupSummary[] {
  const members = new Map<string, number[]>();
  nodes.forEach((node, i) => {
    const list = members.get(node.model);
    if (list) list.push(i);
    else members.set(node.model, [i]);
  });
  return [...members].map(([model, indices]) => {
    let moments = EMPTY_MOMENTS;
    const totals = { reward: 0, quality: 0, cost: 0, costUsd: 0, service: 0, wait: 0 };
    const pairs = { n: 0, sumX: 0, sumY: 0, sumXX: 0, sumYY: 0, sumXY: 0 };
    for (const i of indices) {
      moments = mergeMoments(moments, nodeMoments(ledger, i));
      totals.reward += ledger.rewardSum[i]!;
      totals.quality += ledger.qualitySum[i]!;
      totals.cost += ledger.costSum[i]!;
      totals.costUsd += ledger.reportedCostUsdSum[i]!;
      totals.service += ledger.serviceMsSum[i]!;
      totals.wait += ledger.waitMsSum[i]!;
      pairs.n += accuracy.n[i]!;
      pairs.sumX += accuracy.sumX[i]!;
      pairs.sumY += accuracy.sumY[i]!;
      pairs.sumXX += accuracy.sumXX[i]!;
      pairs.sumYY += accuracy.sumYY[i]!;
      pairs.sumXY += accuracy.sumXY[i]!;
    }
    const rounds = moments.n;
    const summary: GroupSummary = {
      role,
      model,
      count: indices.length,
      rounds,
      meanReward: moments.mean,
      ci95: confidenceInterval(moments),
      sdReward: sampleSd(moments),
      totalReward: totals.reward,
      meanQuality: perRound(totals.quality, rounds),
      meanCost: perRound(totals.cost, rounds),
      meanCostUsd: perRound(totals.costUsd, rounds),
      meanServiceMs: perRound(totals.service, rounds),
      meanWaitMs: perRound(totals.wait, rounds),
      // Inference pairs are (consensus, truth): truth is Y. Evaluator pairs are (score, truth): the score is X.
      meanTrueQuality: role === 'inference' ? perRound(pairs.sumY, pairs.n) : perRound(pairs.sumX, pairs.n),
    };
    return role === 'evaluator' ? { ...summary, correlationWithTruth: pearson(pairs) } : summary;
  });
}

export function summarizeMarket(market: Market, inferenceNodes: readonly ResolvedNode[], evaluatorNodes: readonly ResolvedNode[]) {
  const consensus = market.consensusAccuracy;
  return {
    groups: [
      ...summarizeGroups('inference', inferenceNodes, market.inferenceLedger, market.inferenceAccuracy),
      ...summarizeGroups('evaluator', evaluatorNodes, market.evaluatorLedger, market.evaluatorAccuracy),
    ],
    nodes: [...summarizeNodes(inferenceNodes, market.inferenceLedger), ...summarizeNodes(evaluatorNodes, market.evaluatorLedger)],
    consensus: {
      meanAbsoluteError: perRound(consensus.sumAbsDiff[0]!, consensus.n[0]!),
      correlation: pearson({
        n: consensus.n[0]!,
        sumX: consensus.sumX[0]!,
        sumY: consensus.sumY[0]!,
        sumXX: consensus.sumXX[0]!,
        sumYY: consensus.sumYY[0]!,
        sumXY: consensus.sumXY[0]!,
      }),
    },
  };
}
