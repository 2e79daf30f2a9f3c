/**
 * Summaries of a finished run, as pure functions over per-node outcomes:
 * per node, per (role, model), per population, per declared operator, and
 * run-level adversary metrics. When the honest twin's outcomes are given
 * (the same scenario with every behaviour removed, same seed), populations
 * and operators are compared with it node by node. Group means are the
 * run's steady-state estimates (sim/run/steady-state.ts), over the cells
 * the group's nodes belong to; totals come from the nodes' ledgers.
 */
import type { NodeRole } from '../scenario/resolved.js';
import { EMPTY_MOMENTS, type Moments, mergeMoments, pearson, sampleSd } from '../stats/summary-statistics.js';
import type { Cell } from './cells.js';
import type { NodeOutcome } from './node-outcomes.js';
import { moneyOf } from './money-summary.js';
import { poolPayoutOf } from './pool-summary.js';
import { groupSpotChecksOf } from './verification-summary.js';
import { membershipOf, nodeMembershipOf } from './membership-summary.js';
import { groupEstimates } from './steady-estimates.js';
import { rewardDispersionOf } from './reward-dispersion.js';
import { groupTrustOf } from './trust-summary.js';
import type { SteadyState } from './steady-state.js';
import {
  type AdversaryMetrics,
  type GroupStatistics,
  type HardwareCosts,
  type GroupSummary,
  MIXTURE,
  type NodeSummary,
  type OperatorSummary,
  type PopulationPart,
  type PopulationSummary,
  type RoleQuality,
  type TwinComparison,
} from '../results/run-result.js';

const perRound = (total: number, rounds: number) => (rounds > 0 ? total / rounds : 0);
const ratio = (part: number, whole: number) => (whole > 0 ? part / whole : null);
const profitOf = (o: NodeOutcome) => o.rewardSum - o.slashed;

/** What group summaries are computed against: the run's steady state and its cells. */
export interface SummaryContext {
  readonly steady: SteadyState;
  readonly cells: readonly Cell[];
  /** Whether groups report how unequally their nodes were paid (`analysis.rewardDispersion`). */
  readonly rewardDispersion: boolean;
}

export function behaviourLabel(o: NodeOutcome): string {
  return o.node.behaviours.length === 0 ? 'honest' : o.node.behaviours.map((b) => b.kind).join('+');
}

function momentsOf(o: NodeOutcome): Moments {
  return { n: o.rounds, mean: o.rewardMean, m2: o.rewardM2 };
}

/** Groups outcomes by a key, keeping the order of first appearance. */
function groupBy(outcomes: readonly NodeOutcome[], key: (o: NodeOutcome) => string): NodeOutcome[][] {
  const groups = new Map<string, NodeOutcome[]>();
  for (const o of outcomes) {
    const k = key(o);
    const list = groups.get(k);
    if (list) list.push(o);
    else groups.set(k, [o]);
  }
  return [...groups.values()];
}

/** A group's per-node sums added up, node by node in the group's order. */
interface GroupTotals {
  moments: Moments;
  readonly totals: {
    reward: number;
    quality: number;
    cost: number;
    costUsd: number;
    trueCostUsd: number;
    service: number;
    wait: number;
    slashed: number;
    audits: number;
    flags: number;
    ejected: number;
  };
  readonly pairs: { n: number; sumX: number; sumY: number; sumXX: number; sumYY: number; sumXY: number };
}

function groupTotals(members: readonly NodeOutcome[]): GroupTotals {
  const sums: GroupTotals = {
    moments: EMPTY_MOMENTS,
    totals: {
      reward: 0,
      quality: 0,
      cost: 0,
      costUsd: 0,
      trueCostUsd: 0,
      service: 0,
      wait: 0,
      slashed: 0,
      audits: 0,
      flags: 0,
      ejected: 0,
    },
    pairs: { n: 0, sumX: 0, sumY: 0, sumXX: 0, sumYY: 0, sumXY: 0 },
  };
  const { totals: t, pairs } = sums;
  for (const o of members) {
    sums.moments = mergeMoments(sums.moments, momentsOf(o));
    t.reward += o.rewardSum;
    t.quality += o.qualitySum;
    t.cost += o.costSum;
    t.costUsd += o.reportedCostUsdSum;
    t.trueCostUsd += o.trueCostUsdSum;
    t.service += o.serviceMsSum;
    t.wait += o.waitMsSum;
    t.slashed += o.slashed;
    t.audits += o.audits;
    t.flags += o.flags;
    if (o.ejectedAtMs !== null) t.ejected++;
    pairs.n += o.pairs.n;
    pairs.sumX += o.pairs.sumX;
    pairs.sumY += o.pairs.sumY;
    pairs.sumXX += o.pairs.sumXX;
    pairs.sumYY += o.pairs.sumYY;
    pairs.sumXY += o.pairs.sumXY;
  }
  return sums;
}

