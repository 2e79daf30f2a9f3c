/**
 * Money summaries (issue 18), only when a scenario declares `economics:`:
 * each node's USD revenue, real cost and profit from the market's money
 * ledger and its cost accounting; their sums over a group, a population or
 * an operator; and the network's books over the run.
 */
import type { MarketMoney } from '../market/money-ledger.js';
import type { PoolLedger } from '../market/pool-ledger.js';
import type { NodeHardwareCost } from '../market/hardware-accounting.js';
import type { Money, NetworkMoney } from '../results/run-result.js';

/** What a node's money is computed from. */
export interface NodeMoneyInputs {
  readonly revenueUsd: number;
  readonly slashedUsd: number;
  readonly trueCostUsdSum: number;
  readonly hardwareCost: NodeHardwareCost | null;
  /** What joining the market cost it (issue 18's entry); 0 for a node in from the start. */
  readonly entryCostUsd: number;
}

/** The outcome fields the sums read. */
interface MoneyHolder {
  readonly money: Money | null;
  readonly rewardSum: number;
  readonly node: { readonly role: 'inference' | 'evaluator' };
  /** Σ (consensus or score, true quality) of its rounds: an inference node's sumY is the true quality it delivered. */
  readonly pairs: { readonly sumY: number };
}

export function nodeMoney(inputs: NodeMoneyInputs): Money {
  // With hardware accounting a node pays for its machine busy or idle; without it, only for its jobs.
  const running = inputs.hardwareCost?.totalCostUsd ?? inputs.trueCostUsdSum;
  const operatingCostUsd = inputs.entryCostUsd === 0 ? running : running + inputs.entryCostUsd;
  return {
    revenueUsd: inputs.revenueUsd,
    operatingCostUsd,
    slashedUsd: inputs.slashedUsd,
    profitUsd: inputs.revenueUsd - operatingCostUsd - inputs.slashedUsd,
  };
}

/** The money of `members` summed, node by node in their order; nothing when the run keeps no money accounting. */
export function moneyOf(members: readonly MoneyHolder[]): Partial<Money> {
  if (!members.some((o) => o.money !== null)) return {};
  const sums = { revenueUsd: 0, operatingCostUsd: 0, slashedUsd: 0, profitUsd: 0 };
  for (const o of members) {
    if (o.money === null) continue;
    sums.revenueUsd += o.money.revenueUsd;
    sums.operatingCostUsd += o.money.operatingCostUsd;
    sums.slashedUsd += o.money.slashedUsd;
    sums.profitUsd += o.money.profitUsd;
  }
  return sums;
}

/** Σ true quality of the answers the inference nodes delivered, node by node in their order. */
function deliveredQuality(outcomes: readonly MoneyHolder[]): number {
  let sum = 0;
  for (const o of outcomes) if (o.node.role === 'inference') sum += o.pairs.sumY;
  return sum;
}

/** The network's books, as `{ money }`, or nothing without `economics:`. */
export function networkMoneyOf(
  outcomes: readonly MoneyHolder[],
  money: MarketMoney | null,
  feeUsdPerRequest: number,
  requestsSettled: number,
  pool: PoolLedger | null = null,
): { money?: NetworkMoney } {
  if (money === null) return {};
  const nodes = moneyOf(outcomes);
  const feesUsd = feeUsdPerRequest * requestsSettled;
  const tokensEmittedUsd = nodes.revenueUsd ?? 0;
  const slashedUsd = nodes.slashedUsd ?? 0;
  return {
    money: {
      feesUsd,
      // With a pool the tokens paid are its payouts; each round's reward is only a score.
      tokensEmitted: pool === null ? outcomes.reduce((s, o) => s + o.rewardSum, 0) : pool.emissionPaid,
      tokensEmittedUsd,
      slashedUsd,
      networkProfitUsd: feesUsd - tokensEmittedUsd + slashedUsd,
      nodesProfitUsd: nodes.profitUsd ?? 0,
      finalTokenPriceUsd: money.lastPriceUsd,
      operatingCostUsd: nodes.operatingCostUsd ?? 0,
      qualityPerOperatingUsd: deliveredQuality(outcomes) / (nodes.operatingCostUsd ?? 0),
    },
  };
}
