/**
 * What one run produces: plain data, written to summary.json and nodes.csv
 * and read by reports. Rewards are per round (per request served or
 * evaluation made); costs are in USD unless marked normalized.
 */
import type { NodeRole } from '../scenario/resolved.js';
import type { StopReason } from '../engine/environment.js';

export interface GroupSummary {
  readonly role: NodeRole;
  readonly model: string;
  /** Number of nodes in the group. */
  readonly count: number;
  /** Rounds the group's nodes took part in. */
  readonly rounds: number;
  readonly meanReward: number;
  /** 95% Student-t confidence interval of the mean reward per round; null with fewer than 2 rounds. */
  readonly ci95: [number, number] | null;
  readonly sdReward: number;
  readonly totalReward: number;
  /** Inference: mean normalized consensus quality; evaluators: mean agreement with consensus. */
  readonly meanQuality: number;
  /** Mean normalized cost that entered the reward. */
  readonly meanCost: number;
  readonly meanCostUsd: number;
  readonly meanServiceMs: number;
  readonly meanWaitMs: number;
  /** Inference: mean true quality of answers; evaluators: mean score given. */
  readonly meanTrueQuality?: number;
  /** Evaluators: Pearson correlation of their scores with true quality. */
  readonly correlationWithTruth?: number | null;
}

export interface NodeSummary {
  readonly id: string;
  readonly role: NodeRole;
  readonly population: string;
  readonly model: string;
  readonly hardware: string;
  readonly rounds: number;
  readonly totalReward: number;
  readonly meanReward: number;
  readonly sdReward: number;
  readonly meanQuality: number;
  readonly meanCost: number;
  readonly totalReportedCostUsd: number;
  readonly totalTrueCostUsd: number;
  readonly meanServiceMs: number;
  readonly meanWaitMs: number;
}

export interface ConsensusAccuracy {
  /** Mean absolute error of the consensus score against true quality. */
  readonly meanAbsoluteError: number;
  readonly correlation: number | null;
}

export interface RunResult {
  readonly scenario: string;
  readonly seed: number | string;
  readonly scenarioHash: string;
  readonly profileHash: string;
  readonly version: string;
  readonly stopReason: StopReason;
  readonly events: number;
  readonly virtualTimeMs: number;
  readonly requestsGenerated: number;
  readonly requestsSettled: number;
  readonly meanResponseMs: number;
  readonly consensus: ConsensusAccuracy;
  readonly groups: readonly GroupSummary[];
  readonly nodes: readonly NodeSummary[];
  readonly timeseries: readonly TimeseriesRow[];
}

/** Cumulative totals of one group at one sampling instant. */
export interface TimeseriesRow {
  readonly timeMs: number;
  readonly role: NodeRole;
  readonly model: string;
  readonly rounds: number;
  readonly cumulativeReward: number;
}