/**
 * The names of a role's two quality measures: the one that entered the
 * reward (consensus quality, or agreement) and the other (the answers' true
 * quality, or the scores given). The steady state measures both as
 * `quality` and `truth` for either role; the summary names them apart.
 */
const QUALITY_NAMES = {
  inference: { meanQuality: 'meanConsensusQuality', meanTrueQuality: 'meanTrueQuality' },
  evaluator: { meanQuality: 'meanAgreement', meanTrueQuality: 'meanScore' },
} as const satisfies Record<NodeRole, Record<'meanQuality' | 'meanTrueQuality', keyof RoleQuality>>;

/** A role's own quality measures, from what entered the reward and the other measure; none for a group without nodes. */
function roleQuality(role: NodeRole | undefined, rewarded: number, other: number): RoleQuality {
  if (role === 'inference') return { meanConsensusQuality: rewarded, meanTrueQuality: other };
  if (role === 'evaluator') return { meanAgreement: rewarded, meanScore: other };
  return {};
}

/** The intervals under the same names as the means, in the same order. */
function roleIntervals<T>(role: NodeRole | undefined, intervals: Readonly<Record<string, T>>): Record<string, T> {
  const names: Readonly<Record<string, string>> = role ? QUALITY_NAMES[role] : {};
  return Object.fromEntries(Object.entries(intervals).map(([field, interval]) => [names[field] ?? field, interval]));
}

export function groupStatistics(members: readonly NodeOutcome[], context: SummaryContext): GroupStatistics {
  const { moments, totals: t, pairs } = groupTotals(members);
  const role = members[0]?.node.role;
  const cells = [...new Set(members.map((o) => o.cell))].sort((a, b) => a - b);
  const { intervals, meanReward, meanQuality, meanTrueQuality, ...estimates } = groupEstimates(context.steady, cells, context.cells);
  const statistics: GroupStatistics = {
    count: members.length,
    rounds: moments.n,
    meanReward,
    ...roleQuality(role, meanQuality, meanTrueQuality),
    ...estimates,
    sdReward: sampleSd(moments),
    totalReward: t.reward,
    totalSlashed: t.slashed,
    audits: t.audits,
    flags: t.flags,
    ejected: t.ejected,
    ...batchSize(members),
    intervals: roleIntervals(role, intervals),
  };
  const costs = hardwareCostsOf(members).hardwareCosts;
  const grouped: GroupStatistics = {
    ...(costs ? { ...statistics, ...costs } : statistics),
    ...moneyOf(members),
    ...poolPayoutOf(members),
    ...membershipOf(members),
    ...groupSpotChecksOf(members),
    ...rewardDispersionOf(members, context.rewardDispersion),
    ...groupTrustOf(members),
  };
  return role === 'evaluator' ? { ...grouped, correlationWithTruth: pearson(pairs), intervals: statistics.intervals } : grouped;
}

/** Energy and costs summed over `members`, as `{ hardwareCosts }`, or nothing when the run keeps no hardware accounting. */
export function hardwareCostsOf(members: readonly NodeOutcome[]): { hardwareCosts?: HardwareCosts } {
  if (!members.some((o) => o.hardwareCost)) return {};
  const sum = (f: (c: HardwareCosts) => number) => members.reduce((s, o) => s + (o.hardwareCost ? f(o.hardwareCost) : 0), 0);
  return {
    hardwareCosts: {
      energyKwh: sum((c) => c.energyKwh),
      energyCostUsd: sum((c) => c.energyCostUsd),
      hardwareCostUsd: sum((c) => c.hardwareCostUsd),
      totalCostUsd: sum((c) => c.totalCostUsd),
    },
  };
}

export function summarizeNodes(outcomes: readonly NodeOutcome[], virtualTimeMs: number): NodeSummary[] {
  const perTime = (total: number) => (virtualTimeMs > 0 ? total / virtualTimeMs : 0);
  return outcomes.map((o) => ({
    id: o.node.id,
    role: o.node.role,
    population: o.node.population,
    model: o.node.model,
    servedModel: o.node.servedModel,
    hardware: o.node.hardware,
    operator: o.node.operator,
    behaviour: behaviourLabel(o),
    adversarial: o.node.adversarial,
    rounds: o.rounds,
    totalReward: o.rewardSum,
    meanReward: o.rewardMean,
    sdReward: sampleSd(momentsOf(o)),
    // Inference pairs are (consensus, truth), so truth is Y; evaluator pairs are (score, truth), so the score is X.
    ...roleQuality(
      o.node.role,
      perRound(o.qualitySum, o.rounds),
      perRound(o.node.role === 'inference' ? o.pairs.sumY : o.pairs.sumX, o.pairs.n),
    ),
    meanCost: perRound(o.costSum, o.rounds),
    totalReportedCostUsd: o.reportedCostUsdSum,
    totalTrueCostUsd: o.trueCostUsdSum,
    meanServiceMs: perRound(o.serviceMsSum, o.rounds),
    meanWaitMs: perRound(o.waitMsSum, o.rounds),
    totalSlashed: o.slashed,
    totalProfit: profitOf(o),
    audits: o.audits,
    flags: o.flags,
    ejectedAtMs: o.ejectedAtMs,
    reputation: o.reputation,
    stake: o.stake,
    utilization: perTime(o.serviceMsSum) / o.node.concurrency,
    meanInSystem: perTime(o.serviceMsSum + o.waitMsSum),
    meanInQueue: perTime(o.waitMsSum),
    pWait: perRound(o.waitedRounds, o.rounds),
    ...(o.hardwareCost ? { hardwareCost: o.hardwareCost } : {}),
    ...(o.money ? { money: o.money } : {}),
    ...(o.batches === null ? {} : { meanBatchSize: perRound(o.batches.jobs, o.batches.count) }),
    ...(o.poolPayout === null ? {} : { poolPayout: o.poolPayout }),
    ...nodeMembershipOf(o),
  }));
}

/** Jobs per batch over the members' batching servers (each server once), or nothing when none batches. */
function batchSize(members: readonly NodeOutcome[]): { meanBatchSize?: number } {
  const servers = new Map<string, { readonly count: number; readonly jobs: number }>();
  for (const o of members) if (o.batches !== null) servers.set(`${o.node.role}\u0000${o.node.server}`, o.batches);
  if (servers.size === 0) return {};
  let count = 0;
  let jobs = 0;
  for (const server of servers.values()) {
    count += server.count;
    jobs += server.jobs;
  }
  return { meanBatchSize: perRound(jobs, count) };
}

/** One group per (role, model), in order of first appearance. */
export function summarizeGroups(outcomes: readonly NodeOutcome[], context: SummaryContext): GroupSummary[] {
  return groupBy(outcomes, (o) => `${o.node.role}\u0000${o.node.model}`).map((members) => ({
    role: members[0]!.node.role,
    model: members[0]!.node.model,
    ...groupStatistics(members, context),
  }));
}

function twinComparison(members: readonly NodeOutcome[], twinById: ReadonlyMap<string, NodeOutcome>): TwinComparison {
  const twins = members.map((o) => twinById.get(o.node.id)!);
  const sum = (list: readonly NodeOutcome[], f: (o: NodeOutcome) => number) => list.reduce((s, o) => s + f(o), 0);
  const rounds = sum(members, (o) => o.rounds);
  const twinRounds = sum(twins, (o) => o.rounds);
  const profit = sum(members, profitOf);
  const twinProfit = sum(twins, profitOf);
  const honestMeanProfit = perRound(twinProfit, twinRounds);
  return {
    honestMeanProfit,
    gainPerRound: perRound(profit, rounds) - honestMeanProfit,
    gainPerNode: (profit - twinProfit) / members.length,
    costSavedUsdPerNode: (sum(twins, (o) => o.trueCostUsdSum) - sum(members, (o) => o.trueCostUsdSum)) / members.length,
  };
}

/** The kinds of node among a population's members, in order of first appearance. */
function composition(members: readonly NodeOutcome[]): PopulationPart[] {
  return groupBy(members, (o) => [o.node.model, o.node.servedModel, o.node.hardware, behaviourLabel(o)].join('\u0000')).map((part) => ({
    model: part[0]!.node.model,
    servedModel: part[0]!.node.servedModel,
    hardware: part[0]!.node.hardware,
    behaviour: behaviourLabel(part[0]!),
    nodes: part.length,
  }));
}

/** The one value every part shares, or "mixture": a mixed population is not labelled by whichever node came first. */
function shared(parts: readonly PopulationPart[], field: 'model' | 'servedModel' | 'behaviour'): string {
  return parts.every((part) => part[field] === parts[0]![field]) ? parts[0]![field] : MIXTURE;
}

export function summarizePopulations(
  outcomes: readonly NodeOutcome[],
  twin: readonly NodeOutcome[] | null,
  context: SummaryContext,
): PopulationSummary[] {
  const twinById = new Map((twin ?? []).map((o) => [o.node.id, o]));
  return groupBy(outcomes, (o) => `${o.node.role}\u0000${o.node.population}`).map((members) => {
    const first = members[0]!;
    const parts = composition(members);
    const learners = members.map((o) => o.adaptive).filter((a) => a !== null);
    return {
      role: first.node.role,
      population: first.node.population,
      model: shared(parts, 'model'),
      servedModel: shared(parts, 'servedModel'),
      behaviour: shared(parts, 'behaviour'),
      composition: parts,
      operator: first.node.operator.startsWith(`${first.node.population}-`) ? null : first.node.operator,
      adversarial: members.some((o) => o.node.adversarial),
      ...groupStatistics(members, context),
      twin: twin ? twinComparison(members, twinById) : null,
      adaptive:
        learners.length === 0
          ? null
          : {
              meanGreedyValue: learners.reduce((s, a) => s + a.greedyValue, 0) / learners.length,
              meanRecentValue: learners.reduce((s, a) => s + a.recentValue, 0) / learners.length,
              honestShare: learners.filter((a) => a.greedyValue === a.honestValue).length / learners.length,
            },
    };
  });
}

/** Declared operators only: nodes whose operator is not their own id. */
export function summarizeOperators(outcomes: readonly NodeOutcome[], twin: readonly NodeOutcome[] | null): OperatorSummary[] {
  const twinById = new Map((twin ?? []).map((o) => [o.node.id, o]));
  const declared = outcomes.filter((o) => o.node.operator !== o.node.id);
  return groupBy(declared, (o) => o.node.operator).map((members) => {
    const totalProfit = members.reduce((s, o) => s + profitOf(o), 0);
    return {
      operator: members[0]!.node.operator,
      nodes: members.length,
      populations: [...new Set(members.map((o) => o.node.population))],
      adversarial: members.some((o) => o.node.adversarial),
      totalProfit,
      totalGain: twin ? totalProfit - members.reduce((s, o) => s + profitOf(twinById.get(o.node.id)!), 0) : null,
      ...moneyOf(members),
      ...poolPayoutOf(members),
    };
  });
}

export function adversaryMetrics(outcomes: readonly NodeOutcome[], twin: readonly NodeOutcome[] | null): AdversaryMetrics {
  let all = 0;
  let adversarial = 0;
  let misreportAudits = 0;
  let misreportFlags = 0;
  let truthfulAudits = 0;
  let truthfulFlags = 0;
  let ejected = 0;
  for (const o of outcomes) {
    all += o.rewardSum;
    if (o.node.adversarial) adversarial += o.rewardSum;
    misreportAudits += o.auditsOfMisreports;
    misreportFlags += o.flagsOfMisreports;
    truthfulAudits += o.audits - o.auditsOfMisreports;
    truthfulFlags += o.flags - o.flagsOfMisreports;
    if (o.ejectedAtMs !== null) ejected++;
  }
  let honestLossPerRound: number | null = null;
  let honestLossTotal: number | null = null;
  if (twin) {
    const honest = (list: readonly NodeOutcome[]) => list.filter((o) => !o.node.adversarial);
    const totals = (list: readonly NodeOutcome[]) =>
      honest(list).reduce((acc, o) => ({ reward: acc.reward + o.rewardSum, rounds: acc.rounds + o.rounds }), { reward: 0, rounds: 0 });
    const actual = totals(outcomes);
    const baseline = totals(twin);
    honestLossPerRound = perRound(baseline.reward, baseline.rounds) - perRound(actual.reward, actual.rounds);
    honestLossTotal = baseline.reward - actual.reward;
  }
  return {
    rewardShare: all !== 0 ? adversarial / all : 0,
    honestLossPerRound,
    honestLossTotal,
    auditDetectionRate: ratio(misreportFlags, misreportAudits),
    auditFalsePositiveRate: ratio(truthfulFlags, truthfulAudits),
    ejectedNodes: ejected,
  };
}
